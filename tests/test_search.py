"""The search index's build-time parts that the search page reads: the typo vocabulary and each
record's card id, language and text direction."""

from __future__ import annotations

from learnshelf.model.routes import search_words
from learnshelf.search.records import Record, direction, typo_vocabulary


def test_the_typo_vocabulary_counts_records_per_word_in_one_file_per_first_letter() -> None:
    items = [Record("/a/", "Python basics python", {}), Record("/b/", "Python for data, 2026", {}),
             Record("/c/", "Édition café", {})]
    files = typo_vocabulary(items)
    assert files[search_words("python")] == {"python": 2}  # one record counts once
    assert files[search_words("data")] == {"data": 1}
    assert files[search_words("édition")] == {"édition": 1}
    assert all(len(word) >= 4 for words in files.values() for word in words)  # "for" is too short to correct
    assert "2026" not in files.get(search_words("2026"), {})


def test_a_card_language_gives_its_text_direction() -> None:
    assert direction("ar") == direction("he") == direction("fa") == "rtl"
    assert direction("en") == direction("pt-BR") == direction("ja") == "ltr"
    assert direction("not a tag") == "ltr"
