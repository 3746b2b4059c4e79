"""Checks that need every card at once, and their rules: duplicate ids, duplicate resources,
dangling ids."""

from __future__ import annotations

import difflib
from collections import defaultdict

from learnshelf.check.urls import normalise_url
from learnshelf.model import problems as P
from learnshelf.model.rules import ERROR, Rule
from learnshelf.model.schema import Card

DUPLICATE_ID = Rule(
    "duplicate-id", ERROR,
    "Two card files have the same name in different folders.",
    bad="docs/resources/a/feedback.md and docs/resources/b/feedback.md",
    fixed="docs/resources/b/feedback-for-managers.md")

DUPLICATE_URL = Rule(
    "duplicate-url", ERROR,
    "Another card already links to this resource (URLs compared without tracking, www., slash...).",
    bad="url: https://www.example.org/guide/",
    fixed="(improve the existing card instead)")

UNKNOWN_CARD = Rule(
    "unknown-card", ERROR,
    "related or replaced_by names a card id that does not exist.",
    bad="related: [giving-feedbak]",
    fixed="related: [giving-feedback]")


def check_across(cards: list[Card], newest: Card | None = None) -> list[P.Problem]:
    """Problems between cards; ``cards`` must be the whole library, sorted by path.

    ``newest`` is a card not yet written: it is the one flagged when it duplicates another."""
    return [*_duplicate_ids(cards), *_duplicate_urls(cards, newest), *_dangling_ids(cards)]


def _duplicate_ids(cards: list[Card]) -> list[P.Problem]:
    by_id: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        by_id[card.id].append(card)
    found = []
    for same in by_id.values():
        for card in same if len(same) > 1 else []:
            others = ", ".join(c.path for c in same if c is not card)
            found.append(DUPLICATE_ID.problem(card.path, 1, 1,
                                              f"the id '{card.id}' is also used by {others}; rename one of the files"))
    return found


def _duplicate_urls(cards: list[Card], newest: Card | None) -> list[P.Problem]:
    """The oldest card for a resource stands; later ones are flagged, naming it."""
    first: dict[str, Card] = {}
    found = []
    for card in sorted(cards, key=lambda c: (c is newest, c.added or "9999", c.path)):
        if not card.url:
            continue
        key = normalise_url(card.url)
        other = first.setdefault(key, card)
        if other is not card:
            line, col = card.at("url")
            found.append(DUPLICATE_URL.problem(card.path, line, col,
                                               f"this resource already has a card: {other.path}; improve that card instead"))
    return found


def _dangling_ids(cards: list[Card]) -> list[P.Problem]:
    ids = {card.id for card in cards}
    found = []
    for card in cards:
        targets = [("replaced_by", card.replaced_by)] if card.replaced_by else []
        targets += [("related", target) for target in card.related]
        for key, target in targets:
            if target in ids:
                continue
            near = difflib.get_close_matches(target, sorted(ids), n=1, cutoff=0.6)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            line, col = card.positions.get(f"{key}={target}", card.at(key))
            found.append(UNKNOWN_CARD.problem(card.path, line, col,
                                              f"{key} names '{target}', but no card has that id{hint}"))
    return found
