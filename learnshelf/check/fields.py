"""Checking one card's front matter against the schema and taxonomy, and nothing more.

Input: the nodes ``cardfile`` read. Output: a normalised ``Card`` and every located problem.
One small function per value kind; each says in its message how to fix what it found. The rules
of a field's shape (keys, types, vocabularies) are declared here; those of plain text, formats
and tags beside their checks in ``plaintext``, ``formats`` and ``tags``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from learnshelf.check.crosscheck import UNKNOWN_CARD
from learnshelf.check.formats import INVALID_DATE, date_problem, duration_problem, language_problem, normal_duration
from learnshelf.check.plaintext import TEXT_LENGTH, not_a_character, text_problem
from learnshelf.check.tags import UNKNOWN_TOPIC, count_topics, resolve_tags
from learnshelf.check.urls import check_url
from learnshelf.load.cardfile import INVALID_ID, CardFile
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.load.yamlnodes import Node, Scalar, Seq
from learnshelf.model import problems as P
from learnshelf.model.rules import ERROR, WARNING, Rule
from learnshelf.model.schema import DRAFT_MAY_LACK, DURATION_UNITS, FIELDS, FIELDS_BY_NAME, ID_PATTERN, Card, Field

UNKNOWN_KEY = Rule(
    "unknown-key", ERROR,
    "Only the documented card fields are allowed (MkDocs would act on others, e.g. template).",
    bad="tittle: Onboarding",
    fixed="title: Onboarding")

MISSING_KEY = Rule(
    "missing-key", ERROR,
    "A required field is missing or empty (some types require a url; a draft may still lack its summary and topics).",
    bad="(no summary line)",
    fixed="summary: A short description of at least 20 characters.")

WRONG_TYPE = Rule(
    "wrong-type", ERROR,
    "A field holds a list where one value is expected, or the other way round.",
    bad="topics: onboarding",
    fixed="topics: [onboarding]")

NOT_A_STRING = Rule(
    "not-a-string", ERROR,
    "YAML would read this text as a number, boolean or date; quote it.",
    bad="title: 1984",
    fixed='title: "1984"')

NOT_A_BOOLEAN = Rule(
    "not-a-boolean", ERROR,
    "core takes true or false only (yes/no/on/off are ambiguous).",
    bad="core: yes",
    fixed="core: true")

UNKNOWN_VALUE = Rule(
    "unknown-value", ERROR,
    "The value is not in the curated list (type, level, cost, status, accessibility).",
    bad="type: articel",
    fixed="type: article")

RETIRED_WITHOUT_REPLACEMENT = Rule(
    "retired-without-replacement", WARNING,
    "A retired card should point readers to its replacement.",
    bad="status: retired",
    fixed="status: retired\nreplaced_by: giving-feedback-2026")


_KIND_WORDS = {"bool": "a true/false value", "int": "a number", "float": "a number", "timestamp": "a date"}


class _Checker:
    """Checks one card; ``report`` records a problem at a node's position."""

    def __init__(self, card_file: CardFile, taxonomy: Taxonomy) -> None:
        self.path = card_file.path
        self.taxonomy = taxonomy
        self.problems: list[P.Problem] = []
        #: "key=value" -> position of list items, so cross-card checks point at the item.
        self.item_positions: dict[str, tuple[int, int]] = {}

    def report(self, at: Node | tuple[int, int], rule: Rule, message: str) -> None:
        line, col = at if isinstance(at, tuple) else (at.line, at.col)
        self.problems.append(rule.problem(self.path, line, col, message))

    def scalar(self, node: Node, spec: Field) -> Scalar | None:
        if not isinstance(node, Scalar):
            shape = "a list" if isinstance(node, Seq) else "a mapping"
            self.report(node, WRONG_TYPE, f"'{spec.name}' must be a single value, not {shape}")
            return None
        if node.kind == "null" and not node.quoted:
            self.report(node, MISSING_KEY, f"'{spec.name}' is empty; give it a value or remove the line")
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
            self.report(scalar, NOT_A_STRING,
                        f"{spec.name}: {scalar.text} is read by YAML as {_KIND_WORDS.get(scalar.kind, scalar.kind)}, not text; "
                        f"put it in quotes: {spec.name}: \"{scalar.text}\"")
            return None
        return scalar.text

    # -- value kinds -------------------------------------------------------------------------
    def text(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is None:
            return None
        found = text_problem(spec.name, value, spec.min_len, spec.max_len)
        if found:
            self.report(node, *found)
            if found[0] is not TEXT_LENGTH:  # unsafe: not kept; too short or long: kept, reported
                return None
        return " ".join(value.split())

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
        self.report(node, UNKNOWN_VALUE,
                    f"'{value}' is not a valid {spec.name}{hint}; use one of: {', '.join(options)}")
        return None

    def enum_list(self, node: Node, spec: Field) -> list[str]:
        return [v for item, text in self.strings(node, spec) if (v := self._option(item, spec, text))]

    def strings(self, node: Node, spec: Field) -> list[tuple[Node, str]]:
        if isinstance(node, Scalar) and node.kind == "null" and not node.quoted:
            return []
        if not isinstance(node, Seq):
            self.report(node, WRONG_TYPE, f"'{spec.name}' must be a list, e.g. {spec.name}: [a, b]")
            return []
        return [(item, text) for item in node.items if (text := self.string(item, spec)) is not None]

    def boolean(self, node: Node, spec: Field) -> bool | None:
        scalar = self.scalar(node, spec)
        if scalar is None:
            return None
        if scalar.quoted or scalar.text not in ("true", "false"):
            self.report(scalar, NOT_A_BOOLEAN,
                        f"{spec.name}: {scalar.text} is ambiguous; write {spec.name}: true or {spec.name}: false")
            return None
        return scalar.text == "true"

    def date(self, node: Node, spec: Field) -> str | None:
        return self._formatted(node, self.string(node, spec), date_problem)

    def _formatted(self, node: Node, value: str | None,
                   judge: Callable[[str], tuple[Rule, str] | None]) -> str | None:
        found = judge(value) if value is not None else None
        if found:
            self.report(node, *found)
            return None
        return value

    def url(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is None:
            return None
        if bad := not_a_character(spec.name, value):  # check_url lets them pass in a path or query
            self.report(node, *bad)
            return None
        found = check_url(value, self.taxonomy.internal_domains)
        for rule, message in found:
            self.report(node, rule, message)
        return None if any(rule.severity == ERROR for rule, _ in found) else value

    def duration(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec) if not (isinstance(node, Scalar) and node.kind == "int") else None
        normal = normal_duration(value)
        if normal is None:
            self.report(node, *duration_problem(node.text if isinstance(node, Scalar) else "this value"))
        return normal

    def language(self, node: Node, spec: Field) -> str | None:
        return self._formatted(node, self.string(node, spec), language_problem)

    def card_id(self, node: Node, spec: Field) -> str | None:
        value = self.string(node, spec)
        if value is not None and not ID_PATTERN.match(value):
            self.report(node, INVALID_ID, f"'{value}' is not a card id; ids are file names without .md, e.g. giving-feedback")
            return None
        return value

    def card_ids(self, node: Node, spec: Field) -> list[str]:
        ids = []
        for item, _ in self.strings(node, spec):
            value = self.card_id(item, spec)
            if value:
                ids.append(value)
                self.item_positions[f"{spec.name}={value}"] = (item.line, item.col)
        return ids


def _topics(checker: _Checker, node: Node, spec: Field) -> list[str]:
    topics = resolve_tags(checker.report, checker.strings(node, spec), checker.taxonomy.topics)
    explained = any(p.rule in (UNKNOWN_TOPIC.id, WRONG_TYPE.id) for p in checker.problems)
    count_topics(checker.report, node, topics, explained)
    return topics


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
    "roles": lambda c, n, s: resolve_tags(c.report, c.strings(n, s), c.taxonomy.roles),
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
            checker.report(key_node, UNKNOWN_KEY, f"'{key}' is not a card field{hint}; see the contributor guide for the fields")
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
        if spec.required and spec.name not in entries and not (card.status == "draft" and spec.name in DRAFT_MAY_LACK):
            checker.report((1, 1), MISSING_KEY, f"the required field '{spec.name}' is missing; add '{spec.name}: ...'")
    option = checker.taxonomy.vocabularies.get("types", {}).get(card.type)
    if option and option.url_required and "url" not in entries:
        checker.report(card.at("type"), MISSING_KEY, f"a card of type '{card.type}' needs a 'url: https://...' line")


def _check_consistency(checker: _Checker, card: Card) -> None:
    if card.reviewed and card.added and card.reviewed < card.added:
        checker.report(card.at("reviewed"), INVALID_DATE, f"reviewed ({card.reviewed}) is before added ({card.added})")
    if card.status == "retired" and not card.replaced_by:
        checker.report(card.at("status"), RETIRED_WITHOUT_REPLACEMENT,
                       "a retired card should name its replacement: replaced_by: <card-id>")
    if card.replaced_by and card.replaced_by == card.id:
        checker.report(card.at("replaced_by"), UNKNOWN_CARD, "a card cannot replace itself")
