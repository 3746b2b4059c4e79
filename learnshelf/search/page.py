"""The search page, as Markdown: a query box and facet filters, configured for the Pagefind
index and its parts; and nothing more. The scripts that run it are in the site assets."""

from __future__ import annotations

import json

from learnshelf.catalog.catalog import Catalog
from learnshelf.model import mdtext as md
from learnshelf.model import theme
from learnshelf.model.routes import LIBRARY, ROLES, SEARCH, SEARCH_WORDS, TOPICS, search_bundle, search_stub
from learnshelf.search.languages import js_class
from learnshelf.search.parts import HIDDEN, PART_SIZE, folder_groups, language_parts, numbered
from learnshelf.search.records import filter_counts
from learnshelf.search.terms import whole_terms
from learnshelf.search.vocabulary import SHORTEST_TYPO

FACETS = ("type", "topic", "role", "level", "cost", "language", "accessibility", "duration")


def search(catalog: Catalog, part_size: int = PART_SIZE) -> dict[str, str]:
    """The search page: a query box and facet filters driven by the Pagefind index (and its
    parts, for a library of more than ``part_size`` cards)."""
    settings: dict[str, object] = {"bundle": search_bundle(), "facets": list(FACETS),
                                   "words": search_bundle() + SEARCH_WORDS + "/",
                                   "terms": list(whole_terms(catalog.taxonomy).items()), "cjk": js_class()}
    # Each group of parts is searched by one worker; each part holds cards of one language, and
    # starts from its language's stub bundle. A part's number is its place in the vocabulary.
    cut = language_parts([c.language for c in catalog.listed], part_size)
    languages = [language for language, _ in cut]
    settings["groups"] = [[[search_bundle(folder), languages[number] if number < len(languages) else None, number]
                           for number, folder in group] for group in numbered(folder_groups(len(cut)))]
    settings["stubs"] = {language: search_bundle(search_stub(language)) for language in sorted(set(languages))}
    settings["hidden"] = dict([HIDDEN])  # the stubs' records, and each part's vocabulary record
    settings["shortest"] = SHORTEST_TYPO
    # The library-wide facet counts shown before a search: written here, so opening the page
    # does not start a Pagefind for every part of the index to ask them.
    settings["filters"] = filter_counts(catalog)
    if len(catalog.listed) > part_size:
        topics = catalog.taxonomy.topics.terms.values()  # warm up on the largest topic's label
        settings["warmup"] = max(topics, key=lambda t: (len(catalog.topic_cards(t.id)), t.id)).label
    config = json.dumps(settings, ensure_ascii=False)
    lines = [*theme.without_toc(), "", "# Search", "",
             f'<div id="ls-search" data-config="{md.attr(config)}">',
             '<form class="ls-searchbox" role="search"><label for="ls-q">Search the library</label> '
             '<input id="ls-q" name="q" type="search" autocomplete="off" placeholder="e.g. feedback, induction, GDPR"> '
             '</form>',
             # On a narrow screen the filters hide behind this button, so the results come first.
             '<button type="button" class="ls-filters-toggle md-button" aria-expanded="false" '
             'aria-controls="ls-facets">Filters</button>',
             '<div class="ls-layout"><section class="ls-facets" id="ls-facets" aria-label="Filters"></section>'
             '<div class="ls-results" aria-live="polite"></div></div>', "</div>", "",
             # Shown until the search script starts (and for good without JavaScript).
             f"Search needs JavaScript. You can also browse {md.link('by topic', SEARCH, TOPICS)}, "
             f"{md.link('by role', SEARCH, ROLES)} or {md.link('the whole library', SEARCH, LIBRARY)}.", ""]
    return {SEARCH: "\n".join(lines)}

