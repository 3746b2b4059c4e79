"""How the search index is cut into parts and how the search page searches them: the part size,
which cards each part holds, the groups searched in parallel, the hidden vocabulary filter; and
nothing more. The index writer (``records``) and the search page (``page``) both read these, so
they always agree."""

from __future__ import annotations

from learnshelf.model.routes import search_part
from learnshelf.search.languages import index_language

#: Cards per search-index part (see ``learnshelf.search.records``): measured, not guessed.
PART_SIZE = 1000
#: The parts are searched in this many groups at once, each by its own Pagefind in its own
#: web worker (search-worker.js; two cores here: a word in 90% of 20,000 cards, 210 ms -> 120 ms).
GROUPS = 2
#: The filter (name, value) marking each part's hidden vocabulary record; every query excludes it.
HIDDEN = ("vocabulary", "part")


def search_parts(count: int, part_size: int = PART_SIZE) -> list[str]:
    """Folders (under the index folder) of the index parts after the first, for ``count`` cards."""
    return [search_part(n) for n in range(1, -(-count // part_size))]


def language_parts(languages: list[str], part_size: int = PART_SIZE) -> list[tuple[str, list[int]]]:
    """The index parts of cards in ``languages`` (one BCP 47 tag per card, in catalog order): each
    part is (Pagefind language, the positions of its cards), at most ``part_size`` cards of one
    language in catalog order; the language with most cards first. One language per part keeps
    the number of Pagefind indexes (one per part and language) near the number of parts."""
    positions: dict[str, list[int]] = {}
    for number, tag in enumerate(languages):
        positions.setdefault(index_language(tag), []).append(number)
    order = sorted(positions, key=lambda language: (-len(positions[language]), language))
    return [(language, positions[language][start:start + part_size])
            for language in order for start in range(0, len(positions[language]), part_size)]


def folder_groups(parts: int) -> list[list[str]]:
    """The index folders of ``parts`` parts ("" for the index folder itself, then the parts') in
    the contiguous groups the search page searches in parallel, each with its own Pagefinds in its
    own web worker."""
    folders = [search_part(n) for n in range(max(parts, 1))]
    size = -(-len(folders) // GROUPS)
    return [folders[start:start + size] for start in range(0, len(folders), size)]


def numbered(groups: list[list[str]]) -> list[list[tuple[int, str]]]:
    """``groups`` with each folder's part number (its place in the order of all the parts)."""
    out, number = [], 0
    for group in groups:
        out.append(list(enumerate(group, number)))
        number += len(group)
    return out


def search_groups(count: int, part_size: int = PART_SIZE) -> list[list[str]]:
    """``folder_groups`` for ``count`` cards in one language."""
    return folder_groups(-(-count // part_size))
