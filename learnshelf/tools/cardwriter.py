"""Writing new cards: field values -> card text, and a batch writer that validates each new card
against the library (and the cards written before it) before writing it; nothing more.

Used by ``new``, ``import`` and ``from-issue``. Values are quoted as JSON strings, which YAML
reads back verbatim, so no value can turn into a boolean, a number or another key; only a date or
boolean that is one bare word is written unquoted (anything else is quoted, and validation says
it is not a date or boolean).
Files are created atomically and never overwrite anything.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.check.library import check_candidate, load_library
from learnshelf.check.urls import normalise_url
from learnshelf.load import fsio
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.problems import Problem
from learnshelf.model.schema import FIELDS, Card

LIST_FIELDS = ("topics", "roles", "accessibility", "related")
#: What YAML (1.1, as PyYAML reads it) takes for the end of a line.
LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
#: A value that can be written as it is: a date or true/false is one such word.
_BARE = re.compile(r"[A-Za-z0-9_-]+")
BODY_PLACEHOLDER = "Why is this worth someone's time, and how can they apply it at work?"


def split_list(value: str) -> list[str]:
    """'a, b; c' -> ['a', 'b', 'c']."""
    return [item.strip() for item in re.split(r"[,;\n]", value) if item.strip()]


def card_text(values: dict[str, str], body: str = "") -> str:
    """Card file text from string values (lists comma-separated), in schema order."""
    lines = ["---"]
    for spec in FIELDS:
        value = values.get(spec.name, "").strip()
        if not value:
            continue
        if spec.name in LIST_FIELDS:
            items = ", ".join(_quote(i) for i in split_list(value))
            lines.append(f"{spec.name}: [{items}]")
        elif (spec.kind == "bool" or spec.kind == "date") and _BARE.fullmatch(value):
            lines.append(f"{spec.name}: {value}")  # unquoted, or YAML would not read a date or boolean
        else:
            lines.append(f"{spec.name}: {_quote(value)}")
    lines += ["---", (body.strip() or BODY_PLACEHOLDER), ""]
    return "\n".join(lines)


def _quote(value: str) -> str:
    """``value`` as a YAML double-quoted scalar, one line: JSON escapes the ASCII line breaks,
    and the ones only YAML counts (NEL, U+2028, U+2029) are escaped here."""
    return json.dumps(value, ensure_ascii=False).translate(_YAML_ONLY_BREAKS)


_YAML_ONLY_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def today() -> str:
    """Today's date as a card date."""
    return dt.date.today().isoformat()


@dataclass
class Outcome:
    """What happened to one proposed card."""

    source: str  # where it came from, e.g. "list.csv:row 4"
    path: str = ""
    written: bool = False
    duplicate_of: str = ""  # the existing card for the same resource
    note: str = ""
    problems: list[Problem] = field(default_factory=list)


class CardWriter:
    """Validates proposed cards against the library and each other, then writes them."""

    def __init__(self, project: Project, taxonomy: Taxonomy) -> None:
        self.project = project
        self.taxonomy = taxonomy
        self.cards: list[Card] = list(load_library(project, taxonomy).cards)
        self.by_url = {normalise_url(c.url): c.path for c in self.cards if c.url}
        self.ids = {c.id for c in self.cards}

    def free_path(self, folder: Path, card_id: str) -> Path:
        """``folder/card_id.md``, or with -2, -3... when that id is taken."""
        candidate, number = card_id, 2
        while candidate in self.ids or (folder / f"{candidate}.md").exists():
            candidate = f"{card_id[:76]}-{number}"
            number += 1
        return folder / f"{candidate}.md"

    def propose(self, source: str, path: Path, text: str, skip_duplicates: bool = False) -> Outcome:
        """Validate ``text`` as the card at ``path`` and write it when clean.

        With ``skip_duplicates``, a resource that already has a card is skipped quietly (so
        re-running an import adds nothing); otherwise it is a ``duplicate-url`` error."""
        outcome = Outcome(source, self.project.display(path))
        card, outcome.problems = check_candidate(self.cards, self.taxonomy, outcome.path, text)
        if skip_duplicates and card.url and normalise_url(card.url) in self.by_url:
            outcome.duplicate_of = self.by_url[normalise_url(card.url)]
            outcome.problems = []
            return outcome
        if any(p.is_error for p in outcome.problems):
            return outcome
        try:
            fsio.write_new(path, text)
        except FileExistsError:
            outcome.note = "a file with that name appeared meanwhile; nothing was overwritten"
            return outcome
        outcome.written = True
        self.cards.append(card)
        self.ids.add(card.id)
        if card.url:
            self.by_url[normalise_url(card.url)] = outcome.path
        return outcome
