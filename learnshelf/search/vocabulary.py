"""The search page's vocabulary: every indexed word, the number of cards holding it, and the
index parts that can answer it; and nothing more.

The search page reads one small file per first character of a query word (``search_words``),
for two things. It corrects a typo to the nearest word the index holds (``SHORTEST_TYPO``
letters or more). And it searches only the parts that can answer: a query word answers in a
part where Pagefind would match it against a card, that is where a card holds a word beginning
with it (Pagefind extends every query word to the words it begins), stemmed as Pagefind stems
that part's language (PyStemmer's Snowball stemmers, the algorithms Pagefind's stemmer
implements), without accents (Pagefind ignores them), or joined where the card writes it with
punctuation ("e-learning" -> "elearning"). The test is generous on purpose: a part kept without
need costs one index chunk; a part skipped by mistake would lose cards. A word every part can
answer is written as its count alone.

Every part of a large library fetches one index chunk (~20 KB) per query word, and most words
live in a few parts (a language's, or a topic's), so a query fetches the chunks of those parts
only: "리더십" one part instead of all 28 at 20,000 cards.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache

import Stemmer  # type: ignore[import-not-found]  # a C extension without stubs

from learnshelf.model.languages import language_name
from learnshelf.model.routes import search_words

#: Words shorter than this are never corrected (too many neighbours one edit away).
SHORTEST_TYPO = 4
_WORD = re.compile(r"\w+")
_JOINED = re.compile(r"\W+")
#: A word's entry: its card count, with the numbers of the parts that can answer it unless all can.
Entry = int | list[int | list[int]]


def _unaccented(word: str) -> str:
    # Recomposed: Korean syllables decompose into letters that are not accents.
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)))


def forms(text: str) -> set[str]:
    """The words of ``text`` in lower case as the search page looks them up: each run of
    letters and digits, each space-separated piece with its punctuation removed, and each of
    these without accents."""
    lower = text.lower()
    found = set(_WORD.findall(lower)) | {joined for piece in lower.split() if (joined := _JOINED.sub("", piece))}
    return found | {_unaccented(w) for w in found}


@cache
def stemmer(language: str) -> Callable[[str], str] | None:
    """The Snowball stemmer of ``language`` (a Pagefind language such as ``pt-br``), or None
    for a language without one (Chinese, Japanese, Korean, Hebrew...: Pagefind does not stem them)."""
    name = language_name(language).split(" (")[0].split()[0].lower()
    if name not in Stemmer.algorithms():
        return None
    stem: Callable[[str], str] = Stemmer.Stemmer(name).stemWord
    return stem


class PartWords:
    """What one index part can answer: its cards' words, their stems, sorted for prefix search."""

    def __init__(self, words: Iterable[str], language: str) -> None:
        self._stem = stemmer(language)
        have = set(words)
        if self._stem:
            have |= {self._stem(w) for w in have}
        self._sorted = sorted(have)

    def _begins(self, prefix: str) -> bool:
        at = bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    def answers(self, word: str) -> bool:
        """Whether a card of this part holds a word that ``word`` (as the search page looks it up)
        begins, as written, without accents, or stemmed."""
        asked = {word, _unaccented(word)}
        if self._stem:
            asked |= {self._stem(w) for w in asked}
        return any(self._begins(w) for w in asked)


def search_vocabulary(parts: list[tuple[str, list[str]]]) -> dict[str, dict[str, Entry]]:
    """For index parts given as (Pagefind language, the text of each card: all Pagefind searches), every word of
    the cards with the number of cards holding it and, unless every part can answer it, the
    numbers of the parts that can: ``{word: count}`` or ``{word: [count, [part, ...]]}``, grouped
    by the file (``search_words``) the search page fetches for a query word with the same first
    character."""
    counts: Counter[str] = Counter()
    held: list[PartWords] = []
    for language, contents in parts:
        words: set[str] = set()
        for content in contents:
            mine = forms(content)
            counts.update(mine)
            words |= mine
        held.append(PartWords(words, language))
    files: dict[str, dict[str, Entry]] = {}
    for word, count in sorted(counts.items()):
        where = [number for number, part in enumerate(held) if part.answers(word)]
        entry: Entry = count if len(where) == len(held) else [count, where]
        files.setdefault(search_words(word), {})[word] = entry
    return files
