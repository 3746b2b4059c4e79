"""Duplicate candidates for the curator report: cards for the same resource (normalised URL) and
near-identical titles within one language; and nothing more.

On a real 9,000-card list most near-identical titles were series ("Part 1"/"Part 2"), volumes
and editions, and titles in different languages are translations, not copies. So titles are
compared only within a language, two titles whose numbers differ are never a pair, and two
identical titles with different URLs always are.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from rapidfuzz import fuzz

from learnshelf.catalog.findings import Finding
from learnshelf.check.urls import normalise_url
from learnshelf.model.schema import Card

#: Similarity (rapidfuzz's normalised Indel ratio, 0-100) from which two titles are a pair.
TITLE_SIMILARITY = 90.0
#: Similarity from which a word one title has is a retyping of a word the other has (a swap of
#: two letters in a five-letter word scores 80).
WORD_SIMILARITY = 75.0
#: Cards sharing a word this common say nothing about each other (keeps the work near-linear).
MAX_BLOCK = 50
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
          "xix": 19, "xx": 20}
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th|e|er|re|ème)?", re.IGNORECASE)


def title_key(title: str) -> str:
    """The title as compared: NFKC (full-width digits are digits), case-folded, words only
    (a word keeps its ``#`` and ``+``: C#, C and C++ are three languages)."""
    return " ".join(re.findall(r"\w[\w#+]*", unicodedata.normalize("NFKC", title).casefold()))


def _number(word: str) -> int | None:
    """The number a word writes (2, 2nd, II), if it writes one."""
    ordinal = _ORDINAL.fullmatch(word)
    return int(ordinal.group(1)) if ordinal else _ROMAN.get(word)


def series_marks(key: str) -> Counter[int]:
    """The numbers a title carries (1, 2nd, II, Volume 3): a series' parts differ only in these."""
    return Counter(n for n in map(_number, key.split()) if n is not None)


def _numbers_as_digits(key: str) -> str:
    """``volume ii`` and ``volume 2nd`` as ``volume 2``, so that only the words are compared."""
    return " ".join(str(n) if (n := _number(w)) is not None else w for w in key.split())


def _words(key: str) -> set[str]:
    """The words of a title key that can tell cards apart (in scripts without spaces, any)."""
    return {w for w in key.split() if len(w) > 3 or (len(w) > 1 and not w.isascii())}


def _blocks(cards: list[Card], keys: dict[str, str]) -> Iterator[list[Card]]:
    """Groups of same-language cards sharing a distinctive word (or their whole title)."""
    blocks: dict[tuple[str, str], list[Card]] = defaultdict(list)
    for card in cards:
        for word in _words(keys[card.path]) | {"\0" + keys[card.path]}:
            blocks[(card.language, word)].append(card)
    # A word no other card has may be a typo of a rare word ("Butoefnda" for "Butofenda"): it
    # keeps its start or its end intact, so those make blocks too.
    for (language, word), block in list(blocks.items()):
        if len(block) == 1 and len(word) > 7 and not word.startswith("\0"):
            for end in ("<" + word[:4], word[-4:] + ">"):
                blocks[(language, end)].append(block[0])
    for (_, word), block in blocks.items():
        if len(block) > 1 and (word.startswith("\0") or len(block) <= MAX_BLOCK):
            yield block


def _retyped(a: str, b: str) -> bool:
    """Whether each word one title has and the other lacks is a near-copy of one the other
    has: a typo changes a word a little, while C# and F#, or two speakers' names, differ."""
    left, right = set(a.split()), set(b.split())
    only_a, only_b = left - right, right - left
    if not only_a or not only_b:
        return True
    def close(words: set[str], others: set[str]) -> bool:
        return all(any(fuzz.ratio(w, o, score_cutoff=WORD_SIMILARITY) for o in others) for w in words)
    return close(only_a, only_b) and close(only_b, only_a)


class _Title(NamedTuple):
    """A title as compared, worked out once per card."""

    key: str
    marks: Counter[int]
    digits: str

    @classmethod
    def of(cls, title: str) -> _Title:
        key = title_key(title)
        return cls(key, series_marks(key), _numbers_as_digits(key))


def _similar(a: _Title, b: _Title, similarity: float) -> bool:
    if a.key == b.key:
        return True
    if a.marks != b.marks:
        return False
    return a.digits == b.digits or (bool(fuzz.ratio(a.digits, b.digits, score_cutoff=similarity))
                                    and _retyped(a.digits, b.digits))


def same_resource(cards: list[Card]) -> list[Finding]:
    """Cards whose URLs name the same resource once normalised."""
    by_url: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        if card.url:
            by_url[normalise_url(card.url)].append(card)
    return [Finding(f"{len(same)} cards for the same resource {same[0].url}", [c.path for c in same]) for same in by_url.values() if len(same) > 1]


def similar_titles(cards: list[Card], similarity: float = TITLE_SIMILARITY) -> list[Finding]:
    """Pairs of cards in one language with near-identical titles and different resources."""
    titles = {c.path: _Title.of(c.title) for c in cards}
    keys = {path: title.key for path, title in titles.items()}
    addresses = {c.path: normalise_url(c.url or c.id) for c in cards}
    pairs: dict[tuple[str, str], tuple[Card, Card]] = {}
    compared: set[tuple[str, str]] = set()  # two cards share several blocks: compare them once
    for block in _blocks(cards, keys):
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                first, second = (a, b) if a.path < b.path else (b, a)
                pair = (first.path, second.path)
                if pair in compared or addresses[a.path] == addresses[b.path]:
                    continue
                compared.add(pair)
                if keys[a.path] and _similar(titles[a.path], titles[b.path], similarity):
                    pairs[pair] = (first, second)
    return [Finding("near-identical titles", [a.path, b.path])
            for a, b in (pairs[p] for p in sorted(pairs))]


def duplicates(cards: list[Card]) -> list[Finding]:
    """Cards for the same resource, then near-identical titles."""
    return same_resource(cards) + similar_titles(cards)
