"""Lists and link lines of generated Markdown, as the HTML Python-Markdown makes of them; nothing more.

Python-Markdown spends most of a generated page's conversion in its inline-pattern engine, on
the lists of cards (~10 ms of a listing page's ~12) and a card page's topic and reason links.
Those blocks have fixed shapes, and their text went through ``mdtext.text``: every character
with a meaning in Markdown or HTML is a numeric character reference, which Python-Markdown
passes through verbatim. So their HTML is known without that engine. ``take_lists`` swaps each
block of exactly such a shape for a marker paragraph (Python-Markdown converts the rest of the
page as usual) and ``put_lists`` puts the block's HTML where the marker's paragraph came out.
Anything of another shape, a list Markdown would join to a neighbouring block, and any page
with HTML (other than a card page's own) or a code fence are left alone.
A front door that renders with Python-Markdown may use this; the output is the same (tests
compare built sites with and without it, and the HTML of random text against Python-Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: One run of ``mdtext.text`` output: no whitespace runs, no Markdown or HTML specials, no controls.
_CHAR = r"(?:[^\s\x00-\x1f\x7f\\`*_{}\[\]\(\)!|<>&~^=$#]|&#[0-9]+;)"  # no controls: \x02, \x03 are Markdown's own
_TEXT = rf"{_CHAR}+(?: {_CHAR}+)*"
#: ... that may also start a line (``mdtext.text`` escapes what would start a block there).
_START = r"(?![#+\-.:>0-9])"
_LINE = _START + _TEXT
#: A link to another page, as ``mdtext.link`` writes it (label, then the target as written).
_LINK = r"\[(" + _TEXT + r")\]\(([A-Za-z0-9._/-]+\.md)\)"
_LINK_RE = re.compile(_LINK)
#: Text with links in it.
_INLINE = rf"(?:{_CHAR}|{_LINK})+(?: (?:{_CHAR}|{_LINK})+)*"
_CARD = (rf"- \*\*{_LINK}\*\*  \n  (?P<facts>{_LINE})  \n"
         rf"  (?P<summary>{_LINE})(?:  \n  \*Why here: (?P<why>{_TEXT})\*)?")
_CARD_RE = re.compile(_CARD)


def _unnamed(pattern: str) -> str:
    """``pattern`` without capturing groups (parentheses in classes must be escaped)."""
    return re.sub(r"(?<!\\)\((?:\?P<\w+>|(?!\?))", "(?:", pattern)


_ANY = _unnamed(_INLINE)
_ITEM_RE = re.compile(rf"- {_START}(?P<text>{_ANY})")
_TAGS_RE = re.compile(rf"\*\*Topics:\*\* (?P<topics>{_ANY})  \n"
                      rf"\*\*For:\*\* (?P<roles>{_ANY}|everyone \(core curriculum; on every {_unnamed(_LINK)}\))  ")
#: Whole blocks (text between blank lines) of each shape.
_CARDS_RE = re.compile(rf"(?:{_unnamed(_CARD)}\n)*{_unnamed(_CARD)}")
_LINKS_RE = re.compile(rf"(?:{_unnamed(_ITEM_RE.pattern)}\n)*{_unnamed(_ITEM_RE.pattern)}")
#: A block Markdown would join to a list next to it: a list item or an indented line.
_LISTISH = re.compile(r"[ \t]|[*+-][ \t]|[0-9]+\.[ \t]")
_BLANK = re.compile(r"\n[ \t]*\n")
_REFERENCE_DEF = re.compile(r" {0,3}\[[^\]]+\]:")
#: "<", or "&" that is not a character reference (HTML, or what may start it), or a code fence.
_HTML = re.compile(r"<|&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z0-9]+);)|^[ \t]*(?:```|~~~)", re.MULTILINE)
#: The HTML a card page writes itself (button, chips): whole elements, values escaped by
#: mdtext.attr and inline_attr (no raw character Markdown's inline patterns read before HTML).
_ATTR = r"(?:[^\x00-\x1f\x7f\s\"'<>&`\\\[\]!]|[ ]|&(?:amp|quot|lt|gt|#[0-9]+);)+"
_OWN_HTML = re.compile(rf'<a class="md-button md-button--primary ls-open" href="{_ATTR}" '
                       rf'rel="noopener noreferrer">Open resource</a>|'
                       rf'<p class="ls-chips">(?:<span class="ls-chip">{_ATTR}</span>)+</p>|'
                       r'<!-- /?learnshelf-body-[0-9a-f]{16} -->')  # bodyhtml.marked_body


def _blocks(markdown: str) -> list[tuple[int, str]]:
    """The page's blocks between blank lines, with where each starts (the page's last newline
    is not part of its last block)."""
    blocks, at = [], 0
    for block in markdown.split("\n\n"):
        blocks.append((at, block))
        at += len(block) + 2
    if blocks and blocks[-1][1].endswith("\n"):
        blocks[-1] = (blocks[-1][0], blocks[-1][1][:-1])
    return blocks


def _html_in(blocks: list[tuple[int, str]]) -> bool:
    """Whether the page has HTML not written by the card page itself, or a code fence.
    Markdown may read anything after it as part of that HTML or code; and how it reads malformed
    HTML depends on how much it set aside before (numbered placeholders), which taking blocks
    changes. So a page with any of it is left to Python-Markdown whole."""
    return any(_HTML.search(block) and not _OWN_HTML.fullmatch(block) for _, block in blocks)


def inline_html(text: str, href: Callable[[str], str | None]) -> str | None:
    """Text with links as HTML; None when a link's target is unknown to ``href``."""
    urls = [href(match[2]) for match in _LINK_RE.finditer(text)]
    if None in urls:
        return None
    found = iter(urls)
    return _LINK_RE.sub(lambda match: f'<a href="{next(found)}">{match[1]}</a>', text)


