"""How the search index is cut into parts and how the search page searches them: the part size,
the groups searched in parallel, the hidden vocabulary filter; and nothing more. The index
writer (``records``) and the search page (``page``) both read these, so they always agree."""

from __future__ import annotations

from learnshelf.model.routes import search_part

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


def search_groups(count: int, part_size: int = PART_SIZE) -> list[list[str]]:
    """The index folders ("" for the index folder itself, then the parts') in the contiguous
    groups the search page searches in parallel, each with its own Pagefind in its own web worker.
    The first folder of each group holds the WebAssembly its Pagefind loads."""
    folders = [search_part(0), *search_parts(count, part_size)]
    size = -(-len(folders) // GROUPS)
    return [folders[start:start + size] for start in range(0, len(folders), size)]
