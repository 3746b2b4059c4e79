"""Similar cards: a BM25 index (bm25s, with PyStemmer's English stemmer) over the published
cards' title, summary, body and the descriptions of their topics, and the most similar cards to
a given one; and nothing more.

Where a word appears counts as it does for the suggester's phrases (title > summary > body):
the title and summary are repeated in the indexed text by the policy's whole-number weights, so
BM25's term frequencies carry it. A card is never its own neighbour. Who contributed a card is
not part of its text, so it cannot make two cards similar.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import bm25s  # type: ignore[import-untyped]  # ships no type information
import numpy as np
import Stemmer  # type: ignore[import-not-found]  # a C extension without stubs

from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import Card

#: Addresses in a body say where a link goes, not what the card is about; "wikipedia" and "https"
#: would otherwise make every card that links to an encyclopedia look alike.
_URL = re.compile(r"https?://\S+|www\.\S+")
_STEMMER = Stemmer.Stemmer("english")


def plain(text: str) -> str:
    """``text`` without web addresses (their line breaks kept, so lines still count)."""
    return _URL.sub(" ", text)


def _tokens(texts: list[str]) -> list[list[str]]:
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False)
    assert isinstance(tokens, list)
    return tokens


def stems(texts: list[str]) -> list[list[str]]:
    """The stemmed words of each text that are not stop words, as the index compares them."""
    return _tokens(texts) if texts else []


@dataclass(frozen=True)
class Neighbour:
    """A similar published card and its BM25 score (higher is more similar)."""

    card: Card
    score: float


class SimilarCards:
    """The published cards of a library, indexed for "which cards are most like this one"."""

    def __init__(self, cards: list[Card], taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.cards = sorted((c for c in cards if c.valid and c.status == "published"), key=lambda c: c.id)
        # Each part tokenized once (a token never spans a line, so this is what tokenizing
        # ``text`` gives): the repeated title and summary cost nothing more, and the words of a
        # card's own text are kept for the telling words.
        policy = taxonomy.tagging
        texts = [part for c in self.cards for part in (c.title, c.summary, plain(c.body), self._about(c))]
        parts = _tokens(texts) if texts else []
        self.words: dict[str, set[str]] = {}
        documents = []
        for i, card in enumerate(self.cards):
            title, summary, body, about = parts[4 * i:4 * i + 4]
            self.words[card.id] = {*title, *summary, *body}
            documents.append(title * max(1, round(policy.title_weight)) + summary * max(1, round(policy.summary_weight))
                             + body + about)
        self._index_documents(documents)

    def _index_documents(self, documents: list[list[str]]) -> None:
        """Index ``documents`` (one per card of ``self.cards``, in order). bm25s cannot index a
        library in which no card has a word (all stop words, say): then nothing is similar."""
        self._documents = documents
        self._index = bm25s.BM25()
        self._indexed = any(documents)
        if self._indexed:
            self._index.index(documents, show_progress=False)
        self._position = {c.id: i for i, c in enumerate(self.cards)}

    def without(self, card_id: str) -> SimilarCards:
        """This library without one card, indexed again: the card's words no longer count in how
        rare a word is (BM25's IDF), as if it had never been published. For leave-one-out, where
        the held-out card must leave no trace; the words are not tokenized again."""
        other = copy.copy(self)
        keep = [i for i, c in enumerate(self.cards) if c.id != card_id]
        other.cards = [self.cards[i] for i in keep]
        other.words = {c.id: self.words[c.id] for c in other.cards}
        other._index_documents([self._documents[i] for i in keep])
        return other

    def _about(self, card: Card) -> str:
        terms = self.taxonomy.topics.terms
        topics = self.taxonomy.topics.with_parents([t for t in card.topics if t in terms])
        return "\n".join(f"{terms[t].label}. {terms[t].description}" for t in topics)

    def text(self, card: Card) -> str:
        """What a card is compared by: title and summary repeated by their weights, the body,
        and the labels and descriptions of the topics it has (with their parents)."""
        policy = self.taxonomy.tagging
        return "\n".join([card.title] * max(1, round(policy.title_weight))
                          + [card.summary] * max(1, round(policy.summary_weight))
                          + [plain(card.body), self._about(card)])

    def similar(self, card: Card, k: int) -> list[Neighbour]:
        """The ``k`` published cards most similar to ``card`` (never itself), most similar first;
        cards sharing no word with it are left out."""
        if not self._indexed:
            return []
        vocabulary = self._index.vocab_dict
        query = [t for t in _tokens([self.text(card)])[0] if t in vocabulary]
        if not query:
            return []
        scores = np.asarray(self._index.get_scores(query), dtype=np.float64)
        own = self._position.get(card.id)
        if own is not None:
            scores[own] = 0.0
        count = min(k, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        ranked = sorted(top.tolist(), key=lambda i: (-scores[i], self.cards[i].id))
        return [Neighbour(self.cards[i], float(scores[i])) for i in ranked if scores[i] > 0]
