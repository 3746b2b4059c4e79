"""Card listings in generated Markdown: one list item per card, and paginated list pages.

Owns the look of a card in any list (title link, facts, summary, why it is listed) and the
pagination that keeps every generated page small at 20,000 cards; and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from learnshelf.catalog.labels import facts
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model import mdtext as md
from learnshelf.model.routes import card_page, listing_page
from learnshelf.model.schema import Card

PAGE_SIZE = 50


def item(card: Card, page: str, taxonomy: Taxonomy, why: str = "") -> str:
    """One card as a Markdown list item, linked relative to ``page``."""
    lines = [f"- **{md.link(card.title, page, card_page(card))}**  ",
             f"  {md.text(' · '.join(facts(card, taxonomy)))}  ",
             f"  {md.text(card.summary)}"]
    if why:
        lines[-1] += "  "
        lines.append(f"  *Why here: {md.text(why)}*")
    return "\n".join(lines)


def items(cards: list[Card], page: str, taxonomy: Taxonomy, why: Callable[[Card], str] | None = None) -> str:
    """A Markdown list of cards (or a note when there are none)."""
    if not cards:
        return "*No cards yet.*"
    return "\n".join(item(c, page, taxonomy, why(c) if why else "") for c in cards)


@dataclass(frozen=True)
class Pages:
    """A paginated listing: page ``n`` (1-based) lives at ``path(n)``."""

    first: str  # e.g. "topics/coaching/index.md"
    total: int
    per_page: int = PAGE_SIZE
    noun: str = "cards"

    @property
    def count(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))

    def path(self, number: int) -> str:
        """The file of page ``number``."""
        return listing_page(self.first, number)

    def nav(self, number: int) -> str:
        """Previous/next links and the page position, for the page ``number``."""
        if self.count == 1:
            return ""
        here = self.path(number)
        parts = [f"Page {number} of {self.count} ({self.total} {self.noun})"]
        if number > 1:
            parts.insert(0, md.link("← Previous", here, self.path(number - 1)))
            parts.insert(0, md.link("First", here, self.path(1)))
        if number < self.count:
            parts.append(md.link("Next →", here, self.path(number + 1)))
            parts.append(md.link("Last", here, self.path(self.count)))
        return " · ".join(parts)


def paginate(cards: list[Card], pages: Pages, header: Callable[[int, str], str], taxonomy: Taxonomy,
             why: Callable[[Card], str] | None = None) -> dict[str, str]:
    """Pages of a listing; ``header(number, path)`` writes the Markdown above each list."""
    out: dict[str, str] = {}
    for number in range(1, pages.count + 1):
        path = pages.path(number)
        chunk = cards[(number - 1) * pages.per_page: number * pages.per_page]
        nav = pages.nav(number)
        body = [header(number, path), nav, items(chunk, path, taxonomy, why), nav]
        out[path] = "\n\n".join(part for part in body if part) + "\n"
    return out
