"""The MkDocs front door: feeds the core's generated pages to MkDocs, and nothing more.

Every hook guards, delegates one call to the core, and turns card problems into one
``PluginError`` listing them all. Card source files never reach MkDocs: their pages are
generated (escaped) by ``learnshelf.pages.site``, so card front matter cannot set templates or meta.
"""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from learnshelf.check import reporters
from learnshelf.check.bodyhtml import new_marker, published_body, published_text
from learnshelf.load.project import RESOURCES, Project, cores
from learnshelf.load.siteconfig import MarkdownConfig
from learnshelf.mkdocs.pagepool import PagePool
from learnshelf.model.routes import card_page
from learnshelf.pages.card import SEARCH_PART_SIZE, SiteOptions
from learnshelf.pages.site import Site, build_site
from learnshelf.search.records import records, write_index

log = logging.getLogger("mkdocs.plugins.learnshelf")


class LearnshelfConfig(base.Config):
    """Options under ``plugins: - learnshelf:`` in mkdocs.yml."""

    edit_branch = c.Type(str, default="main")
    search_index = c.Type(bool, default=True)
    search_part_size = c.Type(int, default=SEARCH_PART_SIZE)
    #: Processes rendering pages in `mkdocs build`; 0: one per core, when there are many pages.
    jobs = c.Type(int, default=0)
    #: Accepted so existing mkdocs.yml files still build; it no longer changes anything (the
    #: generated lists of cards are HTML blocks the core writes, whatever the option says).
    fast_lists = c.Type(bool, default=True)


#: With ``jobs: 0``, pages outside the navigation are rendered in parallel from this many.
POOL_THRESHOLD = 500


class LearnshelfPlugin(BasePlugin[LearnshelfConfig]):
    """Generate the library's pages from the cards and curation data."""

    site: Site | None = None
    command = "serve"
    dirty = False
    generated: list[File]
    pool: PagePool
    indexing: Future[None] | None = None
    marker = ""
    cards: dict[str, str]  # generated card page -> its card file, for cards with a body

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a one-off build (pages may be rendered in parallel)."""
        self.command, self.dirty = command, dirty

    def _jobs(self) -> int:
        """Processes to use: the option, or every core; one unless this is a `mkdocs build` (or
        gh-deploy) in a process that may fork workers (checking cards forks too)."""
        one_off = self.command in ("build", "gh-deploy") and not self.dirty and PagePool.may_fork()
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
        self.generated = [File.generated(config, path, content=content) for path, content in generated.items()]
        for file in self.generated:
            files.append(file)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        """Hand the generated pages outside the navigation to a pool of worker processes."""
        self.pool = PagePool(self._jobs())
        if self.pool.jobs > 1 and PagePool.alone(self, config):
            self.pool.adopt(self.generated, config, nav, 0 if self.config.jobs else POOL_THRESHOLD)

    @event_priority(100)  # first: no other plugin sees a marker
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Hold a card's body to the validator's allowlist once more, as published (nothing
        unsafe is ever written)."""
        card = self.cards.get(page.file.src_uri)
        if card is None or PagePool.defers(page):  # a worker inspects the pages it renders
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

    @event_priority(-100)  # last: the workers must see the environment every plugin has set up
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        """Render the pooled pages on every core; then start writing the search index (made
        from the catalog, not the pages) while MkDocs writes the pages on one core."""
        self.pool.add_template(env)
        self.pool.render(config, files, env)
        self.indexing = None
        if self.config.search_index and self.site is not None and self.site.catalog is not None:
            thread = ThreadPoolExecutor(1)
            self.indexing = thread.submit(
                write_index, records(self.site.catalog, config.use_directory_urls), Path(config.site_dir) / "pagefind",
                self.config.search_part_size, jobs=cores())
            thread.shutdown(wait=False)  # the index is finished, then the thread ends (serve: every rebuild)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A pooled page's output is the file its worker wrote."""
        return self.pool.written(page, output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for the Pagefind search index (its errors are raised here)."""
        if self.indexing is not None:
            self.indexing.result()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when curators change the taxonomy, roles, policy or pathways."""
        server.watch(str(self._project(config).curation))
        return server
