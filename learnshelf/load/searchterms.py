"""The curator's list of terms searched as whole terms (``curation/search-terms.yml``): reading
and checking it; and nothing more. What the search makes of the terms is ``learnshelf.search``'s.

The file is optional: without it only the taxonomy's own spellings with symbols are protected.
"""

from __future__ import annotations

from pathlib import Path

from learnshelf.load.yamlfile import YamlFile
from learnshelf.load.yamlnodes import Seq
from learnshelf.model import problems as P

SEARCH_TERMS_FILE = "search-terms.yml"


def load_search_terms(curation: Path, display_dir: str = "curation") -> tuple[tuple[str, ...], list[P.Problem]]:
    """The terms listed in ``search-terms.yml`` (none when the file is absent), in file order
    without repeats (case aside), and the file's problems (located)."""
    reader = YamlFile(curation / SEARCH_TERMS_FILE, f"{display_dir}/{SEARCH_TERMS_FILE}", optional=True)
    if reader.root is None:
        return (), reader.problems
    if not isinstance(reader.root, Seq):
        if not reader.problems:  # a YAML error already explains why there is no list
            reader.fail(reader.root.line, reader.root.col, "the file must be a list of terms, e.g. '- C#'")
        return (), reader.problems
    terms: dict[str, str] = {}
    for item in reader.root.items:
        term = reader.text(item, "each search term", item)
        if term is None:
            continue
        if term.casefold() in terms:
            reader.fail(item.line, item.col, f"'{term}' is listed twice")
        elif any(c.isspace() for c in term):
            reader.fail(item.line, item.col, f"'{term}': a search term is one word, without spaces")
        else:
            terms[term.casefold()] = term
    return tuple(terms.values()), reader.problems
