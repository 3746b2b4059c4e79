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
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml

from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import DRAFT_MAY_LACK, FIELDS_BY_NAME
from learnshelf.tools.cardwriter import LINE_BREAK, LIST_FIELDS, CardWriter, Outcome, card_text, today
from learnshelf.tools.new import slugify

_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+\S")  # the whole line goes to Markdown (closing #s, escapes)
#: Trailing notes on an item, e.g. "(PDF)", "(HTML, EPUB)", "[PDF]": how the resource comes.
_NOTE = re.compile(r"\s*[(\[](?P<note>[^()\[\]]{1,40})[)\]]\s*$")
_DASH = re.compile(r"^\s*[-\u2013\u2014:|]\s*")
#: A trailing text of at most this many words, without a full stop, is a name (an author), not a
#: description: "- Karl Fogel", "- The Rust Team".
AUTHOR_WORDS = 5
#: Full stops and question marks of the scripts of the lists (Latin, CJK, Devanagari, Arabic, Khmer).
_SENTENCE_END = (".", "!", "?", "\u3002", "\uff01", "\uff1f", "\u0964", "\u06d4", "\u061f", "\u17d4")
BODY_COLUMNS = ("body", "notes", "description", "why")
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


@dataclass
class Row:
    """One proposed card and where it came from."""

    source: str
    values: dict[str, str]
    body: str = ""
    problem: str = ""  # a reason the row could not even be turned into a card


@dataclass
class ListScan:
    """An awesome list read: its rows, the table-of-contents links skipped, the headings no
    topic was found for (plain text -> number of items under it)."""

    rows: list[Row] = field(default_factory=list)
    toc_links: int = 0
    unmapped: dict[str, int] = field(default_factory=dict)


class _Inline(HTMLParser):
    """Text and links of one rendered Markdown line: entities decoded by the parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href") is not None and self._href is None:
            self._href, self._text = dict(attrs)["href"] or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self.parts.append("\0")  # where the link stood
            self._href = None

    def handle_data(self, data: str) -> None:
        (self._text if self._href is not None else self.parts).append(data)


class _Renderer:
    """Markdown inline text -> plain text and links, through Python-Markdown and the HTML parser."""

    def __init__(self) -> None:
        self.md = markdown.Markdown()
        # Lists are written for GitHub, where (as in CommonMark) a backslash escapes any ASCII
        # punctuation: "C\\#", "\\&". Python-Markdown escapes fewer; tell it the full set.
        self.md.ESCAPED_CHARS = sorted(set(self.md.ESCAPED_CHARS) | set(string.punctuation))

    def read(self, source: str) -> _Inline:
        self.md.reset()
        parser = _Inline()
        parser.feed(self.md.convert(source))
        parser.close()
        return parser

    def plain(self, source: str) -> str:
        return " ".join("".join(self.read(source).parts).replace("\0", "").split())


def heading_key(text: str) -> str:
    """How a heading is matched against a topic map: its plain text, lowercase, spaces collapsed."""
    return " ".join(text.split()).lower()


def parse_pairs(pairs: list[str], what: str) -> dict[str, str]:
    """["A=b", ...] -> {"a": "b"}; raises ValueError naming the bad pair."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.rpartition("=")  # the field or topic never holds "=", a heading may
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


