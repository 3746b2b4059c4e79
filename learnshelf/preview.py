"""``learnshelf preview CARD``: a fast, correct preview of one card and the listings it is on.

A full build of a large library takes minutes, and ``mkdocs serve --dirty`` leaves listings
stale. Here the library is loaded through the validation cache, the edited card is read fresh,
and only the pages that show it are generated (its page, the listing pages of its topics and
roles that contain it, and the home page when it is core or recent). A small MkDocs build with
the site's theme turns them into HTML; links to pages outside the preview are left dangling.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

from learnshelf.cardpage import SiteOptions, render_card
from learnshelf.catalog import Catalog, build_catalog
from learnshelf.library import Project, check_files, cores, load_library
from learnshelf.listing import card_page
from learnshelf.problems import Problem
from learnshelf.schema import Card
from learnshelf.site import ASSET_DIR, ASSETS
from learnshelf.sitepages import HOME, any_role_listing, home, role_listing, topic_listing
from learnshelf.taxonomy import Taxonomy
from learnshelf.vcache import CACHE_FILE, ValidationCache, salt

CONFIG = """site_name: Learnshelf preview
theme: {name: material, font: false}
markdown_extensions: [admonition, tables, {toc: {permalink: true}}]
extra_css: [assets/learnshelf/learnshelf.css]
validation: {links: {not_found: info, anchors: info, unrecognized_links: info}, nav: {omitted_files: info}}
"""


def _showing(pages: dict[str, str], card: Card) -> dict[str, str]:
    """Only the pages that link to ``card``."""
    target = "/" + card_page(card).rsplit("/", 1)[-1]
    return {path: text for path, text in pages.items() if target in text or f"({card.id}.md)" in text}


def preview_pages(card: Card, catalog: Catalog, options: SiteOptions) -> dict[str, str]:
    """The card's page and every generated page that lists it."""
    pages = {card_page(card): render_card(card, catalog, options)}
    listings: dict[str, str] = {}
    for topic in catalog.taxonomy.topics.with_parents(card.topics):
        listings.update(topic_listing(catalog, topic))
    roles = catalog.taxonomy.roles.terms if card.core else card.roles
    for role in roles:
        listings.update(role_listing(catalog, role))
    if not card.core and not card.roles:
        listings.update(any_role_listing(catalog))
    listings.update(home(catalog))
    return {**pages, **_showing(listings, card)} if card.status != "draft" else pages


def load_for_preview(project: Project, taxonomy: Taxonomy, path: Path) -> tuple[Card, Catalog, list[Problem]]:
    """The edited card (read fresh) within the cached library."""
    cache = ValidationCache(project.root / CACHE_FILE, salt(project.curation))
    library = load_library(project, taxonomy, cache=cache, jobs=cores(), whole_run=False)
    display = project.display(path)
    card, problems = check_files({display: str(path)}, taxonomy, markdown=project.markdown())[0]
    library.cards = [c for c in library.cards if c.path != display] + [card]
    return card, build_catalog(library, taxonomy), problems


def build(pages: dict[str, str], out: Path) -> subprocess.CompletedProcess[str]:
    """Write ``pages`` and the site assets under ``out`` and build them with MkDocs."""
    marker = out / ".learnshelf-preview"
    if out.exists() and any(out.iterdir()) and not marker.exists():
        raise FileExistsError(f"{out} exists and is not a preview folder; choose another --out")
    for old in ("docs", "site"):  # a previous preview's pages must not linger
        shutil.rmtree(out / old, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    marker.write_text("Written by `learnshelf preview`; safe to delete.\n")
    docs = out / "docs"
    for path, text in {**pages, **{f"{ASSET_DIR}/{name}": resources.files("learnshelf").joinpath("assets", name)
                                   .read_text("utf-8") for name in ASSETS}}.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    if HOME not in pages:
        (docs / HOME).write_text("# Preview\n\nThe pages of this preview are listed in the sidebar.\n")
    (out / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml"),
                           "-d", str(out / "site")], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
