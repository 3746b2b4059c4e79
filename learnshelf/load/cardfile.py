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
from learnshelf.model.rules import ERROR, Rule
from learnshelf.model.schema import ID_PATTERN

#: Cards are short; a cap stops a hostile file from costing minutes or memory.
MAX_CARD_BYTES = 64 * 1024
FENCE = "---"
MAX_ID_LENGTH = 80
#: File names MkDocs publishes as the folder's own page.
RESERVED_IDS = frozenset({"index", "readme"})
_BOM = b"\xef\xbb\xbf"

# The rules a card file breaks as a file: its name, size, encoding and fences.
EMPTY_FILE = Rule(
    "empty-file", ERROR,
    "The card file has no content.",
    bad="(an empty file)",
    fixed="---\ntitle: ...\n---")

CARD_TOO_LARGE = Rule(
    "card-too-large", ERROR,
    "A card may be at most 64 KB; link to long material instead of pasting it.",
    bad="(a 200 KB card)",
    fixed="url: https://example.org/the-long-document")

BOM = Rule(
    "bom", ERROR,
    "The file starts with an invisible byte-order mark.",
    bad="(file saved as 'UTF-8 with BOM')",
    fixed="(file saved as 'UTF-8')")

ENCODING = Rule(
    "encoding", ERROR,
    "The file is not UTF-8 text.",
    bad="(file saved as Latin-1 or UTF-16)",
    fixed="(file saved as UTF-8)")

INVALID_ID = Rule(
    "invalid-id", ERROR,
    ("A card id (the file name without .md) and its folders use lowercase letters, digits and "
     "single hyphens, at most 80 characters; 'index' is reserved."),
    bad="docs/resources/Giving_Feedback.md",
    fixed="docs/resources/giving-feedback.md")

FRONT_MATTER_MISSING = Rule(
    "front-matter-missing", ERROR,
    "The card must start with a line '---', the fields, then '---'.",
    bad="title: Onboarding\n...",
    fixed="---\ntitle: Onboarding\n...\n---")

FRONT_MATTER_UNCLOSED = Rule(
    "front-matter-unclosed", ERROR,
    "The front matter has no closing '---' line.",
    bad="---\ntitle: Onboarding\n(body text)",
    fixed="---\ntitle: Onboarding\n---\n(body text)")

FRONT_MATTER_NOT_MAPPING = Rule(
    "front-matter-not-mapping", ERROR,
    "The front matter must be 'key: value' lines.",
    bad="---\n- a list\n---",
    fixed="---\ntitle: A title\n---")


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
        report(EMPTY_FILE.problem(path, 1, 1, "the file is empty; write a card or delete the file"))
        return card
    if len(data) > MAX_CARD_BYTES:
        report(too_large(path, len(data)))
        return card
    if data.startswith(_BOM):
        report(BOM.problem(path, 1, 1,
                           "the file starts with a byte-order mark; save it as UTF-8 without BOM"))
        data = data[len(_BOM):]
    text = _decode(data, card)
    if text is None:
        return card
    _split(text.replace("\r\n", "\n"), card)
    return card


def too_large(path: str, size: int) -> P.Problem:
    """The problem of a card file of ``size`` bytes, over the cap (found before or after reading)."""
    return CARD_TOO_LARGE.problem(path, 1, 1,
                                  f"the card is {size:,} bytes; a card may be at most {MAX_CARD_BYTES:,} "
                                  "bytes (link to long material instead of pasting it)")


def _check_id(card: CardFile) -> None:
    if len(card.id) > MAX_ID_LENGTH:
        card.problems.append(INVALID_ID.problem(card.path, 1, 1,
                                                f"the file name '{card.id}' is longer than {MAX_ID_LENGTH} characters; shorten it"))
    elif card.id in RESERVED_IDS:
        card.problems.append(INVALID_ID.problem(card.path, 1, 1,
                                                f"'{card.id}.md' is reserved (it would publish as its folder's page); rename it"))
    elif not ID_PATTERN.match(card.id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", card.id.lower()).strip("-") or "my-card"
        card.problems.append(INVALID_ID.problem(
            card.path, 1, 1, f"the file name '{card.id}' is not a valid card id: use lowercase letters, digits "
            f"and single hyphens (did you mean '{suggestion}.md'?)"))


def _decode(data: bytes, card: CardFile) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        card.problems.append(ENCODING.problem(
            card.path, line, col,
            f"byte 0x{data[err.start]:02X} is not valid UTF-8; save the file with UTF-8 encoding"))
        return None


#: The closing fence: a line of ``---``, give or take trailing whitespace (as ``str.rstrip``).
_FENCE_LINE = re.compile(r"^---[^\S\n]*$", re.MULTILINE)


def _split(text: str, card: CardFile) -> None:
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != FENCE:
        card.problems.append(FRONT_MATTER_MISSING.problem(
            card.path, 1, 1,
            "the card must start with a line '---', then the front matter (key: value lines), then '---'"))
        return
    close = _FENCE_LINE.search(text, first_end + 1) if first_end >= 0 else None
    if close is None:
        card.problems.append(FRONT_MATTER_UNCLOSED.problem(
            card.path, 1, 1,
            "the front matter opened on line 1 is never closed; add a line '---' after the last key"))
        return
    card.body = text[close.end() + 1:]
    card.body_line = text.count("\n", 0, close.start()) + 2
    front = text[first_end + 1:max(first_end + 1, close.start() - 1)]
    root, yaml_problems = parse(front, first_line=2)
    card.problems.extend(p.rule.problem(card.path, p.line, p.col, p.message) for p in yaml_problems)
    if isinstance(root, Map):
        card.front = root
    elif not yaml_problems:
        line = 2 if root is None else root.line
        what = "empty" if root is None else "not a list of 'key: value' lines"
        card.problems.append(FRONT_MATTER_NOT_MAPPING.problem(
            card.path, line, 1,
            f"the front matter is {what}; write one 'key: value' per line"))
