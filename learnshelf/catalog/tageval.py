"""How good the tag suggestions are, measured leave-one-out on a labelled library; nothing more.

Each published card in turn has its topics and roles taken away and is given to the suggester,
whose index holds every other card and nothing of the held-out one (the similar cards are indexed
again without it, so its words do not count in how rare a word is, and its own words and tags
are taken out of the telling words' counts); what it would write
(topics at ``write_confidence``) and propose (the top ``role_proposals`` roles) is compared
with what curators chose, exactly: a suggested topic is right only when it is one of the
card's own topics (the parent of one counts as wrong, though the card is listed under it).
Core cards are for every role, so they have no roles to find and get no role proposals.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from learnshelf.catalog.suggest import Suggester, role_proposals, topics_to_write
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import Card


@dataclass
class Tally:
    """Right suggestions (curators' tags found), all suggestions, and the tags there were to find."""

    right: int = 0
    suggested: int = 0
    wanted: int = 0

    @property
    def precision(self) -> float:
        """Share of suggestions that were right (1.0 when nothing was suggested)."""
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        """Share of the curators' tags that were suggested."""
        return self.right / self.wanted if self.wanted else 1.0


@dataclass
class Scores:
    """Leave-one-out results for topics and for roles."""

    cards: int = 0
    topics: Tally = dataclasses.field(default_factory=Tally)
    roles: Tally = dataclasses.field(default_factory=Tally)


def leave_one_out(cards: list[Card], taxonomy: Taxonomy, suggester: Suggester | None = None) -> Scores:
    """Suggest tags for each published card with its own tags hidden and score them."""
    suggester = suggester or Suggester(taxonomy, cards)
    scores = Scores()
    for card in suggester.similar.cards:
        hidden = dataclasses.replace(card, topics=[], roles=[])
        suggestions = suggester.without(card.id).suggest(hidden)
        _count(scores.topics, set(topics_to_write(suggestions, taxonomy)), set(card.topics))
        _count(scores.roles, {s.term for s in role_proposals(suggestions, taxonomy)}, set(card.roles))
        scores.cards += 1
    return scores


def _count(tally: Tally, suggested: set[str], truth: set[str]) -> None:
    tally.suggested += len(suggested)
    tally.right += len(suggested & truth)
    tally.wanted += len(truth)
