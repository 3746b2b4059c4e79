"""Checks on a card's Markdown body, and their rules: no raw HTML, no links with unsafe schemes,
no attribute lists, nothing too costly to render.

Python-Markdown publishes raw HTML and ``javascript:`` links exactly as written, so the body
must be plain Markdown. Code (fenced blocks and inline spans) may show HTML: it is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import unquote

from learnshelf.check.bodyhtml import Unsafe, marked_body, published_body, published_text, render
from learnshelf.load.siteconfig import MarkdownConfig
from learnshelf.model import problems as P
from learnshelf.model.rules import ERROR, WARNING, Rule
from learnshelf.model.schema import BODY_PLACEHOLDER, is_placeholder_body

RAW_HTML = Rule(
    "raw-html", ERROR,
    ("Card bodies are Markdown; raw HTML is not published. The body is rendered as the site "
     "renders it and every element and attribute is checked."),
    bad="<b>Tip:</b> ask questions",
    fixed="**Tip:** ask questions")

ATTRIBUTE_LIST = Rule(
    "attribute-list", ERROR,
    "Attribute lists ({: .class onclick=...}) would set HTML attributes; cards cannot use them.",
    bad='A paragraph\n{: onclick="alert(1)" }',
    fixed="A paragraph")

UNSAFE_LINK = Rule(
    "unsafe-link", ERROR,
    "Links in the body must be http(s) or mailto; javascript:, data: and similar are refused.",
    bad="[click](javascript:alert(1))",
    fixed="[the guide](https://example.org/guide)")

BODY_TOO_COMPLEX = Rule(
    "body-too-complex", ERROR,
    ("A body with thousands of brackets, backticks, headings or deeply nested quotes would take "
     "the site minutes to render."),
    bad="[[[[[[[[[[... (8,000 brackets in one paragraph)",
    fixed="A few paragraphs of plain text with [links](https://example.org).")

PLACEHOLDER_BODY = Rule(
    "placeholder-body", WARNING,
    ("The body is still the prompt that `learnshelf new` and `learnshelf import` write; replace it "
     "with why the resource is worth someone's time and how to apply it at work."),
    bad=BODY_PLACEHOLDER,
    fixed="Read it before your first one-to-one: the three questions on page 2 work in any team.")

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
    if is_placeholder_body(body):
        where = first_line + len(body[:len(body) - len(body.lstrip())].split("\n")) - 1
        found.append(PLACEHOLDER_BODY.problem(path, where, 1, "the body is still the scaffold's prompt; "
                                              "say why this is worth someone's time and how to apply it at work"))
    if "<" not in body and "{" not in body and "]" not in body:
        return found  # every check below needs one of these characters (most bodies: plain prose)
    for index, line in _prose_lines(body):
        where = first_line + index
        tag = _RAW_HTML.search(line)
        if tag:
            shown = re.match(r"<[!?/]?[A-Za-z0-9-]*", line[tag.start():]).group()  # type: ignore[union-attr]
            found.append(RAW_HTML.problem(path, where, tag.start() + 1,
                                          f"raw HTML '{shown}' is not allowed in a card; "
                                          "use Markdown, or put it in `code` to show it"))
        attrs = _ATTR_LIST.search(line)
        if attrs:
            found.append(ATTRIBUTE_LIST.problem(path, where, attrs.start() + 1,
                                                "'{: ...}' attribute lists are not allowed in a card; remove the braces"))
        for pattern in _LINK_TARGETS:
            for match in pattern.finditer(line):
                scheme = link_scheme(match.group(1))
                if scheme and scheme not in SAFE_SCHEMES:
                    found.append(UNSAFE_LINK.problem(path, where, match.start(1) + 1,
                                                     f"links starting with '{scheme}:' are not allowed; link to an https:// page"))
    return found


# Limits that keep the work per card small, checked before anything renders the body. Python-
# Markdown's inline patterns take time growing with the square of the markup characters in one
# paragraph (measured: 1,000 '[' 0.2 s, 8,000 15 s; 3,000 code spans 5 s), a run of backticks
# with its cube (1,000 in a row: 3.6 s), toc's unique heading ids with the square of equal
# headings (1,000: 0.7 s) and reference definitions likewise (1,000: 0.6 s).
MAX_MARKUP_PER_BLOCK = 500
MAX_MARKUP = 4000
MAX_BACKTICK_RUN = 16
MAX_HEADINGS = 200
MAX_REFERENCES = 500
MAX_QUOTE_DEPTH = 20
_MARKUP = re.compile(r"[`\[<!*_&]")
_BLOCK_START = re.compile(r"\s*(?:[-*+]\s|\d{1,9}[.)]\s|[|>#]|`{3}|~{3})")
_HEADING = re.compile(r"\s{0,3}(?:#{1,6}(?:\s|$)|=+\s*$|-+\s*$)")
_REFERENCE = re.compile(r"[\s>]*\[[^\]]*\]:")
_BACKTICKS = re.compile("`{" + str(MAX_BACKTICK_RUN + 1) + ",}")


def _too_complex(path: str, line: int, what: str) -> P.Problem:
    return BODY_TOO_COMPLEX.problem(path, line, 1,
                                    f"{what}; split the text into paragraphs, or link to the material instead")


def check_limits(body: str, first_line: int, path: str) -> list[P.Problem]:
    """Problems with a body that would cost the site's Markdown too much to render."""
    found: list[P.Problem] = []
    total = headings = references = block = block_start = 0
    flagged = False
    for index, line in enumerate(body.split("\n")):
        if not line.strip() or _BLOCK_START.match(line):
            block, block_start = 0, index
        count = len(_MARKUP.findall(line))
        block, total = block + count, total + count
        if block > MAX_MARKUP_PER_BLOCK and not flagged:
            flagged = True
            found.append(_too_complex(path, first_line + block_start, f"this paragraph has more than "
                                      f"{MAX_MARKUP_PER_BLOCK} markup characters (` [ < ! * _ &)"))
        headings += bool(_HEADING.match(line))
        references += bool(_REFERENCE.match(line))
        run = _BACKTICKS.search(line)
        if run:
            found.append(_too_complex(path, first_line + index, f"a run of {len(run.group())} backticks "
                                      f"is longer than {MAX_BACKTICK_RUN}"))
        depth = re.match(r"[ >]*", line).group().count(">")  # type: ignore[union-attr]
        if depth > MAX_QUOTE_DEPTH:
            found.append(_too_complex(path, first_line + index, f"quotes are nested {depth} deep, "
                                      f"more than {MAX_QUOTE_DEPTH}"))
    for count, limit, what in ((total, MAX_MARKUP, "markup characters (` [ < ! * _ &)"),
                               (headings, MAX_HEADINGS, "headings"), (references, MAX_REFERENCES, "link references")):
        if count > limit:
            found.append(_too_complex(path, first_line, f"the body has {count:,} {what}, more than {limit:,}"))
    return found[:10]  # a bomb repeats itself: the first few say enough


