"""schema.org ``LearningResource`` JSON-LD for a card, and the script block that carries it in a
page; nothing more.

``@id`` is the card page's absolute address when the site's address is known, else its
site-relative URL (``/resources/...``): a relative IRI still names the page unambiguously for a
consumer that reads it against the page it came from.
"""

from __future__ import annotations

import json
from typing import Any

from learnshelf.catalog.catalog import Catalog
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.routes import CATALOG_DATA, card_page, feed_url, site_address, topic_catalog, topic_page
from learnshelf.model.schema import Card

CONTEXT = "https://schema.org"
#: The cost id that means the learner pays nothing (curation/policy.yml ``costs``).
FREE = "free"
#: Above this size (bytes) ``catalog.jsonld`` becomes an index of one file per topic (issue 17;
#: scripts/bench_data.py measures about 23 MB at 20,000 cards, so a large library splits).
SPLIT_AT = 5 * 1024 * 1024
#: Characters that would let card text end the script element or start markup in it; JSON
#: allows them as \\u escapes, so the data is unchanged for every JSON-LD reader.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _topic(taxonomy: Taxonomy, topic: str, site_url: str) -> dict[str, str]:
    return {"@type": "DefinedTerm", "name": taxonomy.topics.terms[topic].label,
            "termCode": topic, "url": site_address(site_url, topic_page(topic))}


def card_data(card: Card, taxonomy: Taxonomy, site_url: str) -> dict[str, Any]:
    """The card as a schema.org LearningResource (without ``@context``; add it at the top level)."""
    roles = taxonomy.roles.terms
    data: dict[str, Any] = {
        "@type": "LearningResource", "@id": site_address(site_url, card_page(card)),
        "name": card.title, "description": card.summary, "learningResourceType": card.type,
        "inLanguage": card.language, "dateCreated": card.added,
        "about": [_topic(taxonomy, t, site_url) for t in card.topics],
        "keywords": [taxonomy.topics.terms[t].label for t in card.topics],
        # No roles, or core: useful to everyone, so no educationalRole narrows the audience.
        "audience": {"@type": "EducationalAudience", **({"educationalRole": [roles[r].label for r in card.roles]}
                                                        if card.roles and not card.core else {})},
    }
    optional = {"url": card.url, "educationalLevel": card.level, "dateModified": card.reviewed,
                "timeRequired": f"PT{card.duration_minutes}M" if card.duration_minutes else None,
                "isAccessibleForFree": (card.cost == FREE) if card.cost else None,
                "accessibilityFeature": card.accessibility or None,
                "provider": {"@type": "Organization", "name": card.source} if card.source else None,
                "creativeWorkStatus": card.status if card.status != "published" else None}
    data.update({k: v for k, v in optional.items() if v is not None})
    return data


def dumps(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char, escaped in _UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def card_script(card: Card, catalog: Catalog, site_url: str) -> str:
    """The HTML block carrying the card's JSON-LD."""
    data = {"@context": CONTEXT, **card_data(card, catalog.taxonomy, site_url)}
    return f'<script type="application/ld+json">{dumps(data)}</script>'


def catalog_data(catalog: Catalog, site_url: str) -> str:
    """Every published card as a schema.org ItemList (the site's ``catalog.jsonld``)."""
    return item_list(catalog.listed, catalog.taxonomy, site_url)


def catalog_files(catalog: Catalog, site_url: str, limit: int = SPLIT_AT) -> dict[str, str]:
    """``catalog.jsonld`` whole while it is at most ``limit`` bytes; past that, an ItemList of
    per-topic files (each topic's directly tagged published cards), which replace it."""
    whole = catalog_data(catalog, site_url)
    if len(whole.encode("utf-8")) <= limit:
        return {CATALOG_DATA: whole}
    topics = [t for t in catalog.taxonomy.topics.terms if catalog.direct_topic.get(t)]
    files = {topic_catalog(t): item_list(catalog.direct_topic[t], catalog.taxonomy, site_url) for t in topics}
    parts = [{"@type": "ListItem", "position": n, "name": catalog.taxonomy.topics.terms[t].label,
              "url": feed_url(site_url, topic_catalog(t))} for n, t in enumerate(topics, 1)]
    files[CATALOG_DATA] = dumps({"@context": CONTEXT, "@type": "ItemList", "numberOfItems": len(parts),
                                 "itemListElement": parts}) + "\n"
    return files


def item_list(cards: list[Card], taxonomy: Taxonomy, site_url: str) -> str:
    """``cards`` as a schema.org ItemList document, in order."""
    items = [{"@type": "ListItem", "position": n, "item": card_data(card, taxonomy, site_url)}
             for n, card in enumerate(cards, 1)]
    return dumps({"@context": CONTEXT, "@type": "ItemList", "numberOfItems": len(items),
                  "itemListElement": items}) + "\n"
