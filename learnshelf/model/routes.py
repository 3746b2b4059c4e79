"""Page paths and URLs: where each generated page lives in the docs tree and the address it is
served at; and nothing more. Every other module asks here."""

from __future__ import annotations

from learnshelf.model.schema import Card


def card_page(card: Card) -> str:
    """Where a card's page is generated, relative to the docs folder: its source path."""
    return card.path.split("/", 1)[1] if card.path.startswith("docs/") else card.path


def page_url(docs_path: str, directory_urls: bool = True) -> str:
    """The site URL (from the site root, leading slash) of a generated Markdown page."""
    stem = docs_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return "/" + stem[: -len("index")]
    return f"/{stem}/" if directory_urls else f"/{stem}.html"
