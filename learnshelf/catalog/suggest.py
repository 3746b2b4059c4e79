"""Tag suggestions for a card, from four sources, each with its score and its evidence; and
nothing more (no file is read or written here).

* **Words:** a topic's or role's id, label or synonym found as a phrase in the card, counted by
  where it is (``tagging:`` weights in ``curation/policy.yml``: title > summary > body, the body
  capped) and turned into a confidence that reaches 0.5 at ``words_half``; so one passing
  mention in a long body stays low. Roles are read from the title and summary only (a body
  saying "ask your manager" is not *for* managers).
* **A role's work** (``rolework``): the typical tasks curators list for a role (``work:`` in
  ``curation/roles.yml``), found by their stems in the title, summary and body, weighted and
  turned into a confidence exactly as a role's name would be (the same weights and
  ``words_half``: no threshold of its own). A body about
  "code review" is about the work, unlike a body that only mentions a manager.
* **Neighbours:** the ``neighbours`` most similar published cards (``similar``, BM25); a term's
  confidence is the BM25-weighted share of them that have it (scaled down when fewer cards than
  asked share any word with it).
* **Telling words** (``keywords``): the card's word whose other published cards most often
  have the term (at least ``telling_cards`` of them, the share pulled towards the term's
  library share by ``telling_prior`` imaginary cards, and a count chance would explain less
  than ``telling_chance`` of the time over all the card's words); it counts from
  ``telling_share`` for a role and from ``topic_telling_share`` for a topic (which may be
  written without a curator).
  A telling word used mostly by cards without roles (``anyone_share``) is the answer
  "no role": no role scoring at or below it is proposed. When a telling word speaks for a
  role, roles that only the neighbours (alike in subject, not audience) speak for are not
  proposed beside it.

The sources are combined as independent evidence: ``1 - (1 - words) * (1 - work) *
(1 - neighbours) * (1 - telling)``. Nothing else is used: not the contributor, not the card's
type or date. Core cards get no role proposals (they are for everyone), and what a card already
has (with its topics' parents) is never suggested; a card's own tags are never evidence for
itself.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from learnshelf.catalog.keywords import NO_ROLE, Telling, TellingWords, card_words
from learnshelf.catalog.rolework import RoleWork
from learnshelf.catalog.similar import Neighbour, SimilarCards, plain
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import Card

#: How many neighbour ids an evidence line names before "...".
NAMED_NEIGHBOURS = 4


@dataclass(frozen=True)
class Suggestion:
    """A proposed topic or role, its confidence (0-1) and the evidence for it."""

    field: str  # "topics" or "roles"
    term: str
    score: float
    words: str = ""  # e.g. "'GDPR' 1x in the body"
    neighbours: str = ""  # e.g. "3 of the 5 most similar cards have it (a, b, c)"
    telling: str = ""  # e.g. "9 of the 10 other cards with the word stem 'backlog' have it"
    line: int = 0  # where the phrase first is; 0 when only neighbours speak for it
    work: str = ""  # a role's: e.g. "its work: 'backlog' 1x in the summary"

    @property
    def evidence(self) -> str:
        """Both sources' evidence in one line."""
        return "; ".join(e for e in (self.words, self.work, self.neighbours, self.telling) if e)


@dataclass(frozen=True)
class _Hits:
    weight: float
    phrase: str
    line: int
    counts: dict[str, int]


def _pattern(spellings: list[str]) -> re.Pattern[str]:
    """One alternation of every spelling (longest first, so '360 feedback' wins over 'feedback'
    and is counted once), each a whole phrase whose words may be joined by spaces or hyphens."""
    phrases = sorted({s.strip() for s in spellings if s.strip()}, key=lambda s: (-len(s), s))
    parts = [r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s_-]+", p) if w) for p in phrases]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


