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
"""

from __future__ import annotations

import json
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.labels import duration_band, facts
from learnshelf.model.languages import is_rtl
from learnshelf.model.routes import card_page, page_url, search_words, vocabulary_url
from learnshelf.model.schema import Card
from learnshelf.search.languages import cjk_apart, index_language
from learnshelf.search.pagefind import PagefindIndexer
from learnshelf.search.parts import HIDDEN, PART_SIZE, folder_groups, language_parts
from learnshelf.search.terms import mark, pattern, whole_terms


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


#: Words shorter than this are never corrected (too many neighbours one edit away).
SHORTEST_TYPO = 4
_WORD = re.compile(r"\w+")


def typo_vocabulary(items: list[Record]) -> dict[str, dict[str, int]]:
    """The indexed words of at least ``SHORTEST_TYPO`` letters, each with the number of records
    holding it, grouped by the file (``search_words``) the search page fetches for a query word
    starting with the same character: a query fetches one small file, not the whole vocabulary."""
    counts: Counter[str] = Counter()
    for r in items:
        counts.update({w for w in _WORD.findall(r.content.casefold()) if len(w) >= SHORTEST_TYPO and not w.isdigit()})
    files: dict[str, dict[str, int]] = {}
    for word, count in sorted(counts.items()):
        files.setdefault(search_words(word), {})[word] = count
    return files


def _write_words(items: list[Record], output: Path) -> None:
    for name, words in typo_vocabulary(items).items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _write_part(items: list[Record], output: Path, wasm: bool, script: bool = False) -> None:
    with PagefindIndexer() as indexer:
        for r in items:
            indexer.add(r.url, r.content, r.language, r.meta, r.filters, r.sort)
        indexer.write(output, wasm, script)


def wasm_folders(groups: list[list[str]], languages: dict[str, list[str]]) -> set[str]:
    """The folders that are, in their search group, the first to hold one of the languages."""
    firsts = set()
    for group in groups:
        seen: set[str] = set()
        for folder in group:
            if set(languages[folder]) - seen:
                firsts.add(folder)
            seen.update(languages[folder])
    return firsts


def write_index(items: list[Record], output: Path, part_size: int = PART_SIZE, jobs: int = 1) -> None:
    """Build the Pagefind index for ``items`` into ``output`` (e.g. ``site/pagefind``): the first
    part there, the others in the sub-folders the search page names (``language_parts``,
    ``folder_groups``), with up to ``jobs`` indexer processes at a time. Within each search group,
    the first part holding a language also gets Pagefind's WebAssembly, which that language's
    Pagefind loads from there."""
    cut = language_parts([r.language for r in items], part_size)
    groups = folder_groups(len(cut))
    folders = [folder for group in groups for folder in group]
    chunks = [[items[n] for n in positions] for _, positions in cut] or [[]]
    if len(chunks) > 1:
        chunks = [chunk + extra for chunk, extra in zip(chunks, vocabulary_records(chunks))]
    firsts = wasm_folders(groups, {"": []} | {folder: [language] for folder, (language, _) in zip(folders, cut)})
    parts = [(chunk, output / folder, folder in firsts) for chunk, folder in zip(chunks, folders)]
    _write_part(chunks[0], output, wasm=True, script=True)  # its folder holds the other parts
    _write_words(items, output)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        for done in [pool.submit(_write_part, *part) for part in parts[1:]]:
            done.result()
