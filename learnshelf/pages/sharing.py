"""What makes sharing visible on the site: the "Share what you learned" call (home page, course,
event and book cards, pathway pages) and the "Notes from colleagues" lists (the card a learning
note is about, and topic pages); nothing more.

The call links to the "Share what you learned" issue form when the site knows its repository
(``repo_url``), else to the contributor guide, else it is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from learnshelf.model import mdtext as md
from learnshelf.model.routes import HOME, SHARE_FORM, card_page, form_url, pathway_page, rel, topic_page
from learnshelf.model.schema import Card

if TYPE_CHECKING:  # card pages use this module: no import cycle at run time
    from learnshelf.catalog.catalog import Catalog
    from learnshelf.pages.card import SiteOptions

#: The card types whose pages carry the call: what people attend or read.
CALL_TYPES = frozenset(("course", "event", "book"))


def share_call(page: str, options: SiteOptions) -> list[str]:
    """The "Share what you learned" paragraph for ``page`` (none without a form or guide to link)."""
    if options.repo_url:
        target = md.url(form_url(options.repo_url, SHARE_FORM))
    elif options.guide:
        target = rel(page, options.guide)
    else:
        return []
    return [f"**Been on a course, to an event or read a good book?** [Share what you learned]({target}): "
            "three things you learned and how you will use them help colleagues choose.", ""]


def notes_section(notes: list[Card], page: str, served: bool | None) -> list[str]:
    """The "Notes from colleagues" list: each note's title and who shared it."""
    if not notes:
        return []
    items = [f"<li>{md.html_link(n.title, page, card_page(n), served)} · shared by {md.attr(n.contributor)}</li>"
             for n in sorted(notes, key=lambda n: (n.added, n.id), reverse=True)]
    return ["## Notes from colleagues", "", '<ul class="ls-notes">', *items, "</ul>", ""]


def add_sharing(pages: dict[str, str], catalog: Catalog, options: SiteOptions) -> None:
    """Add the calls and the notes to the rendered home, pathway and topic pages (card pages
    carry theirs already: ``card.render_card``)."""
    def extend(page: str, lines: list[str]) -> None:
        if lines and page in pages:
            pages[page] = pages[page].rstrip("\n") + "\n\n" + "\n".join(lines)

    extend(HOME, share_call(HOME, options))
    for pathway in catalog.pathways:
        extend(pathway_page(pathway.id), share_call(pathway_page(pathway.id), options))
    for topic in catalog.taxonomy.topics.terms:
        extend(topic_page(topic), notes_section(catalog.topic_notes(topic), topic_page(topic), options.served))


def card_sharing(card: Card, catalog: Catalog, options: SiteOptions) -> list[str]:
    """A card page's notes from colleagues, and the call on course, event and book cards."""
    page = card_page(card)
    lines = notes_section(catalog.notes_about.get(card.id, []), page, options.served)
    return lines + (share_call(page, options) if card.type in CALL_TYPES and card.status != "retired" else [])
