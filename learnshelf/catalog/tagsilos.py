"""The stereotype guard of the tag suggester, for the curator report's balance audit: would the
role proposals for a topic family's cards go (nearly) all to one role, repeating the library's
current tags there? And nothing more.

Neighbour and telling-word suggestions learn from the tags curators already chose, so a silo in the tags (every
leadership card tagged for people managers) comes back as suggestions, and each accepted one
deepens it. For each topic family (a parent topic with its children), the guard asks the
suggester for role proposals for the family's published cards as if they had no roles yet (at
most ``silo_sample`` of them, by id, so the report stays quick at 20,000 cards) and warns when
more than ``silo_share`` of the proposals go to one role that already holds more than
``silo_share`` of the family's role-tagged cards: an existing silo the suggestions would
deepen. It uses nothing about who contributed a card, like the suggester.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.findings import Finding
from learnshelf.catalog.suggest import Suggester, role_proposals
from learnshelf.model.schema import Card


def _families(catalog: Catalog) -> dict[str, list[Card]]:
    """Published cards that are not core (core cards get no role proposals), by topic family."""
    terms = catalog.taxonomy.topics.terms
    found: dict[str, dict[str, Card]] = {}
    for card in catalog.listed:
        if card.core:
            continue
        for topic in card.topics:
            found.setdefault(terms[topic].parent or topic, {})[card.id] = card
    return {family: sorted(cards.values(), key=lambda c: c.id) for family, cards in sorted(found.items())}


def suggestion_silos(catalog: Catalog) -> list[Finding]:
    """A warning for each topic family whose role proposals would reinforce a silo."""
    policy = catalog.taxonomy.tagging
    families = _families(catalog)
    if not families:
        return []
    suggester = Suggester(catalog.taxonomy, catalog.listed)
    found = []
    for family, cards in families.items():
        sample = cards[:policy.silo_sample]
        proposed = Counter(s.term for card in sample
                           for s in role_proposals(suggester.suggest(dataclasses.replace(card, roles=[])),
                                                   catalog.taxonomy))
        total = sum(proposed.values())
        if total < policy.silo_min_proposals:
            continue
        role, count = proposed.most_common(1)[0]
        tagged = [c for c in cards if c.roles]
        have = sum(role in c.roles for c in tagged)
        # An existing silo (the family's role-tagged cards mostly carry one role), which the
        # proposals would repeat: both shares above silo_share.
        if count / total > policy.silo_share and tagged and have / len(tagged) > policy.silo_share:
            how = "only" if count == total else "mostly"
            found.append(Finding(
                f"role suggestions for '{family}' cards go {how} to '{role}' ({count} of {total} proposals, "
                f"{count / total:.0%}, warned above {policy.silo_share:.0%}), as the cards' current tags do: "
                f"'{role}' on {have} of {len(tagged)} role-tagged cards ({have / len(tagged):.0%}). Suggestions "
                "learn from these tags, so accepting them would deepen the silo: do these cards help other "
                "roles' work too?",
                [c.path for c in cards if role in c.roles]))
    return found
