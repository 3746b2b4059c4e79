"""Render, then inspect: a card body as the site's Markdown renders it, held to an allowlist.

The line checks in ``learnshelf.check.body`` guess how Markdown will read a body, and a guess can be
wrong (an escaped backtick, an indented fence, a link target split over lines). So every body
is also rendered by Python-Markdown with the site's own extensions (read from ``mkdocs.yml``),
the HTML is parsed by a real HTML5 parser (justhtml) and every element, attribute and URL is
checked against the allowlist below: what a card body may publish. Anything else is a problem,
located at the first source line whose inclusion makes it appear.

The MkDocs plugin holds each published card page's body to the same ``inspect`` (build-time
defence in depth), so a body the validator missed still never reaches the site.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import justhtml

from learnshelf.load.siteconfig import MarkdownConfig

#: Elements a card body may produce: what Python-Markdown and its standard extensions write.
ALLOWED_ELEMENTS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "kbd",
    "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "table", "thead", "tbody",
    "tr", "th", "td", "div", "span", "sup", "sub", "del", "ins", "mark", "abbr", "s", "small",
})
#: Attributes allowed on every allowed element, each with the values it may take.
_TOKEN = re.compile(r"[\w:.-]+")
_CLASSES = re.compile(r"[\w:. -]*")
_ALIGN = re.compile(r"text-align: ?(left|right|center);?")
_ANY_TEXT = re.compile(r".*", re.DOTALL)
_GLOBAL_ATTRIBUTES = {"id": _TOKEN, "class": _CLASSES, "title": _ANY_TEXT}
_ELEMENT_ATTRIBUTES: dict[str, dict[str, re.Pattern[str]]] = {
    "a": {"href": _ANY_TEXT},
    "img": {"src": _ANY_TEXT, "alt": _ANY_TEXT},
    "ol": {"start": re.compile(r"\d{1,9}")},
    "th": {"style": _ALIGN, "align": re.compile(r"left|right|center")},
    "td": {"style": _ALIGN, "align": re.compile(r"left|right|center")},
}
#: Attributes holding a URL: checked as a browser reads them.
URL_ATTRIBUTES = frozenset({"href", "src"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: What browsers remove from a URL before reading its scheme (WHATWG URL: C0 and space at the
#: ends, ASCII tab and newline anywhere); entities are already decoded by the HTML parser.
_URL_STRIP = "".join(chr(c) for c in range(0x21))
_URL_DROP = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")

def render(body: str, config: MarkdownConfig) -> str:
    """``body`` as HTML, converted exactly as the site converts a page."""
    converter = config.markdown()
    converter.reset()
    return str(converter.convert(body))


@dataclass(frozen=True)
class Unsafe:
    """One thing in rendered HTML outside the allowlist: what it is, the start tag it is in,
    and a piece of source text to look for when locating it."""

    what: str
    tag: str
    needle: str


def url_scheme(value: str) -> str:
    """The scheme a browser reads in an attribute's URL (lowercase), or '' for a relative URL."""
    squeezed = value.strip(_URL_STRIP).translate(_URL_DROP)
    match = _SCHEME.match(squeezed)
    return match.group(1).lower() if match else ""


def _start_tag(node: Any) -> str:
    attrs = "".join(f' {name}="{value}"' if value else f" {name}" for name, value in (node.attrs or {}).items())
    shown = f"<{node.name}{attrs}>"
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _walk(root: Any) -> Iterator[Any]:
    stack = list(reversed(root.children or []))
    while stack:  # iterative: a deeply nested body must not exhaust Python's stack
        node = stack.pop()
        yield node
        stack.extend(reversed(getattr(node, "children", None) or []))


def inspect(html: str) -> list[Unsafe]:
    """Everything in ``html`` (a fragment) outside the allowlist, in document order."""
    found: list[Unsafe] = []
    for node in _walk(justhtml.JustHTML(html, fragment=True, sanitize=False).root):
        name = node.name
        if name == "#text":
            continue
        if name.startswith("#") or not isinstance(node, justhtml.Element):
            kind = "an HTML comment" if name == "#comment" else f"markup ({name.lstrip('#')})"
            found.append(Unsafe(kind, "<!--" if name == "#comment" else "<!", "<!"))
            continue
        tag = _start_tag(node)
        if node.namespace not in (None, "html") or name not in ALLOWED_ELEMENTS:
            found.append(Unsafe(f"element <{name}>", tag, "<" + name))
            continue
        allowed = _ELEMENT_ATTRIBUTES.get(name, {})
        for attribute, value in (node.attrs or {}).items():
            pattern = allowed.get(attribute) or _GLOBAL_ATTRIBUTES.get(attribute)
            if pattern is None or not pattern.fullmatch(value or ""):
                found.append(Unsafe(f"attribute '{attribute}'", tag, attribute))
            elif attribute in URL_ATTRIBUTES:
                scheme = url_scheme(value or "")
                if scheme and scheme not in SAFE_SCHEMES:
                    found.append(Unsafe(f"a '{scheme}:' link", tag, scheme[:4]))
    return found


def published_text(body: str) -> tuple[str, int]:
    """The body as a card page publishes it (leading blank lines and trailing space removed:
    leading spaces stay, as they decide whether a line is code), and how many lines went."""
    text = _LEADING_BLANK_LINES.sub("", body)
    return text.rstrip(), body.count("\n", 0, len(body) - len(text))


_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def new_marker() -> str:
    """A marker for ``marked_body``, new for each build (so no card can contain it)."""
    return f"learnshelf-body-{secrets.token_hex(8)}"


def marked_body(body: str, marker: str) -> str:
    """A card body between two comment lines naming ``marker`` (a secret of the build), so that
    its HTML can be found in the published page: ``published_body`` inspects it there."""
    return f"<!-- {marker} -->\n\n{body}\n\n<!-- /{marker} -->" if marker else body


def published_body(html: str, marker: str) -> tuple[str, list[Unsafe]]:
    """The page ``html`` without the body's marker comments, and everything in the body's HTML
    outside the allowlist. Raises ``ValueError`` when the markers are not both there."""
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    first, last = html.find(start), html.rfind(end)  # the outermost pair: a body cannot know the marker
    if first < 0 or last < first:
        raise ValueError("the card's body does not end where it should in the page's HTML")
    unsafe = inspect(html[first + len(start):last])
    return html[:first] + html[first + len(start):last] + html[last + len(end):], unsafe
