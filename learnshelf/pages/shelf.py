"""The learner's shelf, site side: the My shelf page, the hooks the shelf script enhances
(``data-card-id``), and the small JSON it looks saved cards up in; and nothing more.

The shelf itself lives only in the learner's browser (``assets/shelf.js``). At 20,000 cards the
shelf page must not download the library: cards are spread over parts of about ``PART_CARDS``
by a hash of their id (FNV-1a, spelled the same in the script), so a shelf of 50 cards fetches
at most 50 small parts.
"""

from __future__ import annotations

import json
from typing import Any

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.labels import duration_text
from learnshelf.model import mdtext as md
from learnshelf.model.routes import LIBRARY, card_page, page_url, pathway_page, role_page, shelf_meta, shelf_part
from learnshelf.model.schema import Card

#: Cards per part of the shelf index, on average: a part is about 3 KB.
PART_CARDS = 25


def part_of(card_id: str, parts: int) -> int:
    """The part a card id is in: 32-bit FNV-1a over its characters (ids are ASCII), as shelf.js computes it."""
    value = 0x811C9DC5
    for char in card_id:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % parts


def _site_url(docs_path: str) -> str:
    """A page's address relative to the site root (no leading slash), as the script joins it."""
    return page_url(docs_path)[1:]


def _entry(card: Card, catalog: Catalog) -> list[Any]:
    vocab = catalog.taxonomy.vocabularies["types"]
    kind = vocab[card.type].label if card.type in vocab else card.type
    return [card.title, kind, duration_text(card.duration_minutes) if card.duration_minutes else "",
            card.status, card.replaced_by or "", _site_url(card_page(card))]


def shelf_files(catalog: Catalog) -> dict[str, str]:
    """The shelf index: parts of ``{id: [title, type, duration, status, replaced_by, url]}`` and
    a meta file with the part count, the roles and each pathway's steps."""
    parts = max(1, -(-len(catalog.cards) // PART_CARDS))
    buckets: list[dict[str, list[Any]]] = [{} for _ in range(parts)]
    for card in catalog.cards:
        buckets[part_of(card.id, parts)][card.id] = _entry(card, catalog)
    files = {shelf_part(n): json.dumps(b, ensure_ascii=False, separators=(",", ":")) for n, b in enumerate(buckets)}
    roles = sorted(catalog.taxonomy.roles.terms.values(), key=lambda r: r.label.casefold())
    meta = {"parts": parts, "library": _site_url(LIBRARY),
            "roles": [[r.id, r.label, _site_url(role_page(r.id))] for r in roles],
            "pathways": [{"id": p.id, "title": p.title, "url": _site_url(pathway_page(p.id)),
                          "steps": [s.card for s in p.steps()]} for p in catalog.pathways]}
    files[shelf_meta()] = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    return files


#: Where the home page shows "Continue where you left off" (filled by the script, empty without it).
CONTINUE = '<div class="ls-continue"></div>'


def role_choice(role: str = "") -> str:
    """The hook for the "I work as ..." control: on the home page, and on a role's page (``role``)."""
    here = f' data-role-page="{md.attr(role)}"' if role else ""
    return f'<div class="ls-role-choice"{here}></div>'


def controls(card: Card) -> str:
    """The empty hook on a card page the shelf script fills with Save and Done (absent without it)."""
    return f'<div class="ls-shelf-controls" data-card-id="{md.attr(card.id)}"></div>'


def shelf_page() -> str:
    """The My shelf page: a note on what is stored where, and the place the script draws the shelf."""
    return "\n".join([
        "# My shelf", "",
        "## Your shelf stays on this device", "",
        "The cards you save or mark done, your pathway progress, the last card you opened and the role "
        "you chose are kept in this browser's local storage for this site (one entry, "
        "`learnshelf.shelf`). Nothing is sent anywhere: no account, no cookies, no analytics, and no "
        "request leaves this site. Export the shelf to move it to another device; clearing your "
        "browser's site data, or *Clear everything* below, deletes it.", "",
        '<div id="ls-shelf" class="ls-shelf"><p>The shelf needs JavaScript; every page of the library '
        "works without it.</p></div>", ""])
