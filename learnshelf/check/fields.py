"""Checking one card's front matter against the schema and taxonomy, and nothing more.

Input: the nodes ``cardfile`` read. Output: a normalised ``Card`` and every located problem.
One small function per value kind; each says in its message how to fix what it found.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from learnshelf.check.urls import check_url
from learnshelf.load.cardfile import CardFile
from learnshelf.load.taxonomy import Taxonomy, Vocabulary
from learnshelf.load.yamlnodes import Node, Scalar, Seq
from learnshelf.model import problems as P
from learnshelf.model.rules import RULES
from learnshelf.model.schema import DURATION_UNITS, FIELDS, FIELDS_BY_NAME, ID_PATTERN, MAX_TOPICS, Card, Field

#: Controls: C0 but tab and line feed, DEL, C1. (XML 1.0 allows CR and C1 too; plain text does not.)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_HTML = re.compile(r"<\s*[a-zA-Z/!?]|&#?[a-zA-Z0-9]+;")
#: Code points that are not characters: the 66 noncharacters (U+FDD0-U+FDEF and the last two of
#: every plane: U+FFFE, U+FFFF, U+1FFFE...) and unpaired surrogates. XML 1.0 forbids U+FFFE,
#: U+FFFF and surrogates outright: one of them in a title broke feed.xml for every reader.
_NOT_A_CHARACTER = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)) + "]")
#: The joiners (ZWNJ, ZWJ) are part of spelling in Persian, Kurdish and the Indic scripts, and of
#: emoji sequences (woman, ZWJ, laptop): they are allowed between two letters, marks or symbols
#: outside ASCII and the Latin, Greek and Cyrillic scripts, which have no use for them but hiding.
_JOINERS = frozenset("\u200c\u200d")
_SCRIPTS_WITHOUT_JOINERS = ("LATIN ", "GREEK ", "CYRILLIC ")
#: Any of the four above (one search for the usual clean text instead of four).
_SUSPECT = re.compile("|".join(p.pattern for p in (_CONTROL, _INVISIBLE, _HTML, _NOT_A_CHARACTER)))
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION = re.compile(r"^(\d{1,5})\s*([a-z])$")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-(?:[a-zA-Z]{2}|\d{3}))?(-(?:[a-zA-Z0-9]{5,8}|\d[a-zA-Z0-9]{3}))*$")


_KIND_WORDS = {"bool": "a true/false value", "int": "a number", "float": "a number", "timestamp": "a date"}


class _Checker:
    """Checks one card; ``report`` records a problem at a node's position."""

    def __init__(self, card_file: CardFile, taxonomy: Taxonomy) -> None:
        self.path = card_file.path
        self.taxonomy = taxonomy
        self.problems: list[P.Problem] = []
        #: "key=value" -> position of list items, so cross-card checks point at the item.
        self.item_positions: dict[str, tuple[int, int]] = {}

    def report(self, at: Node | tuple[int, int], rule: str, message: str) -> None:
        line, col = at if isinstance(at, tuple) else (at.line, at.col)
        self.problems.append(P.make(self.path, line, col, rule, message))

    def scalar(self, node: Node, spec: Field) -> Scalar | None:
        if not isinstance(node, Scalar):
            shape = "a list" if isinstance(node, Seq) else "a mapping"
            self.report(node, "wrong-type", f"'{spec.name}' must be a single value, not {shape}")
            return None
        if node.kind == "null" and not node.quoted:
            self.report(node, "missing-key", f"'{spec.name}' is empty; give it a value or remove the line")
            return None
        return node

    def string(self, node: Node, spec: Field) -> str | None:
        """A scalar meant as text: a plain YAML scalar that YAML would turn into a number,
        boolean or date is refused, because other tools would read it differently."""
        scalar = self.scalar(node, spec)
        if scalar is None:
            return None
        allowed = ("str", "timestamp") if spec.kind == "date" else ("str",)
        if not scalar.quoted and scalar.kind not in allowed:
            self.report(scalar, "not-a-string",
                        f"{spec.name}: {scalar.text} is read by YAML as {_KIND_WORDS.get(scalar.kind, scalar.kind)}, not text; "
                        f"put it in quotes: {spec.name}: \"{scalar.text}\"")
            return None
        return scalar.text

    # -- value kinds -------------------------------------------------------------------------
    def text(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is None:
            return None
        if self._unsafe_text(node, spec, value):
            return None
        value = " ".join(value.split())
        if not spec.min_len <= len(value) <= spec.max_len:
            self.report(node, "text-length",
                        f"'{spec.name}' has {len(value)} characters; it must have {spec.min_len} to {spec.max_len}")
        return value

    def _unsafe_text(self, node: Node, spec: Field, value: str) -> bool:
        if not _SUSPECT.search(value) and not (spec.name == "title" and "\n" in value.strip()):
            return False
        if found := _NOT_A_CHARACTER.search(value):
            self._not_a_character(node, spec, found.group())
            return True
        for found in _INVISIBLE.finditer(value):
            if not (found.group() in _JOINERS and _joins(value, found.start())):
                self.report(node, "invisible-character",
                            f"'{spec.name}' contains the invisible character U+{ord(found.group()):04X}; delete it")
                return True
        if found := _CONTROL.search(value):
            self.report(node, "plain-text",
                        f"'{spec.name}' contains the control character U+{ord(found.group()):04X}; write one plain line")
            return True
        if spec.name == "title" and "\n" in value.strip():
            self.report(node, "plain-text", "'title' contains a line break; write one plain line")
            return True
        if found := _HTML.search(value):
            self.report(node, "plain-text",
                        f"'{spec.name}' is plain text but contains markup '{found.group()}'; remove it")
            return True
        return False

    def _not_a_character(self, node: Node, spec: Field, char: str) -> None:
        what = "an unpaired surrogate" if "\ud800" <= char <= "\udfff" else "a Unicode noncharacter"
        self.report(node, "invalid-character",
                    f"'{spec.name}' contains U+{ord(char):04X}, {what}, which is not text; delete it")

    def enum(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is None:
            return None
        return self._option(node, spec, value)

    def _option(self, node: Node, spec: Field, value: str) -> str | None:
        options = self.taxonomy.vocabularies.get(spec.vocabulary, {})
        if value in options:
            return value
        near = difflib.get_close_matches(value.lower(), list(options), n=1, cutoff=0.5)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        self.report(node, "unknown-value",
                    f"'{value}' is not a valid {spec.name}{hint}; use one of: {', '.join(options)}")
        return None

    def enum_list(self, node: Node, spec: Field) -> list[str]:
        return [v for item, text in self._strings(node, spec) if (v := self._option(item, spec, text))]

    def _strings(self, node: Node, spec: Field) -> list[tuple[Node, str]]:
        if isinstance(node, Scalar) and node.kind == "null" and not node.quoted:
            return []
        if not isinstance(node, Seq):
            self.report(node, "wrong-type", f"'{spec.name}' must be a list, e.g. {spec.name}: [a, b]")
            return []
        return [(item, text) for item in node.items if (text := self.string(item, spec)) is not None]

    def boolean(self, node: Node, spec: Field) -> bool | None:
        scalar = self.scalar(node, spec)
        if scalar is None:
            return None
        if scalar.quoted or scalar.text not in ("true", "false"):
            self.report(scalar, "not-a-boolean",
                        f"{spec.name}: {scalar.text} is ambiguous; write {spec.name}: true or {spec.name}: false")
            return None
        return scalar.text == "true"

    def date(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is None:
            return None
        try:
            if not _DATE.match(value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            self.report(node, "invalid-date", f"'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2026-03-31")
            return None
        return value

    def url(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is None:
            return None
        if bad := _NOT_A_CHARACTER.search(value):  # check_url lets them pass in a path or query
            self._not_a_character(node, spec, bad.group())
            return None
        found = check_url(value, self.taxonomy.internal_domains)
        for rule, message in found:
            self.report(node, rule, message)
        return None if any(RULES[rule].severity == "error" for rule, _ in found) else value

    def duration(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec) if not (isinstance(node, Scalar) and node.kind == "int") else None
        match = _DURATION.match(value.strip().lower()) if value else None
        if not match or match.group(2) not in DURATION_UNITS:
            shown = node.text if isinstance(node, Scalar) else "this value"
            self.report(node, "invalid-duration",
                        f"duration '{shown}' needs a number and a unit (m, h, d or w), e.g. 45m, 2h, 3d")
            return None
        return f"{int(match.group(1))}{match.group(2)}"

    def language(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is not None and not _LANGUAGE.match(value):
            self.report(node, "invalid-language", f"'{value}' is not a language tag; use a BCP 47 tag such as en, de or pt-BR")
            return None
        return value

    def card_id(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is not None and not ID_PATTERN.match(value):
            self.report(node, "invalid-id", f"'{value}' is not a card id; ids are file names without .md, e.g. giving-feedback")
            return None
        return value

    def card_ids(self, node: Node, spec: Field) -> list[str]:
        ids = []
        for item, _ in self._strings(node, spec):
            value = self.card_id(item, spec)
            if value:
                ids.append(value)
                self.item_positions[f"{spec.name}={value}"] = (item.line, item.col)
        return ids

    def tags(self, node: Node, spec: Field, vocab: Vocabulary) -> list[str]:
        resolved: list[str] = []
        for item, text in self._strings(node, spec):
            term_id = vocab.resolve(text)
            if term_id is None:
                near = vocab.suggest(text)
                hint = f" (did you mean '{near}'?)" if near else f"; see curation/{vocab.kind}s.yml"
                self.report(item, f"unknown-{vocab.kind}", f"'{text}' is not a {vocab.kind}{hint}")
            elif term_id in resolved:
                self.report(item, "duplicate-tag", f"{vocab.kind} '{term_id}' is listed twice; remove one")
            else:
                if term_id != text:
                    self.report(item, "tag-synonym", f"'{text}' means the {vocab.kind} '{term_id}'; write '{term_id}'")
                resolved.append(term_id)
        return resolved


def _topics(checker: _Checker, node: Node, spec: Field) -> list[str]:
    topics = checker.tags(node, spec, checker.taxonomy.topics)
    if len(topics) > MAX_TOPICS:
        checker.report(node, "topic-count", f"{len(topics)} topics given; pick the {MAX_TOPICS} that fit best")
    elif not topics and not any(p.rule in ("unknown-topic", "wrong-type") for p in checker.problems):
        checker.report(node, "topic-count", "give at least one topic, e.g. topics: [onboarding]")
    return topics


def _joins(value: str, index: int) -> bool:
    """Whether the joiner at ``index`` stands between two characters of a script that uses it."""
    return 0 < index < len(value) - 1 and _joinable(value[index - 1]) and _joinable(value[index + 1])


def _joinable(char: str) -> bool:
    category = unicodedata.category(char)
    if char.isascii() or not (category[0] in "LM" or category in ("So", "Sk")):
        return False
    return not unicodedata.name(char, "").startswith(_SCRIPTS_WITHOUT_JOINERS)


_KIND_CHECKS: dict[str, Callable[[_Checker, Node, Field], Any]] = {
    "text": _Checker.text,
    "enum": _Checker.enum,
    "enum-list": _Checker.enum_list,
    "bool": _Checker.boolean,
    "date": _Checker.date,
    "url": _Checker.url,
    "duration": _Checker.duration,
    "language": _Checker.language,
    "card-id": _Checker.card_id,
    "card-ids": _Checker.card_ids,
    "topics": _topics,
    "roles": lambda c, n, s: c.tags(n, s, c.taxonomy.roles),
}


def check_card(card_file: CardFile, taxonomy: Taxonomy) -> tuple[Card, list[P.Problem]]:
    """Validate a parsed card file; the card is returned even when problems were found."""
    checker = _Checker(card_file, taxonomy)
    card = Card(card_file.id, card_file.path, body=card_file.body, body_line=card_file.body_line)
    front = card_file.front
    if front is None:
        card.valid = False
        return card, []
    for key, (key_node, value_node) in front.entries.items():
        spec = FIELDS_BY_NAME.get(key)
        if spec is None:
            near = difflib.get_close_matches(key.lower(), list(FIELDS_BY_NAME), n=1, cutoff=0.8)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            checker.report(key_node, "unknown-key", f"'{key}' is not a card field{hint}; see the contributor guide for the fields")
            continue
        card.positions[key] = (value_node.line, value_node.col)
        value = _KIND_CHECKS[spec.kind](checker, value_node, spec)
        if value is not None:
            setattr(card, key, value)
    card.positions.update(checker.item_positions)
    _check_required(checker, card, front.entries)
    _check_consistency(checker, card)
    if card.duration:
        card.duration_minutes = int(card.duration[:-1]) * DURATION_UNITS[card.duration[-1]]
    card.valid = not any(p.is_error for p in checker.problems)
    return card, checker.problems


def _check_required(checker: _Checker, card: Card, entries: dict[str, Any]) -> None:
    for spec in FIELDS:
        if spec.required and spec.name not in entries:
            checker.report((1, 1), "missing-key", f"the required field '{spec.name}' is missing; add '{spec.name}: ...'")
    option = checker.taxonomy.vocabularies.get("types", {}).get(card.type)
    if option and option.url_required and "url" not in entries:
        checker.report(card.at("type"), "missing-key", f"a card of type '{card.type}' needs a 'url: https://...' line")


def _check_consistency(checker: _Checker, card: Card) -> None:
    if card.reviewed and card.added and card.reviewed < card.added:
        checker.report(card.at("reviewed"), "invalid-date", f"reviewed ({card.reviewed}) is before added ({card.added})")
    if card.status == "retired" and not card.replaced_by:
        checker.report(card.at("status"), "retired-without-replacement",
                       "a retired card should name its replacement: replaced_by: <card-id>")
    if card.replaced_by and card.replaced_by == card.id:
        checker.report(card.at("replaced_by"), "unknown-card", "a card cannot replace itself")
