"""Generated pages' lists and link lines handed to MkDocs as HTML; nothing more.

The MkDocs side of ``learnshelf.pages.listhtml`` (it imports MkDocs; the core never imports it): links
are resolved as MkDocs resolves them (a target it does not know leaves the block to
Python-Markdown, so MkDocs warns as usual), and on a card page only the blocks after the card's
own body are taken.
"""

from __future__ import annotations

import posixpath
import secrets
from urllib.parse import urlunsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from learnshelf.check.bodyhtml import marked_body, published_text
from learnshelf.model.routes import card_page
from learnshelf.pages.listhtml import put_lists, take_lists
from learnshelf.pages.site import Site

ABOUT = "## About this resource\n\n"
#: Markdown extensions the HTML is checked against (tests/test_listhtml.py), with MkDocs' own.
CHECKED_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "admonition", "attr_list"})


class FastLists:
    """The blocks taken out of each generated page's Markdown, until its HTML is ready."""

    def __init__(self, site: Site, marker: str) -> None:
        self.pages = set(site.pages)
        self.bodies = {card_page(c): marked_body(published_text(c.body)[0], marker) for c in (site.catalog.cards if site.catalog else [])}
        self.marker = "LSLIST" + secrets.token_hex(8)  # no page can contain it
        self.taken: dict[str, dict[str, str]] = {}
        self.by_uri: dict[str, File] | None = None

    def take(self, markdown: str, page: Page, files: Files) -> str:
        """The page's Markdown with its known blocks replaced by markers (a card's body kept)."""
        uri = page.file.src_uri
        if uri not in self.pages:
            return markdown

        if self.by_uri is None:  # the same files for every page of a build
            self.by_uri = {file.src_uri: file for file in files}
        by_uri, folder = self.by_uri, posixpath.dirname(uri)

        def href(target: str) -> str | None:
            file = by_uri.get(posixpath.normpath(posixpath.join(folder, target)))
            if file is None or not file.is_documentation_page() or file.inclusion.is_excluded():  # type: ignore[no-untyped-call]
                return None
            return urlunsplit(("", "", get_relative_url(file.url, page.file.url), "", ""))  # as MkDocs

        # Only blocks after a card's body: Python-Markdown numbers what it sets aside in page
        # order, and a body that trips it up shows those numbers, so none may change before it.
        after, body = 0, self.bodies.get(uri)
        if body:
            fence = f"{ABOUT}{body}\n"
            found = markdown.find(fence)
            after = found + len(fence) if found >= 0 else len(markdown)  # not found: take nothing
        markdown, self.taken[uri] = take_lists(markdown, href, self.marker, after)
        return markdown

    def put(self, html: str, page: Page) -> str:
        """The page's HTML with the blocks back in place."""
        lists = self.taken.pop(page.file.src_uri, None)
        try:
            return put_lists(html, lists) if lists else html
        except ValueError as err:
            raise PluginError(f"learnshelf: {page.file.src_uri}: {err}; set the plugin's fast_lists "
                              "option to false, and please report it") from None

    @staticmethod
    def fits(config: MkDocsConfig) -> bool:
        """Whether the site's Markdown extensions are ones the HTML was checked against (others,
        such as smarty or emoji, change plain text)."""
        return all(isinstance(name, str) and name.rsplit(".", 1)[-1] in CHECKED_EXTENSIONS
                   for name in config.markdown_extensions)
