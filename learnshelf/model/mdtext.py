"""Writing untrusted text into generated Markdown safely, and links between generated pages
(their targets from ``routes``).

Every card field that reaches a page goes through ``text`` (inline Markdown) or ``attr``
(inside an HTML attribute we write). Special characters become numeric character references,
which every Markdown engine passes through and every browser shows literally, so no card text
can open a tag, a link, emphasis or a table cell.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from learnshelf.model import routes

#: Characters with a meaning anywhere in a line of Markdown or HTML: replaced by references.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()!|<>&~^=$#]")
#: Characters that only mean something at the start of a line (headings, lists, quotes).
_LEADING = frozenset("#+-.:>0123456789")

#: Characters Markdown's inline patterns read inside a line of HTML: replaced by references.
_INLINE_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "`\\[]!"})


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def _reference(match: re.Match[str]) -> str:
    return _ref(match.group())


def text(value: str) -> str:
    """``value`` as literal inline text in Markdown or HTML (one line), safe at any position."""
    escaped = _SPECIAL.sub(_reference, " ".join(value.split()))  # a search: 3x a loop over characters
    return _ref(escaped[0]) + escaped[1:] if escaped[:1] in _LEADING else escaped


def attr(value: str) -> str:
    """``value`` escaped for a double-quoted HTML attribute."""
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;").replace("'", "&#39;"))


def inline_attr(value: str) -> str:
    """``value`` escaped for a double-quoted attribute of HTML written in a line of Markdown, where
    Markdown's code, escape, link and image patterns run before the tag is set aside (so ``[x]``
    in a URL would become a link inside the attribute); the references read the same."""
    return attr(value).translate(_INLINE_SPECIAL)


def url(value: str) -> str:
    """An external URL made safe as a Markdown link target or an HTML attribute.

    Card URLs are already validated as http(s); this only percent-encodes characters that
    could end the link target or the attribute."""
    return quote(value, safe="/:?#[]@!$&*+,;=%~-._")


def link(label: str, from_page: str, to_page: str) -> str:
    """A Markdown link with escaped label between generated pages."""
    return f"[{text(label)}]({routes.rel(from_page, to_page)})"
