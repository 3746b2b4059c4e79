"""Whole search terms: which terms the search treats as whole words (``C#``, ``.NET``, ``R``), the
token each is indexed as, and marking them in a record's text; and nothing more.

Pagefind drops symbols from words ("C#" is indexed and searched as "c") and matches a query word
as the prefix of longer words, so "C#" would find nearly every card. Each whole term is
therefore given a token made of letters and digits only, ending in a digit so that no stemmer
changes it and it is nobody's prefix; the token is added to a record's text wherever the term
stands on its own, and the search page (search.js, from the pairs in its settings) searches for
the token instead of the term. The terms are the curator's (``curation/search-terms.yml``) plus
every taxonomy spelling with a symbol in it ("l&d"); no term is written in code.
"""

from __future__ import annotations

import re
import unicodedata

from learnshelf.load.taxonomy import Taxonomy

#: Characters that, next to a term, make it part of a longer word (mirrored in search.js).
_BEFORE = r"(?<![\w.#+&@-])"
_AFTER = r"(?![\w#+&@-]|\.\w)"
_PLAIN = re.compile(r"[\w\s-]*")


def token(term: str) -> str:
    """The word ``term`` is indexed as: its letters and digits, each symbol spelled by its
    Unicode name ("C#" -> "lscnumbersign0"), between a prefix and a final digit."""
    spelled = "".join(c.casefold() if c.isalnum() else re.sub(r"[^a-z]", "", unicodedata.name(c, "symbol").lower())
                      for c in term)
    return f"ls{spelled}0"


def whole_terms(taxonomy: Taxonomy) -> dict[str, str]:
    """Each whole term (longest first, so "C++" is tried before a listed "C") and its token."""
    found = {t.casefold(): t for t in taxonomy.search_terms}
    for vocabulary in (taxonomy.topics, taxonomy.roles):
        for term in vocabulary.terms.values():
            for word in " ".join([term.label, *term.synonyms]).split():
                if not _PLAIN.fullmatch(word):
                    found.setdefault(word.casefold(), word)
    terms = sorted(found.values(), key=lambda t: (-len(t), t.casefold()))
    return {t: token(t) for t in terms}


def pattern(terms: dict[str, str]) -> re.Pattern[str] | None:
    """A pattern finding the terms where they stand on their own: case does not matter, except
    for a one-letter term, found only as written ("R", not every lone "r")."""
    if not terms:
        return None
    alternatives = [re.escape(t) if len(t) > 1 else f"(?-i:{re.escape(t)})" for t in terms]
    return re.compile(f"{_BEFORE}(?:{'|'.join(alternatives)}){_AFTER}", re.IGNORECASE)


def mark(text: str, terms: dict[str, str], found: re.Pattern[str] | None) -> str:
    """``text`` with each whole term followed by its token ("C# basics" -> "C# lscnumbersign0 basics")."""
    if found is None:
        return text
    tokens = {t.casefold(): v for t, v in terms.items()}
    return found.sub(lambda m: f"{m.group(0)} {tokens[m.group(0).casefold()]}", text)
