"""Duplicate candidates on a corpus in the shapes of real multilingual lists: every resource
added twice is paired, and series parts, volumes, editions, translations and look-alikes are not."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
import yaml

from learnshelf.catalog.duplicates import duplicates, same_resource, similar_titles
from learnshelf.model.schema import Card

CORPUS = Path(__file__).parent / "examples" / "duplicates" / "corpus.yml"


def corpus() -> tuple[list[Card], set[frozenset[str]]]:
    """The corpus as cards, and the pairs of paths that are one resource."""
    entries = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    cards = [Card(id=f"c{n}", path=f"docs/resources/c{n}.md", title=e["title"], url=e["url"],
                  language=e.get("language", "en")) for n, e in enumerate(entries)]
    groups: dict[str, list[str]] = {}
    for card, entry in zip(cards, entries, strict=True):
        if "same" in entry:
            groups.setdefault(entry["same"], []).append(card.path)
    return cards, {frozenset(p) for paths in groups.values() for p in combinations(paths, 2)}


def found_pairs(cards: list[Card]) -> set[frozenset[str]]:
    return {frozenset(p) for f in duplicates(cards) for p in combinations(f.paths, 2)}


def test_every_duplicate_in_the_corpus_is_found_and_nothing_else() -> None:
    cards, truth = corpus()
    found = found_pairs(cards)
    titles = {c.path: c.title for c in cards}
    named = lambda pairs: sorted(sorted(titles[p] for p in pair) for pair in pairs)  # noqa: E731
    assert named(found - truth) == []  # false pairs: series, volumes, translations, look-alikes
    assert named(truth - found) == []  # missed duplicates
    assert len(truth) == 10  # Pro Git three times (three pairs) and seven resources twice


def test_same_resource_is_one_finding_naming_every_card_once() -> None:
    cards, _ = corpus()  # the report names them by title and path (tests/test_report.py)
    progit = [f for f in same_resource(cards) if "docs/resources/c0.md" in f.paths]
    assert [(f.message, f.paths) for f in progit] == [(
        "3 cards for the same resource https://example.org/progit/book/en/v2",
        ["docs/resources/c0.md", "docs/resources/c1.md", "docs/resources/c2.md"])]


def test_a_pair_found_by_url_is_not_reported_again_by_title() -> None:
    cards, _ = corpus()
    titled = {frozenset(f.paths) for f in similar_titles(cards)}
    assert frozenset({"docs/resources/c0.md", "docs/resources/c2.md"}) not in titled  # same title, same URL
    assert [(f.message, f.paths) for f in similar_titles(cards) if "docs/resources/c9.md" in f.paths] == [
        ("near-identical titles", ["docs/resources/c10.md", "docs/resources/c9.md"])]  # in path order


@pytest.mark.parametrize(("a", "b", "paired"), [
    ("Eloquent JavaScript, Part 1", "Eloquent JavaScript, Part 2", False),
    ("Eloquent JavaScript, Part 1", "Eloquent Javascript - part 1", True),
    ("Algorithms, 3rd edition", "Algorithms, 4th edition", False),
    ("Algorithms, 4th Edition", "Algorithms (4th edition)", True),
    ("Volume II: Foundations", "Volume 2: Foundations", True),
])
def test_series_marks_decide_between_parts_and_editions(a: str, b: str, paired: bool) -> None:
    cards = [Card(id="a", path="a.md", title=a, url="https://example.org/a"),
             Card(id="b", path="b.md", title=b, url="https://example.org/b")]
    assert bool(similar_titles(cards)) is paired


def test_identical_titles_in_different_languages_are_translations() -> None:
    cards = [Card(id="a", path="a.md", title="Git Magic", url="https://example.org/en", language="en"),
             Card(id="b", path="b.md", title="Git Magic", url="https://example.org/de", language="de"),
             Card(id="c", path="c.md", title="Git magic", url="https://example.org/en2", language="en")]
    assert [f.paths for f in similar_titles(cards)] == [["a.md", "c.md"]]


def test_a_common_word_does_not_make_the_work_quadratic_or_hide_pairs() -> None:
    """Thousands of titles share 'introduction'; the pair that matters is still found."""
    cards = [Card(id=f"i{n}", path=f"i{n:05}.md", title=f"Introduction to subject {n:05} {chr(0x4e00 + n)}",
                  url=f"https://example.org/{n}") for n in range(3000)]
    cards.append(Card(id="dup", path="zz.md", title="Introduction to subject 00007 " + chr(0x4e07),
                      url="https://example.org/copy"))
    assert [f.paths for f in similar_titles(cards)] == [["i00007.md", "zz.md"]]
