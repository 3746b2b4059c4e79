"""``learnshelf export``: the catalogue as CSV, JSON or JSON-LD; nothing more.

The CSV has exactly the columns ``learnshelf import`` reads (every card field, ``id`` and
``body``), so importing an export into an empty project gives the same cards. JSON-LD is the
site's ``catalog.jsonld`` shape (an ItemList of LearningResources) with site-relative page
addresses, since an export does not know where the site is served.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from learnshelf.check import reporters
from learnshelf.check.library import load_library
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.problems import Problem
from learnshelf.model.schema import DEFAULT_STATUS, FIELDS, Card
from learnshelf.pages.jsonld import item_list
from learnshelf.tools.importer import ID_COLUMN

FORMATS = ("csv", "json", "jsonld")
COLUMNS = (ID_COLUMN, *(f.name for f in FIELDS), "body")


def exported_cards(project: Project, taxonomy: Taxonomy, everything: bool) -> tuple[list[Card], list[Problem]]:
    """Valid cards by id (so an export does not depend on folders), referenced cards first: published ones, or with ``everything`` drafts and retired too;
    and the library's errors (an export of a library with errors would not be the catalogue)."""
    library = load_library(project, taxonomy)
    errors = [p for p in library.result.sorted() if p.is_error]
    cards = sorted((c for c in library.cards if c.valid and (everything or c.status == DEFAULT_STATUS)),
                   key=lambda c: c.id)
    return referenced_first(cards), errors


def referenced_first(cards: list[Card]) -> list[Card]:
    """``cards`` with each one after the cards it names (related, replaced_by) where a cycle
    allows: the importer checks a row against the rows before it, so a forward reference would
    be refused as an unknown card."""
    by_id = {c.id: c for c in cards}
    done: dict[str, Card] = {}
    visiting: set[str] = set()

    def visit(card: Card) -> None:
        if card.id in done or card.id in visiting:
            return
        visiting.add(card.id)
        for name in [*card.related, *([card.replaced_by] if card.replaced_by else [])]:
            if name in by_id:
                visit(by_id[name])
        done[card.id] = card

    for card in cards:
        visit(card)
    return list(done.values())


def _value(card: Card, name: str) -> str | list[str] | bool | None:
    value = getattr(card, name)
    return value if isinstance(value, list | bool) or value is None else str(value)


def record(card: Card) -> dict[str, str | list[str] | bool | None]:
    """One card as JSON values: its id, every field (lists as lists) and its body."""
    return {ID_COLUMN: card.id, **{f.name: _value(card, f.name) for f in FIELDS}, "body": card.body.strip()}


def _cell(value: str | list[str] | bool | None) -> str:
    if isinstance(value, bool):
        return "true" if value else ""
    if isinstance(value, list):
        return ", ".join(value)  # the importer splits list cells at commas
    return value or ""


def to_csv(cards: list[Card]) -> str:
    """The cards as CSV with the importer's columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for card in cards:
        row = record(card)
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return out.getvalue()


def render(cards: list[Card], taxonomy: Taxonomy, fmt: str) -> str:
    """The cards in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "csv":
        return to_csv(cards)
    if fmt == "json":
        return json.dumps([record(c) for c in cards], ensure_ascii=False, indent=2) + "\n"
    return item_list(cards, taxonomy, "")


def run_export(project: Project, taxonomy: Taxonomy, fmt: str, out: str | None, everything: bool) -> int:
    """Write the export to ``out`` (default: standard output); 1 when the library has errors."""
    cards, errors = exported_cards(project, taxonomy, everything)
    if errors:
        print(reporters.render(errors, "auto"))
        print(f"learnshelf export: {len(errors)} error(s) in the library; fix them first (learnshelf validate)")
        return 1
    text = render(cards, taxonomy, fmt)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0
