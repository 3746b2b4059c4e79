"""Duplicate candidates for the curator report: cards for the same resource (normalised URL) and
near-identical titles; and nothing more."""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

from learnshelf.catalog.findings import Finding
from learnshelf.check.urls import normalise_url
from learnshelf.model.schema import Card

TITLE_SIMILARITY = 0.9


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.casefold()))


def duplicates(cards: list[Card]) -> list[Finding]:
    """Cards for the same resource (normalised URL), and near-identical titles.

    Titles are compared only within blocks sharing a word that is rare in the library, so the
    work stays near-linear at 20,000 cards."""
    found = []
    by_url: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        if card.url:
            by_url[normalise_url(card.url)].append(card)
    found += [Finding(f"{len(same)} cards for the same resource {same[0].url}", [c.path for c in same])
              for same in by_url.values() if len(same) > 1]
    keys = {c.path: _title_key(c.title) for c in cards}
    blocks: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        for word in set(keys[card.path].split()):
            if len(word) > 3:
                blocks[word].append(card)
    pairs: set[tuple[str, str]] = set()
    for block in blocks.values():
        if len(block) > 50:  # a common word says nothing about similarity
            continue
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                pair = tuple(sorted((a.path, b.path)))
                if pair in pairs or normalise_url(a.url or a.id) == normalise_url(b.url or b.id):
                    continue
                matcher = SequenceMatcher(None, keys[a.path], keys[b.path])
                if matcher.quick_ratio() >= TITLE_SIMILARITY and matcher.ratio() >= TITLE_SIMILARITY:
                    pairs.add(pair)  # type: ignore[arg-type]
    found += [Finding("near-identical titles", list(pair)) for pair in sorted(pairs)]
    return found
