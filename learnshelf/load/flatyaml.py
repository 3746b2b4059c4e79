"""A fast reader for the flat front matter most cards have, and nothing more.

Nearly every card is one ``key: value`` per line, with lists written ``[a, b]`` or as ``- item``
lines, and long plain values folded onto indented lines. For exactly those shapes ``read_flat``
returns the nodes ``yamlnodes.parse`` returns (same values, YAML types and positions) in about
half the time (34 against 65 us for a generated card); for any other text it returns None and
the caller uses ``parse``. It never reports a problem: a text that could have one (a tab, a
comment, a duplicate key, an odd character, a quote it does not fully understand) is declined,
not judged. A property test holds it to ``parse`` on texts full of YAML's corner cases.
"""

from __future__ import annotations

import re

from learnshelf.load.yamldepth import MAX_FLOW_DEPTH
from learnshelf.load.yamlnodes import Map, Node, Scalar, Seq, plain_kind

#: A key at the start of a line, its colon and the spaces before the value (YAML refuses a key
#: of more than 1,024 characters; longer ones are left to the parser, which reports it).
_KEY = re.compile(r"([a-z_]{1,1000}):(?: +|$)")
#: A block list item: indentation, dash, spaces; group 2 is the value.
_ITEM = re.compile(r"( *)- +(\S.*)")
#: Characters YAML treats specially anywhere (line breaks besides \n, tabs, controls, BOM,
#: surrogates, non-characters): a text with one is left to the full parser. Listed, not
#: negated: a negated class with the astral planes takes 4 ms to compile, on every run.
_ODD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: What may start a plain scalar (not a space or an indicator); in a flow list an item also
#: may not contain ``:,[]{}#`` or quotes.
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
_FLOW_ITEM = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:,\[\]{}#'\"]*")
_KEY_KINDS: dict[str, str] = {}


def read_flat(text: str, first_line: int = 1) -> Map | None:
    """The mapping ``parse(text, first_line)`` would return, or None when ``text`` is not the
    plain flat shape this reader knows (then ``parse`` must be used)."""
    if not text or _ODD.search(text) or text.count("[") + text.count("{") > MAX_FLOW_DEPTH:
        return None
    lines = text.split("\n")
    entries: dict[str, tuple[Scalar, Node]] = {}
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        match = _KEY.match(line)
        if match is None:
            return None
        key = match.group(1)
        if key in entries:
            return None
        number = first_line + index
        col = match.end()
        rest = line[col:]
        index += 1
        value: Node | None
        if not rest:
            value, index = _block_list(lines, index, first_line)
        elif rest[0] == "[":
            value = _flow_list(rest, number, col + 1)
        elif _plain(rest):  # a plain value may fold onto more indented lines
            while index < count and lines[index][:1] == " " and _plain(part := lines[index].lstrip(" ")):
                rest += " " + part
                index += 1
            value = _plain_scalar(rest, number, col + 1)
        else:
            value = _quoted(rest, number, col + 1)
        if value is None:
            return None
        kind = _KEY_KINDS.get(key) or plain_kind(key)
        if len(_KEY_KINDS) < 64:  # the few real keys; a hostile card cannot grow it
            _KEY_KINDS[key] = kind
        entries[key] = (Scalar(key, kind, False, number, 1), value)
    return Map(entries, first_line, 1)


def _plain(text: str) -> bool:
    """Whether ``text`` is one line of a plain scalar: no indicator first, no ``: `` or `` #``
    inside, no trailing colon or space."""
    return (_PLAIN_START.match(text) is not None and text[-1] not in ": "
            and ": " not in text and " #" not in text)


def _plain_scalar(text: str, line: int, col: int) -> Scalar | None:
    kind = plain_kind(text)
    return Scalar(text, kind, False, line, col) if kind else None  # merge keys, "=": not plain data


def _quoted(text: str, line: int, col: int) -> Scalar | None:
    """A one-line quoted value without escapes YAML would reinterpret."""
    first, inner = text[0], text[1:-1]
    if len(text) < 2 or text[-1] != first:
        return None
    if first == "'" and "'" not in inner.replace("''", ""):
        return Scalar(inner.replace("''", "'"), "str", True, line, col)
    if first == '"' and '"' not in inner and "\\" not in inner:
        return Scalar(inner, "str", True, line, col)
    return None


def _block_list(lines: list[str], index: int, first_line: int) -> tuple[Seq | None, int]:
    """``- item`` lines after a ``key:`` line, all at the same indentation."""
    items: list[Node] = []
    indent = -1
    while index < len(lines) and (match := _ITEM.fullmatch(lines[index])):
        if indent < 0:
            indent = len(match.group(1))
        elif len(match.group(1)) != indent:
            return None, index
        text, col = match.group(2), match.start(2) + 1
        item = _plain_scalar(text, first_line + index, col) if _plain(text) else _quoted(text, first_line + index, col)
        if item is None:
            return None, index
        items.append(item)
        index += 1
    if not items:
        return None, index  # an empty value (null) or something else
    return Seq(tuple(items), items[0].line, indent + 1), index


def _flow_list(text: str, line: int, col: int) -> Seq | None:
    """``[a, b, c]`` on one line, with plain items."""
    if text[-1] != "]":
        return None
    inner = text[1:-1]
    if not inner.strip(" "):
        return Seq((), line, col)
    items: list[Node] = []
    start = col + 1
    for part in inner.split(","):
        item = part.strip(" ")
        if not _FLOW_ITEM.fullmatch(item):
            return None
        scalar = _plain_scalar(item, line, start + len(part) - len(part.lstrip(" ")))
        if scalar is None:
            return None
        items.append(scalar)
        start += len(part) + 1
    return Seq(tuple(items), line, col)
