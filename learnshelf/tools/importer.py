"""``learnshelf import``: cards from an existing resource list; nothing more.

Two shapes are read:

* a CSV (or TSV) export with a header row; columns map to card fields by name, or by
  ``--map "Column name=field"``; list cells are comma- or semicolon-separated;
* a Markdown "awesome list" (read by ``awesome``): ``- [Title](url) - description`` items under
  headings, each heading mapped to a topic and a language.

Every row becomes a card only if it validates against the library and the rows before it; a
row lacking only curator work (a summary, a topic) becomes a draft; a row that cannot be a card
is reported with its row or line number and nothing is written for it. A resource that already
has a card is skipped, so re-running an import adds nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.catalog.suggest import Suggester
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import DRAFT_MAY_LACK, FIELDS_BY_NAME, ID_PATTERN
from learnshelf.tools.awesome import (
    HeadingMap,
    ListScan,
    Row,
    scan_markdown,
)
from learnshelf.tools.cardwriter import LINE_BREAK, LIST_FIELDS, CardWriter, Outcome, card_text, today
from learnshelf.tools.new import slugify
from learnshelf.tools.tag import values_card, with_suggestions

BODY_COLUMNS = ("body", "notes", "description", "why")
#: The column ``learnshelf export`` names each card's id in; imported, it names the card file.
ID_COLUMN = "id"
#: An import file is read whole; 16 MB is tens of thousands of rows, each checked as a card.
MAX_IMPORT_BYTES = 16 * 1024 * 1024


@dataclass
class ImportOptions:
    """What the command line says about the rows."""

    mapping: dict[str, str]  # column name (lowercase) -> card field
    topic_map: dict[str, str]  # heading (plain text, lowercase) -> topic
    defaults: dict[str, str]  # field -> value used when a row has none (contributor, type...)
    folder: Path
    default_topic: str = ""
    language_map: dict[str, str] = field(default_factory=dict)  # heading -> language of the items under it
    jobs: int = 1  # processes checking the new cards


def parse_pairs(pairs: list[str], what: str) -> dict[str, str]:
    """["A=b", ...] -> {"a": "b"}; raises ValueError naming the bad pair."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.rpartition("=")  # the field or topic never holds "=", a heading may
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{what} '{pair}' must look like 'name=value'")
        out[key.strip().lower()] = value.strip()
    return out


def _dialect(text: str) -> type[csv.Dialect]:
    """Tab-separated when the header has more tabs than commas, else comma-separated."""
    first = text.split("\n", 1)[0]
    return csv.excel_tab if first.count("\t") > first.count(",") else csv.excel


def csv_rows(text: str, name: str, options: ImportOptions) -> Iterator[Row]:
    """Rows of a CSV/TSV export; row numbers count the header as row 1, like a spreadsheet.

    A quoted cell may hold line breaks. The body and list fields (one item a line) take them;
    any other field is one line of front matter, so a row with a line break there is refused."""
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    for number, record in enumerate(reader, start=2):
        values, body, problem = {}, "", ""
        for column, cell in record.items():
            key = (column or "").strip().lower()
            target = options.mapping.get(key, key)
            if target == ID_COLUMN and cell and ID_PATTERN.fullmatch(cell.strip()):
                values[ID_COLUMN] = cell.strip()  # an export's card id: the file name, so links hold
            elif target in FIELDS_BY_NAME and cell and cell.strip():
                values[target] = cell.strip()
                if not problem and target not in LIST_FIELDS and LINE_BREAK.search(values[target]):
                    where = target if key == target else f"{target} (column '{column}')"
                    problem = f"the {where} has a line break; it is one line of front matter, so join its lines"
            elif target in BODY_COLUMNS and cell:
                body = cell.strip()
        yield Row(f"{name}:row {number}", values, body, problem)


def unknown_topics(options: ImportOptions, taxonomy: Taxonomy) -> list[str]:
    """The topics of the map and the default that are not topics (checked once, before any row)."""
    named = sorted({*options.topic_map.values(), *([options.default_topic] if options.default_topic else [])})
    return [t for t in named if not taxonomy.topics.resolve(t)]


