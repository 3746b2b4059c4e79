"""The Atom feeds of recently added cards: the site's, each topic's and each role's; nothing more."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from learnshelf.catalog.catalog import Catalog
from learnshelf.model.routes import (
    FEED,
    NEW,
    card_page,
    feed_url,
    role_feed,
    role_page,
    site_address,
    topic_feed,
    topic_page,
)
from learnshelf.model.schema import Card

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


def newest(cards: list[Card], count: int = FEED_COUNT) -> list[Card]:
    """The ``count`` most recently added of ``cards``, newest first (as ``Catalog.recent``)."""
    return sorted(cards, key=lambda c: (c.added, c.id), reverse=True)[:count]


def atom(catalog: Catalog, site_url: str, title: str = "Learnshelf: what's new",
         cards: list[Card] | None = None, feed: str = FEED, page: str = NEW) -> str:
    """An Atom 1.0 document of ``cards`` (default: the newest published) published at ``feed``,
    the alternate of ``page``; links are absolute when ``site_url`` is known, else site-relative."""
    cards = catalog.recent(FEED_COUNT) if cards is None else newest(cards)
    updated = (cards[0].added if cards else "1970-01-01") + "T00:00:00Z"
    name = "feed" if feed == FEED else "feed/" + feed
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{_text(title)}</title>", f"  <id>{_text(_id(site_url, feed_url(site_url, feed), name))}</id>",
             f"  <updated>{_text(updated)}</updated>", f"  <link rel=\"self\" href={_attr(feed_url(site_url, feed))}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={_attr(site_address(site_url, page))}/>"]
    for card in cards:
        href = site_address(site_url, card_page(card))
        lines += [f"  <entry xml:lang={_attr(card.language)}>", f"    <title>{_text(card.title)}</title>",
                  f"    <id>{_text(_id(site_url, href, 'card/' + card.id))}</id>",
                  f"    <link href={_attr(href)}/>", f"    <updated>{_text(card.added)}T00:00:00Z</updated>",
                  f"    <author><name>{_text(card.contributor)}</name></author>",
                  f"    <summary>{_text(card.summary)}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def listing_feeds(catalog: Catalog, site_url: str) -> dict[str, str]:
    """Every topic's feed (cards listed on the topic) and every role's (core cards, then the
    cards tagged for the role), keyed by their docs-relative path."""
    out = {}
    for topic, term in catalog.taxonomy.topics.terms.items():
        out[topic_feed(topic)] = atom(catalog, site_url, f"Learnshelf: {term.label}", catalog.topic_cards(topic),
                                      topic_feed(topic), topic_page(topic))
    for role, term in catalog.taxonomy.roles.terms.items():
        out[role_feed(role)] = atom(catalog, site_url, f"Learnshelf: for {term.label}",
                                    [*catalog.core, *catalog.by_role[role]], role_feed(role), role_page(role))
    return out
