"""Rendering, on every core, the pages that no other page's output depends on; nothing more.

MkDocs renders pages one after another. Most of a large library's pages (cards, later pages
of listings) are in no navigation: no other page shows their title, table of contents or
content. ``PagePool`` renders those pages in forked worker processes with MkDocs' own
functions (Markdown, theme template, page events) and writes them; the main process then
writes the same bytes through MkDocs' usual path, with a template that renders nothing in
place of the theme. What a page renders is unchanged, so the output is identical to a serial
build (a test compares every file), and MkDocs still checks every anchor. Warnings and errors
raised in a worker are re-emitted in the main process, so ``--strict`` still counts them.

This is the MkDocs side (it imports MkDocs); the core never imports it. It runs only when
that is safe: a ``mkdocs build`` or ``gh-deploy`` (not ``serve``, not ``--dirty``) on Linux,
from the main thread, with no other plugin handling page or environment events (their state
would stay in the workers). Drafts and excluded pages are left to MkDocs.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import sys
import threading
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.plugins.learnshelf")
#: The template the main process renders for a page a worker has built: nothing.
PREBUILT = "learnshelf/prebuilt.html"
#: Events a plugin could use to see or change a page; workers' copies of plugin state are lost.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context",
               "post_page", "env")
#: Pages per task handed to a worker: small enough to balance cards and listings between workers.
CHUNK = 64


class PoolPage(Page):
    """A page rendered by a worker: in the main process it is read as usual, not converted."""

    pooled = True

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if not self.pooled:
            super().render(config, files)
            return
        self.content, self.toc = "", get_toc([])
        self.meta["template"] = PREBUILT


@dataclass
class _Built:
    """What the main process needs back from a worker for one page."""

    anchors: set[str]
    links: dict[str, dict[str, str]]  # target src_uri -> {anchor: link as written}


@dataclass
class _Job:
    config: MkDocsConfig
    files: Files
    doc_files: list[File]  # the pages MkDocs builds: every page's template context names them
    nav: Navigation
    env: jinja2.Environment
    pages: list[PoolPage]


_JOB: _Job | None = None  # set in the main process just before forking; workers inherit it


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _render(indexes: Sequence[int]) -> tuple[list[tuple[int, _Built]], list[logging.LogRecord], str]:
    """In a worker: render and write the pages at ``indexes``; their anchors, the log records
    MkDocs emitted, and the error that stopped the work ("" when none)."""
    assert _JOB is not None
    job = _JOB
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.handlers = [collect]  # this process's copy: the main process prints them, once
    built: list[tuple[int, _Built]] = []
    try:
        for index in indexes:
            page = job.pages[index]
            page.pooled = False
            _populate_page(page, job.config, job.files)
            _build_page(page, job.config, job.doc_files, job.nav, job.env)
            links = {target.src_uri: found for target, found in (page.links_to_anchors or {}).items()}
            built.append((index, _Built(set(page.present_anchor_ids or ()), links)))
    except Exception:  # noqa: BLE001 - reported by the main process, with its traceback
        return built, collect.records, traceback.format_exc()
    return built, collect.records, ""


class PagePool:
    """Decides which pages go to workers, and renders them there."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pages: list[PoolPage] = []
        self.nav: Navigation | None = None

    @staticmethod
    def alone(plugin: Any, config: MkDocsConfig) -> bool:
        """Whether ``plugin`` is the only one handling page or environment events."""
        events = config.plugins.events
        return all(getattr(method, "__self__", None) is plugin for name in PAGE_EVENTS for method in events[name])

    @staticmethod
    def may_fork() -> bool:
        """Whether this process may fork workers (a `mkdocs build` also needs to be one-off and
        ``alone``): on Linux (fork is unsafe on macOS and absent
        on Windows), from the main thread of a process with no other threads."""
        return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
                and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)

    def adopt(self, generated: list[File], config: MkDocsConfig, nav: Navigation, at_least: int) -> None:
        """Make the generated pages that are in no navigation pool pages, when there are at
        least ``at_least`` of them (forking workers costs more than a few pages)."""
        self.nav = nav
        in_nav = {id(page) for page in nav.pages}
        outside = [file for file in generated if file.is_documentation_page() and id(file.page) not in in_nav
                   and file.inclusion.is_included()]  # type: ignore[no-untyped-call]  # drafts: MkDocs
        self.pages = [PoolPage(None, file, config) for file in outside] if len(outside) >= at_least else []

    def add_template(self, env: jinja2.Environment) -> None:
        """Teach the theme's environment the empty template main-process pages render."""
        loader = env.loader
        assert loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({PREBUILT: ""}), loader])

    def render(self, config: MkDocsConfig, files: Files, env: jinja2.Environment) -> None:
        """Render every pool page in ``jobs`` worker processes, then hand MkDocs what it
        checks afterwards (anchors) and what the workers logged; raise what stopped them."""
        global _JOB
        if not self.pages or self.nav is None:
            return
        doc_files = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        _JOB = _Job(config, files, doc_files, self.nav, env, self.pages)
        chunks = [range(start, min(start + CHUNK, len(self.pages))) for start in range(0, len(self.pages), CHUNK)]
        gc.collect()
        gc.freeze()  # forked workers then share the main process's objects without copying them
        try:
            # An executor, not multiprocessing.Pool: a worker that dies (out of memory) raises
            # BrokenProcessPool here instead of leaving the build waiting forever.
            with ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_render, chunks))
        except BrokenProcessPool as err:
            raise PluginError(f"learnshelf: a process rendering pages stopped ({err}); "
                              "with little memory, set the plugin's jobs option lower") from None
        finally:
            gc.unfreeze()
            _JOB = None
        errors = []
        for built, records, error in results:
            for record in records:
                logging.getLogger(record.name).handle(record)
            for index, done in built:
                page = self.pages[index]
                page.present_anchor_ids = done.anchors
                targets = {uri: files.get_file_from_path(uri) for uri in done.links}
                page.links_to_anchors = {target: done.links[uri] for uri, target in targets.items() if target}
            if error:
                errors.append(error)
        if errors:
            raise PluginError(f"learnshelf: rendering pages failed:\n{errors[0]}")
        log.info("Learnshelf: %d pages outside the navigation rendered by %d processes", len(self.pages), self.jobs)

    @staticmethod
    def defers(page: Page) -> bool:
        """Whether ``page`` is being read in the main process only to be rendered by a worker."""
        return isinstance(page, PoolPage) and page.pooled

    def written(self, page: Page, output: str) -> str:
        """The page as a worker wrote it, for MkDocs to write again (the same bytes)."""
        if not self.defers(page):
            return output
        try:
            with open(page.file.abs_dest_path, encoding="utf-8", newline="") as handle:
                return handle.read()
        except FileNotFoundError:  # the worker's output was empty, so MkDocs wrote nothing
            return output
