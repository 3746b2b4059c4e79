"""Duplicate candidates at scale: precision, recall and time of the curator report's duplicate
check (same resource, near-identical titles) on a labelled 20,000-card list.

The list has the shapes the real-libraries issue met: one resource added twice under a URL
variant (www, http, a trailing slash, ``index.html``, tracking or YouTube share parameters) or
under a retyped title (a typo, other case and punctuation, full-width letters); and look-alikes
that are different resources (parts and volumes of a series, editions, the same title in another
language). Every pair the check reports is scored against the labels.

    .venv/bin/python scripts/bench_duplicates.py [--cards 20000]
"""

from __future__ import annotations

import argparse
import random
import time
from itertools import combinations

from learnshelf.catalog.duplicates import duplicates
from learnshelf.model.schema import Card

SUBJECTS = ["Python", "Haskell", "Kubernetes", "negotiation", "statistics", "onboarding", "accessibility",
            "facilitation", "SQL", "coaching", "public speaking", "budgeting", "incident review", "Rust",
            "design systems", "mentoring", "feedback", "data protection", "time management", "Excel"]
FORMS = ["A gentle introduction to", "Practical", "The essentials of", "Understanding", "Hands-on",
         "Thinking about", "Advanced", "Lessons in", "A field guide to", "Mastering"]
AUDIENCES = ["for beginners", "for managers", "for teams", "in practice", "at work", "explained",
             "the hard way", "from scratch", "for everyone", "by example"]
LANGUAGES = ["en"] * 6 + ["de", "ja", "fa", "es"]
SYLLABLES = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "nor", "el", "da", "bu", "ye", "qua", "zi", "fen"]


def _name(rng: random.Random, taken: set[str]) -> str:
    """A speaker or author name no other resource has: what makes a real title distinctive."""
    while (name := "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()) in taken:
        pass
    taken.add(name)
    return name


def _typo(title: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped inside a long word, as a hurried curator types."""
    words = title.split()
    at = rng.choice([i for i, w in enumerate(words) if len(w) > 4])
    word = words[at]
    i = rng.randrange(1, len(word) - 2)
    words[at] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return " ".join(words)


def _url_variant(url: str, n: int) -> str:
    return [url.replace("https://", "http://www."), url + "/", url + "/index.html", url + "?utm_source=list",
            url.replace("https://", "https://WWW.")][n % 5]


def labelled(count: int, seed: int = 11) -> tuple[list[Card], set[frozenset[str]]]:
    """``count`` cards, and the pairs of card paths that are one resource."""
    rng = random.Random(seed)
    cards: list[Card] = []
    truth: set[frozenset[str]] = set()
    names: set[str] = set()

    def add(title: str, url: str, language: str) -> str:
        path = f"docs/resources/c{len(cards):05}.md"
        cards.append(Card(id=path, path=path, title=title, url=url, language=language))
        return path

    n = 0
    while len(cards) < count:
        n += 1
        title = f"{rng.choice(FORMS)} {rng.choice(SUBJECTS)} {rng.choice(AUDIENCES)}, with {_name(rng, names)}"
        language, url = rng.choice(LANGUAGES), f"https://example.org/r/{n}"
        first = add(title, url, language)
        shape = n % 10
        if shape == 0:  # the same resource under another URL spelling
            truth.add(frozenset({first, add(title.upper(), _url_variant(url, n // 10), language)}))
        elif shape == 1:  # the same resource retyped, on a mirror
            truth.add(frozenset({first, add(_typo(title, rng), f"https://mirror.example.net/{n}", language)}))
        elif shape == 2:  # the next part of a series: a different resource
            add(f"{title}, part 2", f"{url}/part-2", language)
            add(f"{title}, part II and III", f"{url}/part-3", language)
        elif shape == 3:  # a later edition, and a translation with the same title
            add(f"{title}, 2nd edition", f"{url}/2e", language)
            add(title, f"{url}/translated", "de" if language != "de" else "en")
    return cards[:count], truth


def measure(count: int) -> tuple[float, float, float, int, int]:
    """(precision, recall, seconds, pairs reported, true pairs) of the check on ``count`` cards."""
    cards, truth = labelled(count)
    truth = {pair for pair in truth if all(int(p[16:21]) < count for p in pair)}
    start = time.perf_counter()
    findings = duplicates(cards)
    seconds = time.perf_counter() - start
    found = {frozenset(pair) for f in findings for pair in combinations(f.paths, 2)}
    hits = len(found & truth)
    return hits / max(len(found), 1), hits / max(len(truth), 1), seconds, len(found), len(truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20000)
    args = parser.parse_args()
    precision, recall, seconds, found, truth = measure(args.cards)
    print(f"{args.cards} cards, {truth} labelled duplicate pairs: {found} reported, precision {precision:.3f}, "
          f"recall {recall:.3f}, {seconds:.2f} s")


if __name__ == "__main__":
    main()