def _cards(block: str, href: Callable[[str], str | None]) -> str | None:
    items = []
    for match in _CARD_RE.finditer(block):
        url = href(match[2])
        if url is None:
            return None
        html = (f'<li><strong><a href="{url}">{match[1]}</a></strong><br />\n'
                f'  {match["facts"]}<br />\n  {match["summary"]}')
        items.append(html + (f'<br />\n<em>Why here: {match["why"]}</em></li>' if match["why"] else "</li>"))
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _links(block: str, href: Callable[[str], str | None]) -> str | None:
    items = [inline_html(match["text"], href) for match in _ITEM_RE.finditer(block)]
    return None if None in items else "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def _tags(block: str, href: Callable[[str], str | None]) -> str | None:
    match = _TAGS_RE.fullmatch(block)
    assert match is not None
    topics, roles = inline_html(match["topics"], href), inline_html(match["roles"], href)
    if topics is None or roles is None:
        return None
    return f"<p><strong>Topics:</strong> {topics}<br />\n<strong>For:</strong> {roles}  </p>"


#: Each shape: how its blocks start, its pattern, its HTML, and whether it is a list.
_SHAPES = (("- **[", _CARDS_RE, _cards, True), ("- ", _LINKS_RE, _links, True),
           ("**Topics:** ", _TAGS_RE, _tags, False))


def _alone(text: str, start: int, end: int) -> bool:
    """Whether the list at ``text[start:end]`` stays a list of its own (Markdown joins a list
    to a list or indented block before or after it, across blank lines)."""
    before = _BLANK.split(text[:start].rstrip("\n"))[-1]
    after = text[end:].lstrip("\n")
    # A reference definition makes no element: the block past it would be the neighbour.
    return not any(_LISTISH.match(block) or _REFERENCE_DEF.match(block) for block in (before, after))


def take_lists(markdown: str, href: Callable[[str], str | None], marker: str,
               after: int = 0) -> tuple[str, dict[str, str]]:
    """``markdown`` with each block of a known shape that starts at or after ``after`` replaced
    by a paragraph ``marker`` + number, and the HTML of each block by that paragraph. ``href``
    turns a link target as written into the URL the front door writes; ``marker`` must be
    letters and digits no page can contain."""
    taken: dict[str, str] = {}
    blocks = _blocks(markdown)
    if _html_in(blocks):
        return markdown, taken
    out, at = [], 0
    for start, block in blocks:
        if start < after:
            continue
        shape = next((shape for shape in _SHAPES if block.startswith(shape[0])), None)
        if shape is None or not shape[1].fullmatch(block):
            continue
        end = start + len(block)
        if shape[3] and not _alone(markdown, start, end):
            continue
        html = shape[2](block, href)
        if html is not None:
            key = f"{marker}{len(taken)}"
            taken[key] = html
            out += [markdown[at:start], key]
            at = end
    return "".join(out) + markdown[at:], taken


def put_lists(html: str, lists: dict[str, str]) -> str:
    """Page HTML with every block's marker paragraph replaced by the block; ValueError when a
    marker did not come out as a paragraph of its own (the page would not be what it says)."""
    for key, value in lists.items():
        if html.count(f"<p>{key}</p>") != 1:
            raise ValueError(f"a list's marker {key} is not one paragraph of the page's HTML")
        html = html.replace(f"<p>{key}</p>", value, 1)
    return html
