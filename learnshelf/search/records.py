"""The search index: one Pagefind record per published card, with facets; nothing more.

We feed Pagefind custom records from the catalog instead of letting it crawl HTML: the index is
then independent of the theme, every facet comes from validated card data, and each record's
searchable text includes the taxonomy synonyms of its topics and roles (searching "induction"
finds onboarding cards). Pagefind writes a chunked index, so a query fetches only the chunks
it needs instead of one whole-site JSON file.

A large library is indexed in *parts* of at most ``PART_SIZE`` cards, each a Pagefind bundle
that the search page merges (``mergeIndex``). Pagefind's search and its filter counts take time
in proportion to the square of the pages matching within one bundle (measured at 20,000 cards:
9 s for a word in most cards with one bundle, 0.5 s with parts of 1,000), and its indexer needs
~80 MB per 1,000 pages, so parts also bound the build's memory at any library size. Each part
holds cards of one language (Pagefind keeps an index per language, and a part in five languages
would be five indexes to search), in catalog (title) order; each record carries its catalog
position, by which the page merges filter-only results into title order. When a word is missing from an index, Pagefind searches for its
longest prefix that is there instead ("induction" -> "in"); so that a part lacking a word
does not answer with such stand-ins while other parts have the word, each part gets one hidden
*vocabulary record* holding the library's words that the part lacks, which every query excludes.
The search page searches only the parts that can answer a query (``learnshelf.search.vocabulary``),
each with its own Pagefind started from its language's *stub* bundle, which holds that
language's WebAssembly at one URL for all its parts.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.labels import duration_band, facts
from learnshelf.model.languages import is_rtl
from learnshelf.model.routes import card_page, page_url, search_stub, stub_url, vocabulary_url
from learnshelf.model.schema import Card
from learnshelf.search.languages import cjk_apart, index_language
from learnshelf.search.pagefind import PagefindIndexer
from learnshelf.search.parts import HIDDEN, PART_SIZE, folder_groups, language_parts
from learnshelf.search.terms import mark, pattern, whole_terms
from learnshelf.search.vocabulary import search_vocabulary


@dataclass(frozen=True)
class Record:
    """What Pagefind stores for one card."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    #: The Pagefind language it is indexed under (``languages.index_language``).
    language: str = "en"


def _words(card: Card, catalog: Catalog) -> list[str]:
    topics, roles = catalog.taxonomy.topics, catalog.taxonomy.roles
    words = [card.title, card.summary, card.source or "", card.contributor]
    for topic in topics.with_parents(card.topics):
        words += [topics.terms[topic].label, *topics.terms[topic].synonyms]
    for role in card.roles:
        words += [roles.terms[role].label, *roles.terms[role].synonyms]
    return [w for w in words if w]


def _filters(card: Card, catalog: Catalog) -> dict[str, list[str]]:
    vocab = catalog.taxonomy.vocabularies
    topics, roles = catalog.taxonomy.topics, catalog.taxonomy.roles
    # A core or untagged card is for every role, so a role filter never hides it.
    role_ids = card.roles if card.roles and not card.core else sorted(roles.terms)
    filters = {
        "type": [vocab["types"][card.type].label],
        "topic": [topics.terms[t].label for t in topics.with_parents(card.topics)],
        "role": [roles.terms[r].label for r in role_ids],
        "language": [card.language],
        "accessibility": [vocab["accessibility"][a].label for a in card.accessibility],
        "level": [vocab["levels"][card.level].label] if card.level else [],
        "cost": [vocab["costs"][card.cost].label] if card.cost else [],
        "duration": [duration_band(card)] if card.duration_minutes else [],
    }
    return {k: v for k, v in filters.items() if v}


def filter_counts(catalog: Catalog) -> dict[str, dict[str, int]]:
    """For each facet value, how many listed cards have it: the counts the search page shows
    before anything is searched, as Pagefind would count them over every part of the index (each
    card's record has exactly these filter values; the hidden records have none of them)."""
    counts: dict[str, dict[str, int]] = {}
    for card in catalog.listed:
        for facet, values in _filters(card, catalog).items():
            into = counts.setdefault(facet, {})
            for value in set(values):
                into[value] = into.get(value, 0) + 1
    return {facet: dict(sorted(values.items())) for facet, values in sorted(counts.items())}


def direction(language: str) -> str:
    """``rtl`` or ``ltr``: the direction of text in ``language`` (a BCP 47 tag), for the page's
    ``dir`` on a result; ``ltr`` for a tag CLDR does not know."""
    return "rtl" if is_rtl(language) else "ltr"


