"""Lists of cards in generated Markdown, as the HTML Python-Markdown makes of them; nothing more.

Python-Markdown spends most of a listing page's conversion (~10 ms of ~12) in its inline-pattern
engine on the list of cards. A list written by ``listing.items`` has one fixed shape, and its
text went through ``mdtext.text``: every character with a meaning in Markdown or HTML is a
numeric character reference, which Python-Markdown passes through verbatim. So the list's HTML
is known without that engine. ``take_lists`` swaps each list of exactly that shape for a marker
paragraph (Python-Markdown converts the rest of the page as usual) and ``put_lists`` puts the
list's HTML where the marker's paragraph came out. Anything of another shape is left alone.
A front door that renders with Python-Markdown may use this; the output is the same (tests
compare built sites with and without it, and the HTML of random text against Python-Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: One run of ``mdtext.text`` output: no whitespace runs, no Markdown or HTML specials, no controls.
_CHAR = r"(?:[^\s\x00-\x1f\x7f\\`*_{}\[\]()!|<>&~^=$#]|&#[0-9]+;)"  # no controls: \x02, \x03 are Markdown's own
_TEXT = rf"{_CHAR}+(?: {_CHAR}+)*"
#: ... that may also start a line (``mdtext.text`` escapes what would start a block there).
_LINE = r"(?![#+\-.:>0-9])" + _TEXT
_ITEM = (rf"- \*\*\[(?P<title>{_TEXT})\]\((?P<target>[A-Za-z0-9._/-]+\.md)\)\*\*  \n"
         rf"  (?P<facts>{_LINE})  \n"
         rf"  (?P<summary>{_LINE})(?:  \n  \*Why here: (?P<why>{_TEXT})\*)?")
_ITEM_RE = re.compile(_ITEM)
#: A whole list: items on consecutive lines, a blank line (or the page's edge) on both sides.
_ANY_ITEM = re.sub(r"\?P<\w+>", "?:", _ITEM)
_LIST_RE = re.compile(rf"(?:(?<=\n\n)|\A)(?:{_ANY_ITEM}\n)*{_ANY_ITEM}(?=\n\n|\n?\Z)")


def item_html(match: re.Match[str], href: str) -> str:
    """The HTML of one list item, as Python-Markdown writes it."""
    html = (f'<li><strong><a href="{href}">{match["title"]}</a></strong><br />\n'
            f'  {match["facts"]}<br />\n  {match["summary"]}')
    return html + (f'<br />\n<em>Why here: {match["why"]}</em></li>' if match["why"] else "</li>")


def list_html(block: str, href: Callable[[str], str | None]) -> str | None:
    """The HTML of a list of cards; None when a link's target is unknown to ``href``
    (Python-Markdown, or the front door after it, then says so as usual)."""
    items = []
    for match in _ITEM_RE.finditer(block):
        url = href(match["target"])
        if url is None:
            return None
        items.append(item_html(match, url))
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def take_lists(markdown: str, href: Callable[[str], str | None], marker: str) -> tuple[str, dict[str, str]]:
    """``markdown`` with each list of cards replaced by a paragraph ``marker`` + number, and the
    HTML of each list by that paragraph. ``href`` turns a link target as written into the URL
    the front door writes; ``marker`` must be letters and digits no page can contain."""
    lists: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        html = list_html(match[0], href)
        if html is None:
            return match[0]
        key = f"{marker}{len(lists)}"
        lists[key] = html
        return key

    return _LIST_RE.sub(swap, markdown), lists


def put_lists(html: str, lists: dict[str, str]) -> str:
    """Page HTML with every list's marker paragraph replaced by the list."""
    for key, value in lists.items():
        html = html.replace(f"<p>{key}</p>", value, 1)
    return html