class Suggester:
    """Suggests topics and roles for cards, from their words and their library neighbours."""

    def __init__(self, taxonomy: Taxonomy, cards: list[Card]) -> None:
        self.taxonomy = taxonomy
        self.policy = taxonomy.tagging
        self.similar = SimilarCards(cards, taxonomy)
        self.telling = TellingWords(self.similar.cards, self.similar.words)
        self.work = RoleWork(taxonomy)
        # One pattern per term, compiled once for every card this suggester is asked about.
        self._patterns = {kind: {t.id: _pattern([t.id, t.label, *t.synonyms])
                                 for t in sorted(vocab.terms.values(), key=lambda t: t.id)}
                          for kind, vocab in (("topics", taxonomy.topics), ("roles", taxonomy.roles))}

    def without(self, card_id: str) -> Suggester:
        """This suggester as if the card ``card_id`` had never been published: the similar cards
        are indexed again without it (its words do not count in BM25's IDF); the telling words
        already take a card's own words and tags out of their counts."""
        other = copy.copy(self)
        other.similar = self.similar.without(card_id)
        return other

    def suggest(self, card: Card) -> list[Suggestion]:
        """Every suggestion at or above ``show_confidence``, highest first."""
        neighbours = self.similar.similar(card, self.policy.neighbours)
        topics = self.taxonomy.topics
        have = set(topics.with_parents([t for t in card.topics if t in topics.terms]))
        policy = self.policy
        words = card_words(card)
        # A topic may be written without a curator, so a telling word must say more for it.
        told = self.telling.best(card, words, "topics", policy.telling_cards, policy.telling_prior,
                                 policy.telling_chance, policy.topic_telling_share)
        found = self._field("topics", card, have, neighbours, told)
        if not card.core:
            told = self.telling.best(card, words, "roles", policy.telling_cards, policy.telling_prior,
                                     policy.telling_chance, min(policy.telling_share, policy.anyone_share))
            found += self._field("roles", card, set(card.roles), neighbours,
                                 {t: w for t, w in told.items() if t != NO_ROLE and w.share >= policy.telling_share})
            found += self._anyone(told.get(NO_ROLE))
        shown = [s for s in found if s.score >= self.policy.show_confidence]
        return sorted(shown, key=lambda s: (-s.score, s.field, s.term))

    def _field(self, field: str, card: Card, have: set[str], neighbours: list[Neighbour],
               telling: dict[str, Telling]) -> list[Suggestion]:
        """The suggestions of one field ("topics" or "roles") from its sources."""
        places = self._places(field, card)
        total = sum(n.score for n in neighbours)
        works = self.work.hits(card) if field == "roles" else {}
        found = []
        for term, pattern in self._patterns[field].items():
            hits = None if term in have else _hits(pattern, places)
            voters = [n for n in neighbours if term in getattr(n.card, field)] if term not in have else []
            told = telling.get(term) if term not in have else None
            work = works.get(term) if term not in have else None
            if not hits and not voters and not told and not work:
                continue
            half = self.policy.words_half
            words = hits.weight / (hits.weight + half) if hits else 0.0
            # A role's work named as often counts as its name would (the same places, weights and half).
            done = work.weight / (work.weight + half) if work else 0.0
            # Fewer similar cards than asked for is weaker evidence, not a smaller vote: "1 of
            # the 1 card that shares a word" must not read as certainty.
            near = sum(n.score for n in voters) / total * len(neighbours) / self.policy.neighbours if voters else 0.0
            said = told.share if told else 0.0
            found.append(Suggestion(field, term, round(1 - (1 - words) * (1 - done) * (1 - near) * (1 - said), 2),
                                    _words_evidence(hits), _neighbour_evidence(voters, len(neighbours)),
                                    _telling_evidence(told), hits.line if hits else 0,
                                    work.evidence if work else ""))
        return found

    def _anyone(self, told: Telling | None) -> list[Suggestion]:
        """The answer "no role, it is for anyone", when one of the card's words is used mostly
        by cards without roles (a telling word for "no role", at ``anyone_share`` or above); no
        role scoring at or below it is proposed."""
        if told is None or told.share < self.policy.anyone_share:
            return []
        evidence = f"{told.have} of the {told.using} other cards with the word stem '{told.word}' have no roles"
        return [Suggestion("roles", NO_ROLE, round(told.share, 2), telling=evidence)]

    def _places(self, field: str, card: Card) -> list[_Place]:
        """Where a field's phrases are looked for, with each place's weight and cap. Roles are
        read from the title and summary only."""
        policy = self.policy
        places = [_Place("title", card.title, card.at("title")[0], policy.title_weight, None),
                  _Place("summary", card.summary, card.at("summary")[0], policy.summary_weight, None)]
        if field == "topics":
            places.append(_Place("body", plain(card.body), card.body_line, policy.body_weight, policy.body_cap))
        return places


