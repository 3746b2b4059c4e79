"""Telling words: for each word of a card, which topics and roles the other published cards using
it have, so "most cards that say 'backlog' are for product managers" can be evidence; and
nothing more (no file is read or written here).

Words are the stems of a card's title, summary and body (as ``similar`` indexes them, without
web addresses), each counted once per card. A card's own tags are never evidence for itself:
when the card asked about is one of the indexed cards (leave-one-out, or a published card being
re-tagged), its own words and tags are taken out of the counts first. Cards with no roles are
counted too, under :data:`NO_ROLE`, so "for anyone" can win over every role. Core cards are
for every role and say nothing about roles, so they are left out of the role counts.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from learnshelf.catalog.similar import plain, stems
from learnshelf.model.schema import Card

#: What a non-core card without roles is counted under (it is for anyone).
NO_ROLE = ""


@dataclass(frozen=True)
class Telling:
    """The word that best speaks for a term on a card: ``have`` of the ``using`` other cards
    with the word have the term; ``share`` is that share pulled towards the term's share of the
    whole library by ``prior_weight`` imaginary cards (so 2 of 2 is not certainty)."""

    word: str
    have: int
    using: int
    share: float


def _text(card: Card) -> str:
    return "\n".join([card.title, card.summary, plain(card.body)])


def card_words(card: Card) -> set[str]:
    """The stems a card is counted by."""
    return set(stems([_text(card)])[0])


class TellingWords:
    """Per word, how many published cards use it and how many of those have each topic and role."""

    def __init__(self, cards: list[Card], words: dict[str, set[str]] | None = None) -> None:
        """``words``: each card's stems by id, when they are known already (``SimilarCards.words``)."""
        self._cards = {c.id: c for c in cards}
        self._words = words if words is not None else {
            c.id: set(w) for c, w in zip(cards, stems([_text(c) for c in cards]), strict=True)}
        self._total = {"topics": 0, "roles": 0}  # cards counted per field
        self._prior: dict[str, Counter[str]] = {"topics": Counter(), "roles": Counter()}
        self._using: dict[str, Counter[str]] = {"topics": Counter(), "roles": Counter()}
        self._have: dict[str, dict[str, Counter[str]]] = {"topics": defaultdict(Counter), "roles": defaultdict(Counter)}
        for card in cards:
            for field in ("topics", "roles"):
                labels = _labels(card, field)
                if labels is None:
                    continue
                self._total[field] += 1
                self._prior[field].update(labels)
                for word in self._words[card.id]:
                    self._using[field][word] += 1
                    self._have[field][word].update(labels)

    def best(self, card: Card, words: set[str], field: str, min_cards: int, prior_weight: float, chance: float,
             min_share: float) -> dict[str, Telling]:
        """For each term of ``field`` (and :data:`NO_ROLE` for roles), the card's word (of its
        ``words``, :func:`card_words`) whose
        other cards (at least ``min_cards`` of them) most often have it, at a share of at least
        ``min_share``, among the words whose count chance would explain less than ``chance`` of
        the time; terms no such word speaks for are left out."""
        own = self._cards.get(card.id)
        own_labels = (_labels(own, field) if own is not None else None) or set()
        own_words = self._words[card.id] if own is not None and _labels(own, field) is not None else set()
        total = self._total[field] - (1 if own_words else 0)
        if total <= 0:
            return {}
        prior = {t: (n - (t in own_labels)) / total for t, n in self._prior[field].items()}
        found: dict[str, Telling] = {}
        for word in sorted(words):
            using = self._using[field][word] - (word in own_words)
            if using < min_cards:
                continue
            for term, have in self._have[field][word].items():
                have -= word in own_words and term in own_labels
                if have <= 0:
                    continue
                share = (have + prior_weight * prior[term]) / (using + prior_weight)
                if share < min_share or (term in found and share <= found[term].share):
                    continue
                # Among many words some match a term by chance: a word speaks only when chance
                # alone would give its count less than ``chance`` of the time, for all the
                # card's words together (the chance for one word times their number).
                if _chance(have, using, prior[term]) * len(words) <= chance:
                    found[term] = Telling(word, have, using, share)
        return found


def _labels(card: Card, field: str) -> set[str] | None:
    """What a card counts for in a field; None when it is not counted (a core card's roles)."""
    if field == "roles":
        return None if card.core else set(card.roles) or {NO_ROLE}
    return set(card.topics)


def _chance(have: int, using: int, prior: float) -> float:
    """The chance that at least ``have`` of ``using`` cards picked at random from the library
    have a term ``prior`` of its cards have (a binomial tail)."""
    if prior <= 0.0 or have > using:
        return 0.0
    if prior >= 1.0:
        return 1.0
    log_p, log_q = math.log(prior), math.log1p(-prior)
    first = (math.lgamma(using + 1) - math.lgamma(have + 1) - math.lgamma(using - have + 1)
             + have * log_p + (using - have) * log_q)
    total, ratio = 1.0, 1.0
    for k in range(have, using):  # each term of the tail relative to the first
        ratio *= (using - k) / (k + 1) * prior / (1 - prior)
        total += ratio
        if ratio < 1e-12 * total and k > using * prior:
            break  # past the peak the terms only shrink
    return min(1.0, math.exp(first) * total)
