"""``learnshelf preview CARD``: a fast, correct preview of one card and the listings it is on.

A full build of a large library takes minutes, and ``mkdocs serve --dirty`` leaves listings
stale. Here the library is loaded through the validation cache, the edited card is read fresh,
and only the pages that show it are generated (its page, the listing pages of its topics and
roles that contain it, and the home page when it is core or recent). The MkDocs adapter
(``learnshelf.mkdocs.preview``) turns them into HTML.
"""

from __future__ import annotations

from pathlib import Path

from learnshelf.catalog.catalog import Catalog, build_catalog
from learnshelf.check.cache import CACHE_FILE, ValidationCache, salt
from learnshelf.check.library import check_files, load_library
from learnshelf.load.project import Project, cores
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model import mdtext as md
from learnshelf.model.problems import Problem
from learnshelf.model.routes import card_page
from learnshelf.model.schema import Card
from learnshelf.pages.browse import any_role_listing, home, role_listing, topic_listing
from learnshelf.pages.card import SiteOptions, render_card


def _showing(pages: dict[str, str], card: Card, served: bool | None) -> dict[str, str]:
    """Only the pages that list ``card`` (lists of cards are our HTML: ``listing.items``)."""
    return {path: text for path, text in pages.items()
            if f'href="{md.html_target(path, card_page(card), served)}"' in text}


def preview_pages(card: Card, catalog: Catalog, options: SiteOptions) -> dict[str, str]:
    """The card's page and every generated page that lists it."""
    pages = {card_page(card): render_card(card, catalog, options)}
    listings: dict[str, str] = {}
    for topic in catalog.taxonomy.topics.with_parents(card.topics):
        listings.update(topic_listing(catalog, topic, options.served))
    roles = catalog.taxonomy.roles.terms if card.core else card.roles
    for role in roles:
        listings.update(role_listing(catalog, role, options.served))
    if not card.core and not card.roles:
        listings.update(any_role_listing(catalog, options.served))
    listings.update(home(catalog, options.served))
    return {**pages, **_showing(listings, card, options.served)} if card.status != "draft" else pages


def load_for_preview(project: Project, taxonomy: Taxonomy, path: Path) -> tuple[Card, Catalog, list[Problem]]:
    """The edited card (read fresh) within the cached library."""
    cache = ValidationCache(project.root / CACHE_FILE, salt(project.curation))
    library = load_library(project, taxonomy, cache=cache, jobs=cores())
    display = project.display(path)
    card, problems = check_files({display: str(path)}, taxonomy, markdown=project.markdown())[0]
    library.cards = [c for c in library.cards if c.path != display] + [card]
    return card, build_catalog(library, taxonomy), problems