@dataclass(frozen=True)
class _Place:
    name: str
    text: str
    line: int  # of the text's first line in the card file
    weight: float
    cap: int | None  # occurrences that count at most


def _hits(pattern: re.Pattern[str], places: list[_Place]) -> _Hits | None:
    """Where a term's phrases occur, weighted by place; None when nowhere."""
    weight, counts, first = 0.0, {}, None
    for place in places:
        matches = list(pattern.finditer(place.text))
        if not matches:
            continue
        counts[place.name] = len(matches)
        weight += place.weight * min(len(matches), place.cap or len(matches))
        if first is None:
            first = (matches[0].group(), place.line + place.text.count("\n", 0, matches[0].start()))
    return _Hits(weight, first[0], first[1], counts) if first else None


def _words_evidence(hits: _Hits | None) -> str:
    if hits is None:
        return ""
    where = ", ".join(f"{n}x in the {place}" for place, n in hits.counts.items())
    # A phrase may span a line break of the body; the evidence is one line (a YAML comment in
    # an imported draft, a line of a pull request body), so every run of spaces becomes one.
    return f"'{' '.join(hits.phrase.split())}' {where}"


def _neighbour_evidence(voters: list[Neighbour], asked: int) -> str:
    if not voters:
        return ""
    names = ", ".join(n.card.id for n in voters[:NAMED_NEIGHBOURS]) + (", ..." if len(voters) > NAMED_NEIGHBOURS else "")
    return f"{len(voters)} of the {asked} most similar cards have it ({names})"


def _telling_evidence(told: Telling | None) -> str:
    if told is None:
        return ""
    return f"{told.have} of the {told.using} other cards with the word stem '{told.word}' have it"


def topics_to_write(suggestions: list[Suggestion], taxonomy: Taxonomy) -> list[str]:
    """The suggested topics at or above ``write_confidence``, highest first."""
    bar = taxonomy.tagging.write_confidence
    return [s.term for s in suggestions if s.field == "topics" and s.score >= bar]


def role_proposals(suggestions: list[Suggestion], taxonomy: Taxonomy) -> list[Suggestion]:
    """The roles shown to a curator to accept (never written): the best ``role_proposals`` at
    or above ``role_confidence`` and above the "for anyone" answer, when there is one; when a
    telling word speaks for one of them, only those the card's own words (a role's name or its
    work) speak for."""
    policy = taxonomy.tagging
    roles = []
    for s in suggestions:
        if s.field == "roles" and s.term == NO_ROLE:
            break  # suggestions come highest first: what the card's words say is for anyone wins from here
        if s.field == "roles" and s.score >= policy.role_confidence:
            roles.append(s)
    if any(s.telling for s in roles):
        # The neighbours are alike in subject; a telling word or a named role says who the card
        # is for. Beside such a role, one the neighbours alone speak for is not proposed.
        roles = [s for s in roles if s.telling or s.words or s.work]
    return roles[:policy.role_proposals]


def ranked(suggestions: list[Suggestion], taxonomy: Taxonomy) -> list[tuple[str, Suggestion]]:
    """What a curator is shown, highest first, each with what happens to it: ``write`` (a topic
    ``tag --write`` adds), ``consider`` (a topic below the write confidence), ``propose`` (a
    role, for a curator to accept: roles are never written) or ``anyone`` (the answer "no role":
    no role below it is proposed)."""
    write = set(topics_to_write(suggestions, taxonomy))
    roles = set(role_proposals(suggestions, taxonomy))
    return [("write" if s.term in write else "consider", s) if s.field == "topics"
            else ("anyone", s) if s.term == NO_ROLE else ("propose", s)
            for s in suggestions if s.field == "topics" or s in roles or s.term == NO_ROLE]


def explain(verdict: str, suggestion: Suggestion) -> str:
    """One line: ``topic 'feedback' 0.82 (write): <evidence>``; the "for anyone" answer is
    ``no role 0.90 (anyone): <evidence>``."""
    if suggestion.field == "roles" and suggestion.term == NO_ROLE:
        return f"no role {suggestion.score:.2f} ({verdict}): {suggestion.evidence}"
    return f"{suggestion.field[:-1]} '{suggestion.term}' {suggestion.score:.2f} ({verdict}): {suggestion.evidence}"
