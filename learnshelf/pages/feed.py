"""The Atom feed of recently added cards; nothing more."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from learnshelf.catalog.catalog import Catalog
from learnshelf.model.routes import NEW, card_page, feed_url, site_address

FEED_COUNT = 50
#: What XML 1.0 cannot hold (controls but tab, LF and CR; surrogates; U+FFFE, U+FFFF) and the
#: other noncharacters. Validation refuses them in cards; stripping them here as well means one
#: that gets through anyway cannot make the whole feed unreadable for every subscriber.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)) + "]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def _id(site_url: str, address: str, name: str) -> str:
    """A stable, valid URI for the feed or an entry: its absolute address when the site's address
    is known, else a ``tag:`` URI (RFC 4151) under the reserved ``.invalid`` host."""
    return address if site_url else f"tag:learnshelf.invalid,2000:{name}"


def atom(catalog: Catalog, site_url: str, title: str = "Learnshelf: what's new") -> str:
    """An Atom 1.0 document; links are absolute when ``site_url`` is known, else site-relative."""
    cards = catalog.recent(FEED_COUNT)
    updated = (cards[0].added if cards else "1970-01-01") + "T00:00:00Z"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{_text(title)}</title>", f"  <id>{_text(_id(site_url, feed_url(site_url), 'feed'))}</id>",
             f"  <updated>{_text(updated)}</updated>", f"  <link rel=\"self\" href={_attr(feed_url(site_url))}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={_attr(site_address(site_url, NEW))}/>"]
    for card in cards:
        href = site_address(site_url, card_page(card))
        lines += [f"  <entry xml:lang={_attr(card.language)}>", f"    <title>{_text(card.title)}</title>",
                  f"    <id>{_text(_id(site_url, href, 'card/' + card.id))}</id>",
                  f"    <link href={_attr(href)}/>", f"    <updated>{_text(card.added)}T00:00:00Z</updated>",
                  f"    <author><name>{_text(card.contributor)}</name></author>",
                  f"    <summary>{_text(card.summary)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
