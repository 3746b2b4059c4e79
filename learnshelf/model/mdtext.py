"""Writing untrusted text into generated Markdown safely, and links between generated pages
(their targets from ``routes``).

Every card field that reaches a page goes through ``text`` (inline Markdown) or ``attr`` (the one
escape for HTML we write: text and attribute values alike). Special characters become character
references, which every Markdown engine passes through and every browser shows literally, so no
card text can open a tag, a link, emphasis or a table cell, or end an HTML block.
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
#: A value with no whitespace but single spaces (most are: checked before splitting).
_ONE_LINE = re.compile(r"(?:\S+(?: \S+)*)?")


def _ref(char: str) -> str:
    return f"&#{ord(char)};"


def _reference(match: re.Match[str]) -> str:
    return _ref(match.group())


def text(value: str) -> str:
    """``value`` as literal inline text in Markdown or HTML (one line), safe at any position."""
    escaped = _SPECIAL.sub(_reference, " ".join(value.split()))  # a search: 3x a loop over characters
    return _ref(escaped[0]) + escaped[1:] if escaped[:1] in _LEADING else escaped


def attr(value: str) -> str:
    """``value`` as HTML text or a double-quoted attribute value, on one line (whitespace runs
    become one space: a blank line would end the HTML block in Markdown)."""
    if not _ONE_LINE.fullmatch(value):
        value = " ".join(value.split())
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


def html_target(from_page: str, to_page: str, served: bool | None = None) -> str:
    """The escaped ``href`` value of a link in our HTML between generated pages. Engines differ
    on links in HTML: Zensical resolves them as Markdown links (``served`` None: the ``.md`` path,
    relative), MkDocs leaves them alone (``served``: the URL the page is served at, with
    directory URLs or not)."""
    return attr(quote(routes.rel(from_page, to_page) if served is None else routes.href(from_page, to_page, served)))


def html_link(label: str, from_page: str, to_page: str, served: bool | None = None) -> str:
    """An HTML link with escaped label between generated pages (``html_target``)."""
    return f'<a href="{html_target(from_page, to_page, served)}">{attr(label)}</a>'