def read_rows(text: str, name: str, fmt: str, options: ImportOptions, taxonomy: Taxonomy) -> ListScan:
    """The rows of the file ``name``: an awesome list when ``fmt`` is ``markdown`` (or ``auto``
    and the name ends in .md or .markdown), else a CSV/TSV export."""
    kind = fmt if fmt != "auto" else ("markdown" if name.lower().endswith((".md", ".markdown")) else "csv")
    if kind == "markdown":
        headings = HeadingMap(options.topic_map, options.language_map, options.default_topic)
        return scan_markdown(text, name, headings, taxonomy)
    return ListScan(rows=list(csv_rows(text, name, options)), notes=_unused_columns(text, name, options))


def _unused_columns(text: str, name: str, options: ImportOptions) -> list[str]:
    """A note for each column of the header that is neither a card field nor the body."""
    header = next(csv.reader(io.StringIO(text), dialect=_dialect(text)), [])
    unused = [c for c in header if c.strip() and options.mapping.get(c.strip().lower(), c.strip().lower())
              not in (*FIELDS_BY_NAME, *BODY_COLUMNS, ID_COLUMN)]
    return [f"{name}: column '{c}' is not a card field, so its cells were not imported; map it with "
            f"--map \"{c}=<field>\" or name it 'notes' to keep it in the body" for c in unused]


def import_rows(project: Project, taxonomy: Taxonomy, rows: Iterable[Row], options: ImportOptions) -> list[Outcome]:
    """Turn rows into cards, validating each; returns what happened to every row. A row lacking
    only curator work (a summary, a topic) becomes a draft card, never published."""
    writer = CardWriter(project, taxonomy, sync_each=False, jobs=options.jobs)  # one flush at the end
    slots: list[Outcome | tuple[str, ...]] = []  # a refused row's outcome, or the fields a card needs
    proposals = []
    suggester: Suggester | None = None  # built for the first draft: an import without any pays nothing
    for row in rows:
        if row.problem:
            slots.append(Outcome(row.source, note=row.problem))
            continue
        if existing := writer.card_for(row.values.get("url", "")):  # a re-run: nothing to check
            slots.append(Outcome(row.source, duplicate_of=existing))
            continue
        values = {**options.defaults, "added": today(), **row.values}
        needs = tuple(name for name in DRAFT_MAY_LACK if not values.get(name, "").strip())
        if needs:
            values["status"] = "draft"
        path = writer.free_path(options.folder, values.get(ID_COLUMN) or slugify(values.get("title", ""), values.get("url", "")))
        text = card_text(values, row.body)
        if needs:  # a draft waits for a curator: it carries the ranked tag suggestions for them
            suggester = suggester or Suggester(taxonomy, writer.cards)
            text = with_suggestions(text, suggester, values_card(values, row.body, taxonomy))
        proposals.append((row.source, path, text))
        slots.append(needs)
    proposed = iter(writer.propose_many(proposals, skip_duplicates=True))
    outcomes = []
    for slot in slots:
        if isinstance(slot, Outcome):
            outcomes.append(slot)
            continue
        outcome = next(proposed)
        outcome.needs = slot if outcome.written else ()
        outcomes.append(outcome)
    writer.sync()
    return outcomes


def summary(outcomes: list[Outcome], scan: ListScan | None = None) -> tuple[str, bool]:
    """Report lines for the import, and whether any row failed."""
    lines, failed = list(scan.notes if scan else []), False
    toc_links = scan.toc_links if scan else 0
    for o in outcomes:
        if o.written:
            waiting = f" (draft: needs {' and '.join(o.needs)})" if o.needs else ""
            lines.append(f"{o.source}: created {o.path}{waiting}")
        elif o.duplicate_of:
            lines.append(f"{o.source}: already in the library as {o.duplicate_of}; skipped")
        else:
            failed = True
            reasons = [o.note] if o.note else [f"{p.rule} {p.message}" for p in o.problems if p.is_error]
            lines += [f"{o.source}: not imported: {reason}" for reason in reasons]
    if toc_links:
        lines.append(f"{toc_links} table-of-contents link(s) (to #anchors of the list) skipped")
    written = sum(o.written for o in outcomes)
    skipped = sum(bool(o.duplicate_of) for o in outcomes)
    drafts = [o for o in outcomes if o.needs]
    need = ", ".join(f"{sum(n in o.needs for o in drafts)} need a {n.removesuffix('s')}"
                     for n in DRAFT_MAY_LACK if any(n in o.needs for o in drafts))
    draft_note = f" ({len(drafts)} draft(s) waiting for a curator: {need})" if drafts else ""
    lines.append(f"{written} card(s) created{draft_note}, {skipped} already present, "
                 f"{len(outcomes) - written - skipped} row(s) not imported")
    return "\n".join(lines), failed