def records(catalog: Catalog, directory_urls: bool = True) -> list[Record]:
    """One record per listed card, in catalog order."""
    out = []
    terms = whole_terms(catalog.taxonomy)
    found = pattern(terms)  # "C#" is indexed as a token of its own too (see terms.py)
    for order, card in enumerate(catalog.listed):
        body = " ".join(card.body.split())
        # id, lang and dir let the page mark each result (data-card-id; lang/dir on its text).
        meta = {"title": card.title, "summary": card.summary, "facts": " · ".join(facts(card, catalog.taxonomy)),
                "id": card.id, "lang": card.language, "dir": direction(card.language),
                # Catalog (title) order: the page merges the languages' filter-only results by it.
                "order": f"{order:07d}"}
        words = _words(card, catalog)  # title and summary first, synonyms after the body
        content = cjk_apart(mark(" ".join([*words[:2], body, *words[2:]]), terms, found))
        out.append(Record(page_url(card_page(card), directory_urls), content, meta, _filters(card, catalog),
                          {"added": card.added, "title": card.title.casefold()}, index_language(card.language)))
    return out


def vocabulary_records(parts: list[list[Record]]) -> list[list[Record]]:
    """For each part, one record per language it holds, of the words in the library's other
    Pagefind indexes (a part's records in one language) that this index lacks. Words are split
    as written, so Pagefind reads them as it reads the records."""
    indexes = [(number, language, {w for r in part if r.language == language for w in r.content.split()})
               for number, part in enumerate(parts) for language in sorted({r.language for r in part})]
    everything = set().union(*(words for _, _, words in indexes))
    out: list[list[Record]] = [[] for _ in parts]
    for number, language, have in indexes:
        if missing := sorted(everything - have):
            out[number].append(Record(vocabulary_url(number, language), " ".join(missing), {"title": "vocabulary"},
                                      {HIDDEN[0]: [HIDDEN[1]]}, language=language))
    return out


def _write_words(parts: list[tuple[str, list[Record]]], output: Path) -> None:
    # Pagefind searches the records' metadata too (a card's id: "python-ko" finds 파이썬 입문).
    texts = [(language, [" ".join([r.content, *r.meta.values()]) for r in part]) for language, part in parts]
    for name, words in search_vocabulary(texts).items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _write_part(items: list[Record], output: Path, wasm: bool, script: bool = False) -> None:
    with PagefindIndexer() as indexer:
        for r in items:
            indexer.add(r.url, r.content, r.language, r.meta, r.filters, r.sort)
        indexer.write(output, wasm, script)


def _write_stub(language: str, output: Path) -> None:
    """The bundle every Pagefind of ``language`` starts from: Pagefind's WebAssembly for the
    language, one URL for all its parts, and one hidden record (an index needs one)."""
    stub = Record(stub_url(language), HIDDEN[1], {"title": "stub"}, {HIDDEN[0]: [HIDDEN[1]]}, language=language)
    _write_part([stub], output / search_stub(language), wasm=True)


def write_index(items: list[Record], output: Path, part_size: int = PART_SIZE, jobs: int = 1) -> None:
    """Build the Pagefind index for ``items`` into ``output`` (e.g. ``site/pagefind``): the first
    part there, the others in the sub-folders the search page names (``language_parts``,
    ``folder_groups``), one stub bundle per language (``search_stub``: its Pagefinds load the
    language's WebAssembly from there, one URL for all its parts) and the vocabulary
    (``search_vocabulary``), with up to ``jobs`` indexer processes at a time."""
    cut = language_parts([r.language for r in items], part_size)
    folders = [folder for group in folder_groups(len(cut)) for folder in group]
    chunks = [[items[n] for n in positions] for _, positions in cut] or [[]]
    _write_words([(language, chunk) for (language, _), chunk in zip(cut, chunks)], output)
    if len(chunks) > 1:
        chunks = [chunk + extra for chunk, extra in zip(chunks, vocabulary_records(chunks))]
    _write_part(chunks[0], output, wasm=False, script=True)  # its folder holds the other parts
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        work = [pool.submit(_write_part, chunk, output / folder, False) for chunk, folder in zip(chunks[1:], folders[1:])]
        work += [pool.submit(_write_stub, language, output) for language in sorted({language for language, _ in cut})]
        for done in work:
            done.result()
