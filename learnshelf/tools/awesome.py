"""Reading a Markdown "awesome list" into import rows, and its heading map; nothing more.

The list is read as GitHub shows it: each heading and list item goes through Python-Markdown
(with every ASCII punctuation escapable, as in CommonMark) and the HTML parser, so anchors,
escapes and entities are gone from titles and headings. Headings give the items under them a
topic and a language (through the heading map, the taxonomy's labels and synonyms, or the
default topic); items that link only to anchors of the list (its table of contents) are counted
and skipped; trailing format notes go to the body and a short "- Author" to ``source``.
"""

from __future__ import annotations

import csv
import io
import re
import string
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import yaml

from learnshelf.load.taxonomy import Taxonomy


@dataclass
class HeadingMap:
    """What headings mean: heading (as ``heading_key`` gives it) -> topic, and -> language."""

    topics: dict[str, str]
    languages: dict[str, str] = field(default_factory=dict)
    default_topic: str = ""


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
@dataclass
class Row:
    """One proposed card and where it came from."""

    source: str
    values: dict[str, str]
    body: str = ""
    problem: str = ""  # a reason the row could not even be turned into a card


@dataclass
class ListScan:
    """An import file read: its rows, the table-of-contents links skipped, the headings no
    topic was found for (plain text -> number of items under it), and notes for the summary on
    what was read but not kept (a CSV column that is no field)."""

    rows: list[Row] = field(default_factory=list)
    toc_links: int = 0
    unmapped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


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


def scan_markdown(text: str, name: str, options: HeadingMap, taxonomy: Taxonomy) -> ListScan:
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


def _context(headings: list[tuple[int, str]], options: HeadingMap, taxonomy: Taxonomy) -> tuple[str, str]:
    """The topic and language the nearest headings give (the default topic when none does)."""
    topic = language = ""
    for _, text in reversed(headings):
        key = heading_key(text)
        language = language or options.languages.get(key, "")
        if key not in options.languages:
            topic = topic or options.topics.get(key) or taxonomy.topics.resolve(text) or ""
    return topic or options.default_topic, language


def _item_row(item: _Inline, source: str) -> Row | None:
    """The row of one list item; None for a table-of-contents entry (links to anchors only)."""
    if item.links and all(href.startswith("#") or not href.strip() for href, _ in item.links):
        return None
    main = next((n for n, (href, _) in enumerate(item.links) if href.strip() and not href.startswith("#")), None)
    if main is None:
        return Row(source, {}, problem="the list item has no [title](https://...) link")
    href, title = item.links[main]
    # The text around the resource's link, other links kept as their text ("- [Author](...)").
    pieces, texts = "".join(item.parts).split("\0"), [text for _, text in item.links]
    joined = [piece + (texts[n] if n < len(texts) and n != main else "") for n, piece in enumerate(pieces)]
    before, after = (" ".join("".join(part).split()) for part in (joined[:main + 1], joined[main + 1:]))
    notes: list[str] = []
    while note := _NOTE.search(after):
        notes.insert(0, note.group("note").strip())
        after = after[:note.start()]
    after = _DASH.sub("", after).strip()
    values = {"title": " ".join(title.split()), "url": href}
    body = "\n\n".join(([before] if before else []) + ([f"Format: {', '.join(notes)}."] if notes else []))
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