def read_topic_map(text: str, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """A mapping file: (heading -> topic, heading -> language). YAML: ``heading: topic`` lines,
    or ``topics:`` and ``languages:`` sections of such lines; CSV: two columns, heading and
    topic. Keys may be written as Markdown (``<a id="x"></a>C\\#``): they are read as headings are."""
    if not name.lower().endswith((".yml", ".yaml")):
        rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
        if any(len(r) != 2 for r in rows):
            raise ValueError(f"{name} must have two columns: heading, topic")
        return headings_to_topics({r[0]: r[1] for r in rows if r[0].strip().lower() != "heading"}), {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ValueError(f"{name} is not valid YAML: {err}") from None
    sections = data if isinstance(data, dict) and set(data) <= {"topics", "languages"} else {"topics": data}
    found = []
    for section in ("topics", "languages"):
        pairs = sections.get(section) or {}
        if not isinstance(pairs, dict) or not all(isinstance(v, str) for v in pairs.values()):
            raise ValueError(f"{name}: '{section}' must map each heading to one value, e.g. 'Python: programming'")
        found.append(headings_to_topics({str(k): v for k, v in pairs.items()}))
    return found[0], found[1]


def headings_to_topics(pairs: dict[str, str]) -> dict[str, str]:
    """Heading (as written, Markdown) -> topic, keyed as headings are matched."""
    renderer = _Renderer()
    return {heading_key(renderer.plain(k)): v.strip() for k, v in pairs.items() if v.strip()}


def unknown_topics(options: ImportOptions, taxonomy: Taxonomy) -> list[str]:
    """The topics of the map and the default that are not topics (checked once, before any row)."""
    named = sorted({*options.topic_map.values(), *([options.default_topic] if options.default_topic else [])})
    return [t for t in named if not taxonomy.topics.resolve(t)]


def scan_markdown(text: str, name: str, options: ImportOptions, taxonomy: Taxonomy) -> ListScan:
    """Items of an awesome list, each taking the topic of the nearest heading above it; list
    items linking only to anchors of the page (a table of contents) are counted and skipped."""
    scan, renderer = ListScan(), _Renderer()
    headings: list[tuple[int, str]] = []  # (level, plain text) of the headings above, outermost first
    topic, language, fence = "", "", False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence:
            continue
        if head := _HEADING.match(line):
            level = len(head.group(1))
            headings = [h for h in headings if h[0] < level] + [(level, renderer.plain(line.strip()))]
            topic, language = _context(headings, options, taxonomy)
            continue
        if item := _ITEM.match(line):
            row = _item_row(renderer.read(item.group("text")), f"{name}:line {number}")
            if row is None:
                scan.toc_links += 1
                continue
            if language:
                row.values["language"] = language
            if topic:
                row.values["topics"] = topic
            elif headings and not row.problem:
                scan.unmapped[headings[-1][1]] = scan.unmapped.get(headings[-1][1], 0) + 1
            scan.rows.append(row)
    return scan


def _context(headings: list[tuple[int, str]], options: ImportOptions, taxonomy: Taxonomy) -> tuple[str, str]:
    """The topic and language the nearest headings give (the default topic when none does)."""
    topic = language = ""
    for _, text in reversed(headings):
        key = heading_key(text)
        language = language or options.language_map.get(key, "")
        if key not in options.language_map:
            topic = topic or options.topic_map.get(key) or taxonomy.topics.resolve(text) or ""
    return topic or options.default_topic, language


def _item_row(item: _Inline, source: str) -> Row | None:
    """The row of one list item; None for a table-of-contents entry (links to anchors only)."""
    links = [(href, title) for href, title in item.links if href.strip()]
    if links and all(href.startswith("#") for href, _ in links):
        return None
    if not links:
        return Row(source, {}, problem="the list item has no [title](https://...) link")
    href, title = links[0]
    after = "".join(item.parts).split("\0", 1)[1] if "\0" in "".join(item.parts) else ""
    after = " ".join(after.replace("\0", " ").split())
    notes: list[str] = []
    while note := _NOTE.search(after):
        notes.insert(0, note.group("note").strip())
        after = after[:note.start()]
    after = _DASH.sub("", after).strip()
    values = {"title": " ".join(title.split()), "url": href}
    body = f"Format: {', '.join(notes)}." if notes else ""
    if after and len(after.split()) <= AUTHOR_WORDS and len(after) <= 40 and not after.endswith(_SENTENCE_END):
        values["source"] = after
    elif after:
        values["summary"] = after
    return Row(source, values, body)


def unmapped_report(scan: ListScan) -> str:
    """The distinct headings no topic was found for, with their item counts, and what to do."""
    lines = [f"{count:>6} item(s) under '{heading}'" for heading, count in
             sorted(scan.unmapped.items(), key=lambda hc: (-hc[1], hc[0]))]
    return "\n".join([f"{len(scan.unmapped)} heading(s) are not topics; nothing was imported:", *lines,
                      "Map them in a file (--topic-map-file map.yml, one 'heading: topic' a line) "
                      "or give --default-topic TOPIC."])


def read_rows(text: str, name: str, fmt: str, options: ImportOptions, taxonomy: Taxonomy) -> ListScan:
    """The rows of the file ``name``: an awesome list when ``fmt`` is ``markdown`` (or ``auto``
    and the name ends in .md or .markdown), else a CSV/TSV export."""
    kind = fmt if fmt != "auto" else ("markdown" if name.lower().endswith((".md", ".markdown")) else "csv")
    if kind == "markdown":
        return scan_markdown(text, name, options, taxonomy)
    return ListScan(rows=list(csv_rows(text, name, options)))


def import_rows(project: Project, taxonomy: Taxonomy, rows: Iterable[Row], options: ImportOptions) -> list[Outcome]:
    """Turn rows into cards, validating each; returns what happened to every row. A row lacking
    only curator work (a summary, a topic) becomes a draft card, never published."""
    writer = CardWriter(project, taxonomy, sync_each=False)  # thousands of files: one flush at the end
    outcomes = []
    for row in rows:
        if row.problem:
            outcomes.append(Outcome(row.source, note=row.problem))
            continue
        values = {**options.defaults, "added": today(), **row.values}
        needs = tuple(name for name in DRAFT_MAY_LACK if not values.get(name, "").strip())
        if needs:
            values["status"] = "draft"
        path = writer.free_path(options.folder, slugify(values.get("title", ""), values.get("url", "")))
        outcome = writer.propose(row.source, path, card_text(values, row.body), skip_duplicates=True)
        outcome.needs = needs if outcome.written else ()
        outcomes.append(outcome)
    writer.sync()
    return outcomes


def summary(outcomes: list[Outcome], toc_links: int = 0) -> tuple[str, bool]:
    """Report lines for the import, and whether any row failed."""
    lines, failed = [], False
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
