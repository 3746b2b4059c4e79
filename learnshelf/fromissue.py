"""``learnshelf from-issue``: a "Suggest a resource" issue form body -> a card; nothing more.

GitHub renders an issue form as ``### <label>`` headings each followed by the answer,
``_No response_`` for an empty answer and ``- [X] option`` for ticked checkboxes. Labels map
to card fields by name (case, punctuation and words in brackets ignored), so the form and this
parser agree as long as each label starts with the field's name or a listed alias.
"""

from __future__ import annotations

import re

from learnshelf.schema import FIELDS_BY_NAME

NO_RESPONSE = "_No response_"
#: GitHub caps an issue body at 65,536 characters, at most 4 bytes each in UTF-8.
MAX_ISSUE_BYTES = 4 * 65_536
#: Label words (normalised) that mean a card field, besides the field names themselves.
ALIASES = {
    "link": "url", "address": "url", "web address": "url", "resource type": "type",
    "author or provider": "source", "provider": "source", "author": "source",
    "your name or handle": "contributor", "your name": "contributor", "added by": "contributor",
    "why is it worth someone s time": "body", "why it is worth your time": "body",
    "notes": "body", "description": "body", "details": "body",
}
_HEADING = re.compile(r"^###\s+(.+?)\s*$", re.MULTILINE)
_TICKED = re.compile(r"^\s*-\s*\[[xX]\]\s*(.+?)\s*$", re.MULTILINE)
_CHECKBOX = re.compile(r"^\s*-\s*\[[ xX]\]", re.MULTILINE)


def _normalise(label: str) -> str:
    label = re.sub(r"\(.*?\)", " ", label.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", label).split())


def field_for(label: str) -> str | None:
    """The card field a form label stands for, or None."""
    key = _normalise(label)
    if key in FIELDS_BY_NAME or key == "body":
        return key
    if key in ALIASES:
        return ALIASES[key]
    first = key.split(" ", 1)[0] if key else ""
    return first if first in FIELDS_BY_NAME else None


def _answer(text: str) -> str:
    text = text.strip()
    if text == NO_RESPONSE:
        return ""
    if _CHECKBOX.search(text):
        return ", ".join(_TICKED.findall(text))
    return text


def parse_form(body: str) -> tuple[dict[str, str], str, list[str]]:
    """(field values, Markdown body, labels that match no field) from an issue body."""
    parts = _HEADING.split(body.replace("\r\n", "\n"))
    values: dict[str, str] = {}
    text = ""
    unknown = []
    for label, answer in zip(parts[1::2], parts[2::2]):
        target = field_for(label)
        value = _answer(answer)
        if target is None:
            unknown.append(label)
        elif target == "body":
            text = value
        elif value:
            values[target] = " ".join(value.split())
    return values, text, unknown