def _visible(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes (one line)."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: {"\n": "\\n", "\t": "\\t"}.get(m.group(), f"\\x{ord(m.group()):02x}"),
                  text)


#: The marker the validator renders a body between, as the card page does (``marked_body``).
_CHECK_MARKER = "learnshelf-body-" + "0" * 16


def _unsafe(body: str, config: MarkdownConfig) -> list[Unsafe]:
    """What ``body`` would publish outside the allowlist, rendered between the markers that
    surround it on its card page (so what it does to the page around it counts too)."""
    try:
        return published_body(render(marked_body(body, _CHECK_MARKER), config), _CHECK_MARKER)[1]
    except ValueError:
        return [Unsafe("unclosed HTML (it would swallow the rest of the page)", "<!--", "<!--")]


def _first_line_showing(lines: list[str], item: Unsafe, config: MarkdownConfig) -> int:
    """The 0-based index of the first line whose inclusion makes ``item`` appear in the
    rendered body (by bisection over prefixes: only bodies found unsafe pay for it)."""
    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if item in _unsafe("\n".join(lines[:middle]), config):
            high = middle
        else:
            low = middle + 1
    return low - 1


def check_rendered(body: str, first_line: int, path: str, config: MarkdownConfig,
                   known: frozenset[int] = frozenset()) -> list[P.Problem]:
    """Problems in the HTML the site's Markdown makes of ``body``: anything outside the allowlist
    of ``learnshelf.check.bodyhtml``, located at the source line that produces it. Lines in ``known``
    already carry a line check's problem (a better message) and are not reported again."""
    body, skipped = published_text(body)
    unsafe = _unsafe(body, config)
    if not unsafe:
        return []
    first_line += skipped
    lines = body.split("\n")
    found: dict[tuple[int, str], P.Problem] = {}
    for item in unsafe:
        index = _first_line_showing(lines, item, config)
        where = first_line + index
        if where in known or (where, item.what) in found:
            continue
        col = lines[index].lower().find(item.needle.lower()) + 1 or 1
        tag = _visible(item.tag)
        if item.what.endswith(" link"):
            found[where, item.what] = UNSAFE_LINK.problem(path, where, col,
                                                          f"this renders as {tag}: {item.what} is not allowed; link to an https:// page")
        else:
            found[where, item.what] = RAW_HTML.problem(path, where, col,
                                                       f"this renders as HTML {tag}: {item.what} cannot be published in a card; "
                                                       "use Markdown, or show HTML in a fenced code block")
    return list(found.values())
