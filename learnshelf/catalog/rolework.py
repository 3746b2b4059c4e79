"""A role's work in a card's words: which of the typical tasks curators list for a role
(``work:`` in ``curation/roles.yml``) a card's title, summary and body name; and nothing more.

Roles are about the work a resource helps with, which a card rarely names by the role ("for
product managers") but often by the work ("prioritising the backlog"). Each work phrase is
compared by its word stems, as the similar cards are (``similar.stems``: stop words left out,
"prioritising the backlog" meets "prioritise the backlog"), as a run of consecutive stems.
Occurrences are weighted by place like the suggester's phrases (``title_weight``,
``summary_weight``, ``body_weight``, the body capped at ``body_cap``), per role. Nothing about
who contributed a card, or who people in a role are, is part of this: only the work.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from learnshelf.catalog.similar import plain, stems
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import Card

#: What ``RoleWork.hits`` names for a role at most, before "...".
NAMED_PHRASES = 3


@dataclass(frozen=True)
class WorkHits:
    """The work phrases of one role a card names: their weighted count, and each phrase (in the
    order the place it is first found in, then the curators' order) with its occurrences by place."""

    weight: float
    phrases: tuple[tuple[str, dict[str, int]], ...]

    @property
    def evidence(self) -> str:
        """E.g. ``its work: 'backlog' 1x in the summary, 'roadmap' 2x in the body``."""
        shown = [f"'{phrase}' " + ", ".join(f"{n}x in the {place}" for place, n in counts.items())
                 for phrase, counts in self.phrases[:NAMED_PHRASES]]
        more = ", ..." if len(self.phrases) > NAMED_PHRASES else ""
        return "its work: " + ", ".join(shown) + more


class RoleWork:
    """Every role's work phrases as stem runs, for finding them in cards."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.policy = taxonomy.tagging
        roles = sorted(taxonomy.roles.terms.values(), key=lambda t: t.id)
        phrases = [(role.id, phrase) for role in roles for phrase in role.work]
        self._phrases: list[tuple[str, str, tuple[str, ...]]] = [
            (role, phrase, tuple(run)) for (role, phrase), run in zip(phrases, stems([p for _, p in phrases]),
                                                                         strict=True) if run]
        # The phrases by their first stem, so a card's words are looked up once each rather than
        # every phrase compared at every word.
        self._starting: dict[str, list[int]] = {}
        for number, (_, _, run) in enumerate(self._phrases):
            self._starting.setdefault(run[0], []).append(number)

    def hits(self, card: Card) -> dict[str, WorkHits]:
        """For each role whose work the card names, where and how often."""
        if not self._phrases:
            return {}
        policy = self.policy
        places = [("title", policy.title_weight, None), ("summary", policy.summary_weight, None),
                  ("body", policy.body_weight, policy.body_cap)]
        texts = stems([card.title, card.summary, plain(card.body)])
        weights: dict[str, float] = {}
        found: dict[str, dict[str, dict[str, int]]] = {}
        for (place, weight, cap), words in zip(places, texts, strict=True):
            occurrences = self._occurrences(words)
            for number in sorted(occurrences):  # the curators' order within a place
                role, phrase, _ = self._phrases[number]
                count = occurrences[number]
                found.setdefault(role, {}).setdefault(phrase, {})[place] = count
                weights[role] = weights.get(role, 0.0) + weight * min(count, cap or count)
        return {role: WorkHits(weights[role], tuple(counts.items())) for role, counts in found.items()}

    def _occurrences(self, words: list[str]) -> Counter[int]:
        """How often each phrase (by its number) occurs in ``words`` as a run of its stems."""
        counts: Counter[int] = Counter()
        for i, word in enumerate(words):
            for number in self._starting.get(word, ()):
                run = self._phrases[number][2]
                if tuple(words[i:i + len(run)]) == run:
                    counts[number] += 1
        return counts
