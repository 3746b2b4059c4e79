"""The whole generated site as data: every page as Markdown (plus the feed), from the cards and
``curation/``. The MkDocs plugin and ``learnshelf pages --out DIR`` both call ``build_site``;
any other generator can build the same Markdown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from learnshelf.catalog import audit as report
from learnshelf.catalog.catalog import Catalog, build_catalog
from learnshelf.check.library import load_library
from learnshelf.load import fsio
from learnshelf.load.fsio import MAX_LINK_FILE_BYTES
from learnshelf.load.project import CACHE_FOLDER, Project
from learnshelf.model.problems import Problem
from learnshelf.model.routes import CONTRIBUTING, FEED, REPORT, SHELF, asset, card_page
from learnshelf.model.schema import Card
from learnshelf.pages import browse as sitepages
from learnshelf.pages import feed, jsonld, reportpics, shelf
from learnshelf.pages.card import SiteOptions, render_card
from learnshelf.pages.sharing import add_sharing
from learnshelf.search.page import search

#: Static files the pages rely on (search UI, chips), copied from the package.
ASSETS = ("learnshelf.css", "search.js", "search-worker.js", "shelf.js")
#: Where `learnshelf links` leaves its results (relative to the project root).
LINK_REPORT = CACHE_FOLDER / "link-report.json"


@dataclass
class Site:
    """Generated pages and files keyed by docs-relative path, or the problems that stop a build."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    catalog: Catalog | None = None


def render(catalog: Catalog, options: SiteOptions) -> Site:
    """Render every page of the catalog of a loaded library (which must have no errors)."""
    site = Site(catalog=catalog)
    for card in catalog.cards:
        site.pages[card_page(card)] = render_card(card, catalog, options)
    urls = options.served
    for part in (sitepages.home, sitepages.topics, sitepages.roles, sitepages.library):
        site.pages.update(part(catalog, urls))
    site.pages.update(sitepages.pathways(catalog))
    site.pages.update(sitepages.whats_new(catalog, urls))
    site.pages.update(sitepages.contributors(catalog))
    add_sharing(site.pages, catalog, options)
    site.pages.update(search(catalog, options.search_part_size))
    site.files[FEED] = feed.atom(catalog, options.site_url)
    site.files.update(feed.listing_feeds(catalog, options.site_url))
    site.files.update(jsonld.catalog_files(catalog, options.site_url))
    site.pages[SHELF] = shelf.shelf_page()
    site.files.update(shelf.shelf_files(catalog))
    for name in ASSETS:
        site.files[asset(name)] = resources.files("learnshelf.pages").joinpath("assets", name).read_text("utf-8")
    return site


def link_results(path: Path, cards: Iterable[Card]) -> list[dict[str, Any]]:
    """Results of the last ``learnshelf links`` run (a JSON list; none if it never ran) that
    still apply: about a card that still has the URL that was checked, so a fixed link loses
    its notice at the next build. Results without a card id, path and URL are left out."""
    try:  # by fsio's rules: a link or FIFO named by --links is never read
        data = json.loads(fsio.read_regular(path, MAX_LINK_FILE_BYTES)[0])
    except (OSError, fsio.Refused, ValueError):
        return []
    results = data.get("results", []) if isinstance(data, dict) else data
    if not isinstance(results, list):
        return []
    current = {card.id: card.url for card in cards}
    return [r for r in results if isinstance(r, dict) and all(isinstance(r.get(k), str) for k in _RESULT_KEYS)
            and current.get(r["card_id"]) == r["url"]]


_RESULT_KEYS = ("card_id", "path", "url")


def build_site(project: Project, options: SiteOptions, jobs: int = 1) -> Site:
    """Load, validate (cards checked in ``jobs`` processes) and render. On any error the site is
    empty and ``problems`` says why."""
    taxonomy, problems = project.load_taxonomy()
    inputs, word_problems = report.load_inputs(project.curation, project.display(project.curation))
    problems += word_problems
    if any(p.is_error for p in problems):
        return Site(problems=sorted(problems))
    library = load_library(project, taxonomy, jobs=jobs)
    errors = [p for p in library.result.sorted() if p.is_error]
    if errors:
        return Site(problems=errors)
    if not options.guide and (project.root / "docs" / CONTRIBUTING).is_file():
        options = replace(options, guide=CONTRIBUTING)
    links = link_results(project.root / LINK_REPORT, library.cards)
    catalog = build_catalog(library, taxonomy)  # the build's one catalog: the pages' and the report's
    site = render(catalog, replace(options, broken={r["card_id"]: r.get("broken_since") or ""
                                                    for r in links if r.get("state") == "broken"}))
    result = report.build_report(catalog, library.cards, options.today, inputs.words, links, inputs.policy, inputs.exceptions)
    site.pages[REPORT] = report.markdown(result, REPORT, {c.path for c in catalog.cards}, reportpics.pictures(result.figures))
    site.problems = library.result.sorted()  # warnings only
    return site
