"""The MkDocs front door: feeds the core's generated pages to MkDocs, and nothing more.

Every hook guards, delegates one call to the core, and turns card problems into one
``PluginError`` listing them all. Card source files never reach MkDocs: their pages are
generated (escaped) by ``learnshelf.pages.site``, so card front matter cannot set templates or meta.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page

from learnshelf.check import reporters
from learnshelf.check.bodyhtml import new_marker, published_body, published_text
from learnshelf.load.project import RESOURCES, Project, cores
from learnshelf.load.siteconfig import MarkdownConfig
from learnshelf.model.routes import SEARCH_INDEX, card_page, in_nav
from learnshelf.pages.card import SiteOptions
from learnshelf.pages.site import Site, build_site
from learnshelf.search.parts import PART_SIZE
from learnshelf.search.records import records, write_index

log = logging.getLogger("mkdocs.plugins.learnshelf")

#: The environment variable that sets (and overrides) ``site_url``: deploy.yml passes GitHub
#: Pages' ``base_url`` through it, so no workflow expression is written into a script.
SITE_URL_ENV = "LEARNSHELF_SITE_URL"
#: Said (as a warning, so `mkdocs build --strict` fails) when a build has no address to publish at.
NO_SITE_URL = ("learnshelf: site_url is not set, so the sitemap is empty and the feed has no absolute links; "
               "set site_url in mkdocs.yml (e.g. site_url: https://intranet.example.com/learnshelf/) or the "
               f"{SITE_URL_ENV} environment variable (see the README, \"Deploy\")")


class LearnshelfConfig(base.Config):
    """Options under ``plugins: - learnshelf:`` in mkdocs.yml."""

    edit_branch = c.Type(str, default="main")
    search_index = c.Type(bool, default=True)
    search_part_size = c.Type(int, default=PART_SIZE)
    #: Processes checking cards in `mkdocs build`; 0: one per core.
    jobs = c.Type(int, default=0)
    #: Accepted so existing mkdocs.yml files still build; it no longer changes anything (the
    #: generated lists of cards are HTML blocks the core writes, whatever the option says).
    fast_lists = c.Type(bool, default=True)


def _generated(config: MkDocsConfig, content: dict[str, str]) -> list[File]:
    """The generated pages and files as MkDocs files. The site's ``exclude_docs``, ``draft_docs``
    and ``not_in_nav`` apply first, as MkDocs decides them; then what routes keeps out of the
    navigation is "not in nav", so mkdocs.yml need not list it."""
    files = [File.generated(config, path, content=text) for path, text in content.items()]
    set_exclusions(files, config)
    for file in files:
        if file.inclusion is InclusionLevel.INCLUDED and not in_nav(file.src_uri):
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


class LearnshelfPlugin(BasePlugin[LearnshelfConfig]):
    """Generate the library's pages from the cards and curation data."""

    site: Site | None = None
    command = "serve"
    dirty = False
    indexing: Future[None] | None = None
    marker = ""
    cards: dict[str, str]  # generated card page -> its card file, for cards with a body

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build (cards may be checked in parallel)."""
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Take the site's address from the environment when it is given there; warn (so a strict
        build fails) when a build for publishing has none. `serve` needs none."""
        address = os.environ.get(SITE_URL_ENV, "").strip()
        if address:
            config.site_url = address if address.endswith("/") else address + "/"
        if not config.site_url and self.command in ("build", "gh-deploy"):
            log.warning(NO_SITE_URL)
        return config

    def _jobs(self) -> int:
        """Processes checking cards: the option, or every core; one unless this is a `mkdocs build`
        (or gh-deploy) in a process that may fork workers: on Linux (fork is unsafe on macOS and
        absent on Windows), from the main thread of a process with no other threads."""
        may_fork = (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
                    and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)
        one_off = self.command in ("build", "gh-deploy") and not self.dirty and may_fork
        return (self.config.jobs or cores()) if one_off else 1

    def _project(self, config: MkDocsConfig) -> Project:
        markdown = MarkdownConfig(tuple(config.markdown_extensions), dict(config.mdx_configs))
        return Project(Path(config.config_file_path).parent, markdown)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Replace the card sources with generated pages, or fail listing every problem."""
        if self.config.search_part_size < 1:
            raise PluginError("learnshelf: search_part_size must be at least 1 (cards per search-index part)")
        self.marker = new_marker()
        options = SiteOptions(today=dt.date.today(), repo_url=config.repo_url or "",
                              edit_branch=self.config.edit_branch, site_url=config.site_url or "",
                              search_part_size=self.config.search_part_size, body_marker=self.marker,
                              served=config.use_directory_urls)  # MkDocs rewrites no link in HTML
        self.site = build_site(self._project(config), options, self._jobs())
        if any(p.is_error for p in self.site.problems):
            raise PluginError("Learnshelf cannot publish; fix these first:\n" + reporters.text(self.site.problems))
        for problem in self.site.problems:
            log.info("%s:%s:%s: %s %s", problem.path, problem.line, problem.col, problem.rule, problem.message)
        cards = RESOURCES.relative_to("docs").as_posix() + "/"
        generated = {**self.site.pages, **self.site.files}
        clashes = sorted(f.src_uri for f in files if f.src_uri in generated and not f.src_uri.startswith(cards))
        if clashes:
            raise PluginError(f"these files in docs/ would be replaced by generated pages: {', '.join(clashes)}; "
                              "rename or remove them")
        for file in list(files):
            if file.src_uri.startswith(cards):
                files.remove(file)
        self.cards = {card_page(c): c.path for c in (self.site.catalog.cards if self.site.catalog else []) if published_text(c.body)[0]}
        self.generated = _generated(config, generated)
        for file in self.generated:
            files.append(file)
        return files

    @event_priority(100)  # first: no other plugin sees a marker
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Hold a card's body to the validator's allowlist once more, as published (nothing
        unsafe is ever written)."""
        card = self.cards.get(page.file.src_uri)
        if card is None:
            return html
        try:
            html, unsafe = published_body(html, self.marker)
        except ValueError as err:
            raise PluginError(f"learnshelf: {card}: {err}; nothing was published") from None
        if unsafe:
            found = "; ".join(f"{u.what} in {u.tag}" for u in unsafe[:5])
            raise PluginError(f"learnshelf: {card}: the card's body would publish {found}, which the validator "
                              "should have refused; nothing was published (please report it)")
        return html

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        """Start writing the search index (made from the catalog, not the pages) in a thread
        while MkDocs renders the pages."""
        self.indexing = None
        if self.config.search_index and self.site is not None and self.site.catalog is not None:
            thread = ThreadPoolExecutor(1)
            self.indexing = thread.submit(
                write_index, records(self.site.catalog, config.use_directory_urls), Path(config.site_dir) / SEARCH_INDEX,
                self.config.search_part_size, jobs=cores())
            thread.shutdown(wait=False)  # the index is finished, then the thread ends (serve: every rebuild)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for the Pagefind search index (its errors are raised here)."""
        if self.indexing is not None:
            self.indexing.result()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when curators change the taxonomy, roles, policy or pathways."""
        server.watch(str(self._project(config).curation))
        return server
