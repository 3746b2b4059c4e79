"""``learnshelf import``: cards from an existing resource list; nothing more.

Two shapes are read:

* a CSV (or TSV) export with a header row; columns map to card fields by name, or by
  ``--map "Column name=field"``; list cells are comma- or semicolon-separated;
* a Markdown "awesome list": ``- [Title](url) - description`` items under headings, each
  heading mapped to a topic through the taxonomy (labels and synonyms) or ``--topic-map``.

Every row becomes a card only if it validates against the library and the rows before it; a
row that cannot is reported with its row or line number and nothing is written for it. A
resource that already has a card is skipped, so re-running an import adds nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import FIELDS_BY_NAME
from learnshelf.tools.cardwriter import LINE_BREAK, LIST_FIELDS, CardWriter, Outcome, card_text, today
from learnshelf.tools.new import slugify

_ITEM = re.compile(r"^\s*[-*+]\s+\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)\s*(?:[-–—:]\s*(?P<text>.*))?$")
_HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
BODY_COLUMNS = ("body", "notes", "description", "why")
#: An import file is read whole; 16 MB is tens of thousands of rows, each checked as a card.
MAX_IMPORT_BYTES = 16 * 1024 * 1024


@dataclass
class ImportOptions:
    """What the command line says about the rows."""

    mapping: dict[str, str]  # column name (lowercase) -> card field
    topic_map: dict[str, str]  # heading (lowercase) -> topic
    defaults: dict[str, str]  # field -> value used when a row has none (contributor, type...)
    folder: Path


@dataclass
class Row:
    """One proposed card and where it came from."""

    source: str
    values: dict[str, str]
    body: str = ""
    problem: str = ""  # a reason the row could not even be turned into a card


def parse_pairs(pairs: list[str], what: str) -> dict[str, str]:
    """["A=b", ...] -> {"a": "b"}; raises ValueError naming the bad pair."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{what} '{pair}' must look like 'name=value'")
        out[key.strip().lower()] = value.strip()
    return out


def csv_rows(text: str, name: str, options: ImportOptions) -> Iterator[Row]:
    """Rows of a CSV/TSV export; row numbers count the header as row 1, like a spreadsheet.

    A quoted cell may hold line breaks. The body and list fields (one item a line) take them;
    any other field is one line of front matter, so a row with a line break there is refused."""
    dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    for number, record in enumerate(reader, start=2):
        values, body, problem = {}, "", ""
        for column, cell in record.items():
            key = (column or "").strip().lower()
            target = options.mapping.get(key, key)
            if target in FIELDS_BY_NAME and cell and cell.strip():
                values[target] = cell.strip()
                if not problem and target not in LIST_FIELDS and LINE_BREAK.search(values[target]):
                    where = target if key == target else f"{target} (column '{column}')"
                    problem = f"the {where} has a line break; it is one line of front matter, so join its lines"
            elif target in BODY_COLUMNS and cell:
                body = cell.strip()
        yield Row(f"{name}:row {number}", values, body, problem)


def markdown_rows(text: str, name: str, options: ImportOptions, taxonomy: Taxonomy) -> Iterator[Row]:
    """Items of an awesome list, each taking the topic of the nearest heading above it."""
    topic, heading = "", ""
    for number, line in enumerate(text.split("\n"), start=1):
        head = _HEADING.match(line)
        if head:
            heading = head.group("text")
            topic = options.topic_map.get(heading.lower()) or taxonomy.topics.resolve(heading) or ""
            continue
        item = _ITEM.match(line)
        if not item:
            continue
        values = {"title": item.group("title").strip(), "url": item.group("url"),
                  "summary": (item.group("text") or "").strip()}
        if topic:
            values["topics"] = topic
        problem = "" if topic else (f"the heading '{heading}' is not a topic; map it with --topic-map "
                                    f"\"{heading}=<topic>\"" if heading else "the item is not under a heading")
        yield Row(f"{name}:line {number}", values, problem=problem)


def read_rows(text: str, name: str, fmt: str, options: ImportOptions, taxonomy: Taxonomy) -> Iterator[Row]:
    """The rows of the file ``name``: an awesome list when ``fmt`` is ``markdown`` (or ``auto``
    and the name ends in .md or .markdown), else a CSV/TSV export."""
    kind = fmt if fmt != "auto" else ("markdown" if name.lower().endswith((".md", ".markdown")) else "csv")
    return markdown_rows(text, name, options, taxonomy) if kind == "markdown" else csv_rows(text, name, options)


def import_rows(project: Project, taxonomy: Taxonomy, rows: Iterator[Row], options: ImportOptions) -> list[Outcome]:
    """Turn rows into cards, validating each; returns what happened to every row."""
    writer = CardWriter(project, taxonomy)
    outcomes = []
    for row in rows:
        if row.problem:
            outcomes.append(Outcome(row.source, note=row.problem))
            continue
        values = {**options.defaults, "added": today(), **row.values}
        path = writer.free_path(options.folder, slugify(values.get("title", "") or "imported"))
        outcomes.append(writer.propose(row.source, path, card_text(values, row.body), skip_duplicates=True))
    return outcomes


def summary(outcomes: list[Outcome]) -> tuple[str, bool]:
    """Report lines for the import, and whether any row failed."""
    lines, failed = [], False
    for o in outcomes:
        if o.written:
            lines.append(f"{o.source}: created {o.path}")
        elif o.duplicate_of:
            lines.append(f"{o.source}: already in the library as {o.duplicate_of}; skipped")
        else:
            failed = True
            reasons = [o.note] if o.note else [f"{p.rule} {p.message}" for p in o.problems if p.is_error]
            lines += [f"{o.source}: not imported: {reason}" for reason in reasons]
    written = sum(o.written for o in outcomes)
    skipped = sum(bool(o.duplicate_of) for o in outcomes)
    lines.append(f"{written} card(s) created, {skipped} already present, "
                 f"{len(outcomes) - written - skipped} row(s) not imported")
    return "\n".join(lines), failed
