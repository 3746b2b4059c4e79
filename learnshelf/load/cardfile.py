"""Reading one card file: bytes -> front-matter nodes and body, and nothing more.

We parse cards ourselves because MkDocs swallows front-matter errors and publishes the page
anyway. Everything wrong with the file as a file (encoding, fences, YAML) is reported here,
located at the line and column where it happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from learnshelf.load.yamlnodes import Map, parse
from learnshelf.model import problems as P
from learnshelf.model.schema import ID_PATTERN

#: Cards are short; a cap stops a hostile file from costing minutes or memory.
MAX_CARD_BYTES = 64 * 1024
FENCE = "---"
MAX_ID_LENGTH = 80
#: File names MkDocs publishes as the folder's own page.
RESERVED_IDS = frozenset({"index", "readme"})
_BOM = b"\xef\xbb\xbf"


@dataclass
class CardFile:
    """A card file as read: its id, front-matter nodes (None if unreadable) and body."""

    path: str
    id: str
    front: Map | None = None
    body: str = ""
    body_line: int = 1
    problems: list[P.Problem] = field(default_factory=list)


def card_id(path: str) -> str:
    """The card id is the file name without its folder and ``.md`` suffix."""
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


def parse_card(data: bytes, path: str) -> CardFile:
    """Parse a card's bytes; every problem found is recorded on the returned ``CardFile``."""
    card = CardFile(path, card_id(path))
    report = card.problems.append
    _check_id(card)
    if not data.strip():
        report(P.make(path, 1, 1, "empty-file", "the file is empty; write a card or delete the file"))
        return card
    if len(data) > MAX_CARD_BYTES:
        report(too_large(path, len(data)))
        return card
    if data.startswith(_BOM):
        report(P.make(path, 1, 1, "bom",
                      "the file starts with a byte-order mark; save it as UTF-8 without BOM"))
        data = data[len(_BOM):]
    text = _decode(data, card)
    if text is None:
        return card
    _split(text.replace("\r\n", "\n"), card)
    return card


def too_large(path: str, size: int) -> P.Problem:
    """The problem of a card file of ``size`` bytes, over the cap (found before or after reading)."""
    return P.make(path, 1, 1, "card-too-large",
                  f"the card is {size:,} bytes; a card may be at most {MAX_CARD_BYTES:,} "
                  "bytes (link to long material instead of pasting it)")


def _check_id(card: CardFile) -> None:
    if len(card.id) > MAX_ID_LENGTH:
        card.problems.append(P.make(card.path, 1, 1, "invalid-id",
                                    f"the file name '{card.id}' is longer than {MAX_ID_LENGTH} characters; shorten it"))
    elif card.id in RESERVED_IDS:
        card.problems.append(P.make(card.path, 1, 1, "invalid-id",
                                    f"'{card.id}.md' is reserved (it would publish as its folder's page); rename it"))
    elif not ID_PATTERN.match(card.id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", card.id.lower()).strip("-") or "my-card"
        card.problems.append(P.make(
            card.path, 1, 1, "invalid-id",
            f"the file name '{card.id}' is not a valid card id: use lowercase letters, digits "
            f"and single hyphens (did you mean '{suggestion}.md'?)"))


def _decode(data: bytes, card: CardFile) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        card.problems.append(P.make(
            card.path, line, col, "encoding",
            f"byte 0x{data[err.start]:02X} is not valid UTF-8; save the file with UTF-8 encoding"))
        return None


#: The closing fence: a line of ``---``, give or take trailing whitespace (as ``str.rstrip``).
_FENCE_LINE = re.compile(r"^---[^\S\n]*$", re.MULTILINE)


def _split(text: str, card: CardFile) -> None:
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != FENCE:
        card.problems.append(P.make(
            card.path, 1, 1, "front-matter-missing",
            "the card must start with a line '---', then the front matter (key: value lines), then '---'"))
        return
    close = _FENCE_LINE.search(text, first_end + 1) if first_end >= 0 else None
    if close is None:
        card.problems.append(P.make(
            card.path, 1, 1, "front-matter-unclosed",
            "the front matter opened on line 1 is never closed; add a line '---' after the last key"))
        return
    card.body = text[close.end() + 1:]
    card.body_line = text.count("\n", 0, close.start()) + 2
    front = text[first_end + 1:max(first_end + 1, close.start() - 1)]
    root, yaml_problems = parse(front, first_line=2)
    card.problems.extend(P.make(card.path, p.line, p.col, p.rule, p.message) for p in yaml_problems)
    if isinstance(root, Map):
        card.front = root
    elif not yaml_problems:
        line = 2 if root is None else root.line
        what = "empty" if root is None else "not a list of 'key: value' lines"
        card.problems.append(P.make(card.path, line, 1, "front-matter-not-mapping",
                                    f"the front matter is {what}; write one 'key: value' per line"))
