"""Checks on a card's Markdown body: no raw HTML, no links with unsafe schemes.

Python-Markdown publishes raw HTML and ``javascript:`` links exactly as written, so the body
must be plain Markdown. Code (fenced blocks and inline spans) may show HTML: it is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import unquote

from learnshelf import problems as P

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")
_RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|!--|\?|![A-Za-z])")
_LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^\s)>]*)"),                      # [text](target) and ![alt](target)
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)"),  # [ref]: target
    re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>"),  # <scheme:autolink>
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
#: Python-Markdown's attr_list syntax ({: .class onclick="..."}) sets HTML attributes.
_ATTR_LIST = re.compile(r"\{:|\{\s*(?:[.#][A-Za-z_]|[A-Za-z_][\w-]*\s*=)")


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(0-based line index, text) of lines outside fenced code, inline code blanked out."""
    fence = ""
    for index, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            continue
        if match:
            fence = match.group(1)
            continue
        yield index, _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)


def link_scheme(target: str) -> str:
    """The scheme a browser would see for ``target`` after decoding entities and escapes."""
    decoded = unquote(html.unescape(html.unescape(target)))
    squeezed = re.sub(r"[\x00-\x20\x7f\\]", "", decoded).lower()
    match = _SCHEME.match(squeezed)
    return match.group(1) if match else ""


def check_body(body: str, first_line: int, path: str) -> list[P.Problem]:
    """Problems in a card body whose first line is file line ``first_line``."""
    found: list[P.Problem] = []
    if "<" not in body and "{" not in body and "]" not in body:
        return found  # every check below needs one of these characters (most bodies: plain prose)
    for index, line in _prose_lines(body):
        where = first_line + index
        tag = _RAW_HTML.search(line)
        if tag:
            shown = re.match(r"<[!?/]?[A-Za-z0-9-]*", line[tag.start():]).group()  # type: ignore[union-attr]
            found.append(P.make(path, where, tag.start() + 1, "raw-html",
                                f"raw HTML '{shown}' is not allowed in a card; "
                                "use Markdown, or put it in `code` to show it"))
        attrs = _ATTR_LIST.search(line)
        if attrs:
            found.append(P.make(path, where, attrs.start() + 1, "attribute-list",
                                "'{: ...}' attribute lists are not allowed in a card; remove the braces"))
        for pattern in _LINK_TARGETS:
            for match in pattern.finditer(line):
                scheme = link_scheme(match.group(1))
                if scheme and scheme not in SAFE_SCHEMES:
                    found.append(P.make(path, where, match.start(1) + 1, "unsafe-link",
                                        f"links starting with '{scheme}:' are not allowed; link to an https:// page"))
    return found
