"""The Atom feed of recently added cards; nothing more."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from learnshelf.catalog import Catalog
from learnshelf.listing import card_page
from learnshelf.search import page_url

FEED = "feed.xml"
FEED_COUNT = 50


def atom(catalog: Catalog, site_url: str, title: str = "Learnshelf: what's new") -> str:
    """An Atom 1.0 document; links are absolute when ``site_url`` is known, else site-relative."""
    base = site_url.rstrip("/")
    cards = catalog.recent(FEED_COUNT)
    updated = (cards[0].added if cards else "1970-01-01") + "T00:00:00Z"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{escape(title)}</title>", f"  <id>{escape(base or 'urn:learnshelf')}/feed.xml</id>",
             f"  <updated>{updated}</updated>", f"  <link rel=\"self\" href={quoteattr(base + '/' + FEED)}/>"]
    for card in cards:
        href = base + page_url(card_page(card))
        lines += ["  <entry>", f"    <title>{escape(card.title)}</title>",
                  f"    <id>urn:learnshelf:card:{escape(card.id)}</id>",
                  f"    <link href={quoteattr(href)}/>", f"    <updated>{card.added}T00:00:00Z</updated>",
                  f"    <author><name>{escape(card.contributor)}</name></author>",
                  f"    <summary>{escape(card.summary)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
