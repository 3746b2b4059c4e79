"""The catalog: which published card is listed where, and why; and nothing more.

Tags induce a graph, not a tree, so everything is collected first (by topic with parents, by
role, core, any-role, pathways, contributors) and pages are rendered afterwards. Every listing
is sorted by title, then id, so output is deterministic. The reasons recorded here are what the
site shows under "Why this is here": no card is placed by a rule the reader cannot see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from learnshelf.check.library import Library
from learnshelf.load.pathways import Pathway
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import Card


def _order(card: Card) -> tuple[str, str]:
    return (card.title.casefold(), card.id)


#: The card type "Notes from colleagues" lists: notes shared back after a course, event or book.
NOTE_TYPE = "learning-note"


@dataclass
class Catalog:
    """Published cards indexed for the generated pages."""

    taxonomy: Taxonomy
    cards: list[Card]  # every published or retired card, by title
    listed: list[Card]  # published cards: what listings show
    by_id: dict[str, Card]
    core: list[Card]
    any_role: list[Card]  # not core, no roles: useful to anyone
    by_role: dict[str, list[Card]]
    direct_topic: dict[str, list[Card]]
    pathways: list[Pathway]
    pathways_of: dict[str, list[tuple[Pathway, int]]] = field(default_factory=dict)
    #: card id -> the published learning notes that name it in ``related`` ("Notes from colleagues")
    notes_about: dict[str, list[Card]] = field(default_factory=dict)

    def topic_notes(self, topic: str) -> list[Card]:
        """The published learning notes listed on a topic's page (tagged with it or a child), in
        listing order: only the notes are sorted, not the whole topic."""
        seen = {c.id: c for t in [topic, *self.taxonomy.topics.children(topic)] for c in self.direct_topic.get(t, [])
                if c.type == NOTE_TYPE}
        return sorted(seen.values(), key=_order)

    def topic_cards(self, topic: str) -> list[Card]:
        """Cards listed on a topic page: tagged with it or with one of its children."""
        seen = {c.id: c for t in [topic, *self.taxonomy.topics.children(topic)] for c in self.direct_topic.get(t, [])}
        return sorted(seen.values(), key=_order)

    def topic_reason(self, card: Card, topic: str) -> str:
        """Why ``card`` is on the page of ``topic``."""
        label = self.taxonomy.topics.terms[topic].label
        if topic in card.topics:
            return f"tagged with the topic {label}"
        children = [self.taxonomy.topics.terms[t].label for t in card.topics
                    if self.taxonomy.topics.terms.get(t) and self.taxonomy.topics.terms[t].parent == topic]
        return f"tagged with {', '.join(children)}, part of {label}"

    def recent(self, count: int) -> list[Card]:
        """The most recently added published cards, newest first."""
        return sorted(self.listed, key=lambda c: (c.added, c.id), reverse=True)[:count]

    def contributors(self) -> list[tuple[str, list[Card]]]:
        """Contributors with their published cards, most cards first, then by name."""
        by_name: dict[str, list[Card]] = defaultdict(list)
        for card in self.listed:
            by_name[card.contributor].append(card)
        return sorted(by_name.items(), key=lambda item: (-len(item[1]), item[0].casefold()))

    def placements(self, card: Card) -> list[tuple[str, str, str]]:
        """Every listing the card appears on: (kind, term id, reason). The card page's
        "Why this is here" is made from these."""
        found: list[tuple[str, str, str]] = []
        if card.core:
            found.append(("core", "", "part of the core curriculum, so it is on every role page"))
        for topic in self.taxonomy.topics.with_parents(card.topics):
            found.append(("topic", topic, self.topic_reason(card, topic)))
        for role in card.roles:
            if not card.core:
                found.append(("role", role, f"tagged for the role {self.taxonomy.roles.terms[role].label}"))
        if not card.core and not card.roles:
            found.append(("any", "", "no role given, so it is listed as useful for any role"))
        for pathway, number in self.pathways_of.get(card.id, []):
            found.append(("pathway", pathway.id, f"step {number} of the pathway {pathway.title}"))
        return found


def build_catalog(library: Library, taxonomy: Taxonomy) -> Catalog:
    """Index the library's published cards. Drafts and invalid cards are left out."""
    cards = sorted((c for c in library.cards if c.valid and c.status != "draft"), key=_order)
    listed = [c for c in cards if c.status != "retired"]
    by_role: dict[str, list[Card]] = {r: [] for r in taxonomy.roles.terms}
    direct: dict[str, list[Card]] = {t: [] for t in taxonomy.topics.terms}
    for card in listed:
        for topic in card.topics:
            direct[topic].append(card)
        for role in card.roles if not card.core else []:
            by_role[role].append(card)
    catalog = Catalog(taxonomy, cards, listed, {c.id: c for c in cards},
                      [c for c in listed if c.core], [c for c in listed if not c.core and not c.roles],
                      by_role, direct, library.pathways)
    for pathway in library.pathways:
        for number, step in enumerate(pathway.steps(), start=1):
            catalog.pathways_of.setdefault(step.card, []).append((pathway, number))
    for note in (c for c in listed if c.type == NOTE_TYPE):
        for card_id in note.related:
            catalog.notes_about.setdefault(card_id, []).append(note)
    return catalog
