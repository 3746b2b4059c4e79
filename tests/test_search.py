"""The search index's build-time parts that the search page reads: the typo vocabulary, each
record's card id, language and text direction, and the whole terms (C#, .NET) with their tokens."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import REPO

from learnshelf.load.project import Project
from learnshelf.load.searchterms import load_search_terms
from learnshelf.model.routes import search_words
from learnshelf.search.languages import CJK, cjk_apart
from learnshelf.search.parts import HIDDEN, language_parts
from learnshelf.search.records import Record, direction, vocabulary_records
from learnshelf.search.terms import mark, pattern, token, whole_terms
from learnshelf.search.vocabulary import search_vocabulary


def test_the_vocabulary_counts_cards_per_word_in_one_file_per_first_letter() -> None:
    files = search_vocabulary([("en", ["Python basics python", "Python for data, 2026", "Édition café"])])
    assert files[search_words("python")] == {"python": 2}  # one card counts once; one part answers everything
    assert files[search_words("data")] == {"data": 1}
    assert files[search_words("édition")] == {"édition": 1}
    assert files[search_words("edition")] == {"edition": 1}  # Pagefind ignores accents
    assert files[search_words("for")] == {"for": 1}  # short words too: they choose the parts to search


def test_the_vocabulary_names_the_parts_that_can_answer_a_word() -> None:
    files = search_vocabulary([("en", ["Coaching for managers", "Data-driven e-learning"]),
                               ("en", ["Coach your team"]), ("fr", ["Écrire clairement"]), ("ko", ["리더십 입문"])])

    def word(w: str) -> object:
        return files[search_words(w)][w]

    assert word("coaching") == [1, [0, 1]]  # part 1 holds "coach", which Pagefind's stemmer makes of it
    assert word("coach") == [1, [0, 1]]  # Pagefind extends a query word to the words it begins
    assert word("team") == [1, [1]]
    assert word("elearning") == [1, [0]] and word("learning") == [1, [0]]  # joined as written, and apart
    assert word("ecrire") == word("écrire") == [1, [2]]
    assert word("리더십") == [1, [3]]  # a Korean syllable is not an accented letter
    assert word("e") == [1, [0, 2]]  # "e-learning", and "écrire" without its accent


def test_a_card_language_gives_its_text_direction() -> None:
    assert direction("ar") == direction("he") == direction("fa") == "rtl"
    assert direction("en") == direction("pt-BR") == direction("ja") == "ltr"
    assert direction("not a tag") == "ltr"


def test_whole_terms_come_from_the_curators_list_and_the_taxonomys_spellings_with_symbols() -> None:
    taxonomy, problems = Project(REPO).load_taxonomy()
    assert problems == []
    terms = whole_terms(taxonomy)
    listed = yaml.safe_load((REPO / "curation" / "search-terms.yml").read_text())
    assert set(listed) <= set(terms)
    assert "l&d" in terms  # a role synonym with a symbol in it
    assert "induction" not in terms and "one-to-ones" not in terms  # plain words and hyphens are Pagefind's
    assert len(set(terms.values())) == len(terms)
    assert all(re.fullmatch(r"[a-z0-9]+[0-9]", t) for t in terms.values())


def test_a_whole_term_is_marked_only_where_it_stands_on_its_own() -> None:
    terms = {t: token(t) for t in ("Node.js", ".NET", "C++", "C#", "R")}
    found = pattern(terms)
    marked = mark("C# and c#, (C++) or ASP.NET, .NET 8; Node.jsx, Node.js. R, R&D, a lone r", terms, found)
    assert marked.count(token("C#")) == 2
    assert marked.count(token("C++")) == 1 and marked.count(token("Node.js")) == 1
    assert marked.count(token(".NET")) == 1  # not inside ASP.NET
    assert marked.count(token("R")) == 1  # "R," only: not R&D, and a one-letter term keeps its case
    assert token("C#") != token("C") and not token("C#").startswith(token("C"))


def test_the_search_terms_file_reports_located_problems(tmp_path: Path) -> None:
    (tmp_path / "search-terms.yml").write_text("- C#\n- c#\n- two words\n- {a: b}\n")
    terms, problems = load_search_terms(tmp_path)
    assert terms == ("C#",)
    assert [(p.line, p.col, p.rule) for p in problems] == [(2, 3, "taxonomy-invalid"), (3, 3, "taxonomy-invalid"),
                                                              (4, 3, "taxonomy-invalid")]
    assert "'c#' is listed twice" in problems[0].message
    (tmp_path / "search-terms.yml").write_text("C#: yes\n")
    assert [(p.line, p.col, p.message) for p in load_search_terms(tmp_path)[1]] == [
        (1, 1, "the file must be a list of terms, e.g. '- C#'")]
    (tmp_path / "search-terms.yml").unlink()
    assert load_search_terms(tmp_path) == ((), [])


def test_chinese_and_japanese_characters_are_indexed_one_by_one() -> None:
    assert cjk_apart("Python入門ガイド: 数据分析入门").split() == ["Python", "入", "門", "ガ", "イ", "ド", ":",
                                                               "数", "据", "分", "析", "入", "门"]
    assert cjk_apart("파이썬 입문, Führung") == "파이썬 입문, Führung"  # Korean is written with spaces
    assert re.fullmatch(f"{CJK}+", "データ分析ー")


def test_each_pagefind_index_of_a_part_and_language_gets_the_words_it_lacks() -> None:
    parts = [[Record("/a/", "python basics", {}, language="en"), Record("/b/", "python 入 門", {}, language="ja")],
             [Record("/c/", "leadership", {}, language="en")]]
    extra = vocabulary_records(parts)
    assert [[(r.language, r.content) for r in records] for records in extra] == [
        [("en", "leadership 入 門"), ("ja", "basics leadership")],
        [("en", "basics python 入 門")]]
    assert all(r.filters == {HIDDEN[0]: [HIDDEN[1]]} for records in extra for r in records)
    assert len({r.url for records in extra for r in records}) == 3
    # Parts hold one language each, the language with most cards first, each in catalog order.
    assert language_parts(["en", "ja", "pt-BR", "en", "en"], 2) == [("en", [0, 3]), ("en", [4]), ("ja", [1]),
                                                                     ("pt-br", [2])]
