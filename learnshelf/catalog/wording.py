"""The wording audit of the curator report: the gender-coded word list it reads
(``curation/gendered-words.yml``), the rate of coded words in each role's view and each topic
against the library as a whole, and the few cards whose own wording is strongly coded; and
nothing more.

A single coded word in a summary is not evidence of anything ("commit" in a Git book), so the
audit warns about skew: a role or topic whose cards use coded words of one kind far more often
than the library does. Phrases in ``curation/wording-exceptions.yml`` are terms and never
counted. The list is English, so other languages are skipped and counted, not scored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.findings import Finding
from learnshelf.load.reportpolicy import ReportPolicy
from learnshelf.load.yamlfile import YamlFile
from learnshelf.load.yamlnodes import Map
from learnshelf.model.problems import Problem
from learnshelf.model.schema import Card

GENDERED_WORDS = "gendered-words.yml"
_WORD = re.compile(r"\w+(?:['-]\w+)*")


def load_words(curation: Path, display_dir: str = "curation") -> tuple[dict[str, list[str]], list[Problem]]:
    """The gender-coded word stems by kind (none when the curation file is absent), and the
    file's problems: it is read like every curation file (located, no alias ever expanded)."""
    reader = YamlFile(curation / GENDERED_WORDS, f"{display_dir}/{GENDERED_WORDS}", optional=True)
    words: dict[str, list[str]] = {}
    if reader.problems:  # unreadable, or broken YAML (an alias...): its shape means nothing
        return words, reader.problems
    if isinstance(reader.root, Map):
        for kind, (key, value) in reader.root.entries.items():
            words[kind] = reader.texts(value, f"the '{kind}' words", key)
    elif reader.root is not None:
        reader.fail(reader.root.line, reader.root.col,
                    "the file must map each kind to a list of word stems, e.g. 'feminine: [warm*, kind]'")
    return words, reader.problems


def is_english(card: Card) -> bool:
    """Whether the word list applies to the card's language."""
    return card.language.split("-")[0].lower() == "en"


@dataclass
class Tally:
    """Words read and coded words found, by kind, in some cards' titles and summaries."""

    words: int = 0
    coded: Counter[str] = field(default_factory=Counter)

    def rate(self, kind: str) -> float:
        """Coded words of ``kind`` per 100 words."""
        return 100 * self.coded[kind] / self.words if self.words else 0.0

    def add(self, other: Tally) -> None:
        """Count ``other``'s words in this tally too."""
        self.words += other.words
        self.coded.update(other.coded)


class Coder:
    """Finds coded words in a text, after taking out the exception phrases."""

    def __init__(self, words: dict[str, list[str]], exceptions: list[str]) -> None:
        self.patterns = {kind: re.compile(r"\b(" + "|".join(_stem(w) for w in stems) + r")\b", re.IGNORECASE)
                         for kind, stems in words.items() if stems}
        phrases = sorted(exceptions, key=len, reverse=True)  # "incident response" before "response"
        self.exceptions = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
                                     + r")(?!\w)", re.IGNORECASE) if phrases else None

    def hits(self, text: str) -> dict[str, list[str]]:
        """The coded words of ``text`` by kind, lower-cased, in order, repeats kept."""
        if self.exceptions:
            text = self.exceptions.sub(" ", text)
        return {kind: [m.lower() for m in p.findall(text)] for kind, p in self.patterns.items()}


def _stem(word: str) -> str:
    return re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "")


def _card_text(card: Card) -> str:
    return f"{card.title}. {card.summary}"


def tallies(cards: list[Card], coder: Coder) -> dict[str, tuple[Tally, dict[str, list[str]]]]:
    """Each English card's tally and coded words, by path."""
    found = {}
    for card in cards:
        text = _card_text(card)
        hits = coder.hits(text)
        found[card.path] = (Tally(len(_WORD.findall(text)), Counter({k: len(v) for k, v in hits.items()})), hits)
    return found


def _sum(cards: list[Card], per_card: dict[str, tuple[Tally, dict[str, list[str]]]]) -> Tally:
    total = Tally()
    for card in cards:
        if card.path in per_card:
            total.add(per_card[card.path][0])
    return total


@dataclass
class Wording:
    """The audit's findings, and the rates behind them (for ``report --format json``)."""

    findings: list[Finding] = field(default_factory=list)
    rates: dict[str, Any] = field(default_factory=dict)


def audit(catalog: Catalog, words: dict[str, list[str]], exceptions: list[str], policy: ReportPolicy) -> Wording:
    """Skewed role views and topics, strongly coded cards, and the cards not scored."""
    coder = Coder(words, exceptions)
    english = [c for c in catalog.listed if is_english(c)]
    per_card = tallies(english, coder)
    library = _sum(english, per_card)
    kinds = sorted(coder.patterns)
    result = Wording(rates={"library": _rates(library, kinds), "roles": {}, "topics": {}})
    views = [(f"content tagged for {role}", "roles", role, catalog.core + cards) for role, cards in sorted(catalog.by_role.items())]
    views += [(f"content on topic '{topic}'", "topics", topic, catalog.topic_cards(topic)) for topic in sorted(catalog.taxonomy.topics.terms)]
    for label, group, key, cards in views:
        tally = _sum(cards, per_card)
        result.rates[group][key] = _rates(tally, kinds)
        result.findings += _skew(label, tally, library, kinds, policy, [c for c in cards if c.path in per_card], per_card)
    result.findings += _strong_cards(english, per_card, policy)
    skipped = [c.path for c in catalog.listed if not is_english(c)]
    if skipped:
        result.findings.append(Finding(f"{len(skipped)} card(s) not in English were not scored: the word list is English",
                                       skipped, "info"))
    result.rates["not_scored"] = len(skipped)
    return result


def _rates(tally: Tally, kinds: list[str]) -> dict[str, Any]:
    return {"words": tally.words, **{f"{k}_per_100": round(tally.rate(k), 2) for k in kinds}}


def _skew(label: str, tally: Tally, library: Tally, kinds: list[str], policy: ReportPolicy, cards: list[Card],
          per_card: dict[str, tuple[Tally, dict[str, list[str]]]]) -> list[Finding]:
    found: list[Finding] = []
    if tally.words < policy.wording_min_words:
        return found  # too little text for a rate to mean anything
    for kind in kinds:
        rate, base = tally.rate(kind), library.rate(kind)
        if rate > policy.wording_skew_ratio * base and rate - base >= policy.wording_min_gap:
            coded = sorted((c for c in cards if per_card[c.path][0].coded[kind]),
                           key=lambda c: -per_card[c.path][0].coded[kind])  # stable: listing order within a count
            found.append(Finding(f"{label}: {rate:.1f} {kind}-coded words per 100 vs {base:.1f} library-wide "
                                 f"(warned above {policy.wording_skew_ratio:g}x and +{policy.wording_min_gap:g})",
                                 [c.path for c in coded]))
    return found


def _strong_cards(cards: list[Card], per_card: dict[str, tuple[Tally, dict[str, list[str]]]],
                  policy: ReportPolicy) -> list[Finding]:
    found = []
    for card in cards:
        hits = {k: v for k, v in per_card[card.path][1].items() if v}
        if len(hits) == 1:
            (kind, coded), = hits.items()
            distinct = list(dict.fromkeys(coded))  # one word said three times is still one word
            if len(distinct) >= policy.wording_card_words:
                found.append(Finding(f"strongly {kind}-coded title and summary: {', '.join(distinct)}",
                                     [card.path]))
    return found
