"""Text fields take text in any script, and refuse what is not text (noncharacters, unpaired
surrogates, controls) or only hides text (bidi overrides, zero-width characters), naming the
code point found."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE_PROJECT

from learnshelf.check.library import check_bytes
from learnshelf.load.taxonomy import load_taxonomy

TAXONOMY, _ = load_taxonomy(EXAMPLE_PROJECT / "curation")
#: Each text field of the card below, and its line.
TEXT_FIELDS = {"title": 2, "summary": 5, "source": 7, "contributor": 8}


def check(**values: str) -> list[tuple[int, str, str]]:
    """The problems of a valid card with ``values`` written (as YAML) over its own."""
    fields = {"title": "A valid looking title", "type": "article", "url": "https://example.org/text/card",
              "summary": "A summary that is long enough to pass the length rule.", "topics": "[feedback]",
              "source": "A publisher", "contributor": "tester", "added": "2026-01-01"} | values
    card = "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\nBody text.\n"
    _, problems = check_bytes(card.encode("utf-8"), "docs/resources/text-card.md", TAXONOMY)
    return [(p.line, p.rule, p.message) for p in problems]


VALID_TITLES = {
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "cjk": "学习方法入门",
    "cjk-three-characters": "学习法",
    "one-letter": "C",  # the shortest title allowed: one character ("C", "R", "Go")
    "one-cjk-character": "禅",
    "c-sharp": "C#",
    "arabic-rlm": "\u200fمقدمة في البرمجة\u200f",
    "persian-rlm-and-zwnj": "آموزش برنامه\u200cنویسی\u200f (PDF)",
    "english-lrm-in-arabic": "كتاب \u200eC++\u200e للمبتدئين",
    "khmer-zwnj": "\u1797\u17b6\u179f\u17b6\u200c\u1781\u17d2\u1798\u17c2\u179a",
    # A zero-width space marks the word breaks of scripts written without spaces.
    "thai-zwsp": "การเรียน\u200bภาษา\u200bไทย",
    "khmer-zwsp": "\u1797\u17b6\u179f\u17b6\u200b\u1781\u17d2\u1798\u17c2\u179a",
    "lao-zwsp": "ພາສາ\u200bລາວ",
    "myanmar-zwsp": "မြန်မာ\u200bစာ",
    "japanese-zwsp": "プログラミング\u200b入門",
    "japanese": "プログラミング入門",
    "cjk-astral": "𠀀𠀁𠀂 extension B",
    "hindi": "नमस्ते दुनिया",
    "persian-zwnj": "نامه\u200cهای اداری",
    "persian-zwnj-twice": "می\u200cخواهم نامه\u200cها را بخوانم",
    "hindi-zwj": "क्\u200dष learning",
    "emoji": "Learning 🚀 fast 🎉",
    "emoji-zwj": "👩\u200d💻 and 👩🏽\u200d💻 coding, ❤️\u200d🔥",
    "next-to-noncharacters": "U+FDCF ﷏, U+FDF0 ﷰ, U+FFFD �, U+FFFC ￼",
    "quoted-escapes": '"Caf\\u00e9 \\U0001F680"',
}


@pytest.mark.parametrize("title", VALID_TITLES.values(), ids=VALID_TITLES.keys())
def test_a_title_in_any_script_is_valid(title: str) -> None:
    assert check(title=title) == []


def test_text_in_any_script_is_valid_in_every_text_field() -> None:
    assert check(summary="یک راهنمای عملی برای بازخورد دادن به همکاران تیم", source="学习出版社",
                 contributor="مريم") == []


NOT_TEXT = {"U+FFFE": '"\\uFFFE"', "U+FFFF": '"\\uFFFF"', "U+FDD0": "\ufdd0", "U+FDEF": "\ufdef",
            "U+1FFFE": "\U0001fffe", "U+10FFFF": "\U0010ffff"}


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("code", NOT_TEXT)
def test_a_noncharacter_is_refused_in_every_text_field_and_named(field: str, code: str) -> None:
    written = NOT_TEXT[code]
    value = f'"A long enough text{written[1:]}' if written.startswith('"') else f"A long enough text{written}"
    assert check(**{field: value}) == [
        (TEXT_FIELDS[field], "invalid-character", f"'{field}' contains {code}, a Unicode noncharacter, which is not text; delete it")]


def test_a_noncharacter_in_the_url_is_refused() -> None:
    assert [rule for _, rule, _ in check(url="https://example.org/a\ufdd0b")] == ["invalid-character"]


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("escape, code", [("\\x07", "U+0007"), ("\\x1b", "U+001B"), ("\\x00", "U+0000"),
                                          ("\\x7f", "U+007F"), ("\\x9b", "U+009B"), ("\\r", "U+000D")])
def test_a_control_character_is_refused_in_every_text_field_and_named(field: str, escape: str, code: str) -> None:
    assert check(**{field: f'"A long enough{escape} text"'}) == [
        (TEXT_FIELDS[field], "plain-text", f"'{field}' contains the control character {code}; write one plain line")]


def test_a_raw_control_or_noncharacter_is_located_where_it_is_written() -> None:
    assert check(summary="A summary that is long enough\ufffe here") == [
        (5, "yaml-syntax", "the file contains U+FFFE, a Unicode noncharacter, which YAML does not allow; delete it")]
    assert check(source="Bell\x07") == [
        (7, "yaml-syntax", "the file contains U+0007, a control character, which YAML does not allow; delete it")]


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069", "\u200b", "\u2060", "\ufeff"])
def test_bidi_controls_and_invisible_characters_stay_refused(char: str) -> None:
    code = f"U+{ord(char):04X}"
    assert check(title=f"مرحبا{char} بالعالم") == [
        (2, "invisible-character", f"'title' contains the invisible character {code}; delete it")]


def test_direction_marks_are_text_in_every_text_field() -> None:
    assert check(summary="\u200fيشرح هذا الكتاب أساسيات البرمجة خطوة بخطوة\u200f", source="\u200eO'Reilly\u200e",
                 contributor="\u200fمريم") == []


def test_an_empty_title_is_too_short() -> None:
    assert check(title='""') == [(2, "text-length", "'title' has 0 characters; it must have 1 to 120")]


@pytest.mark.parametrize("title", ["On\u200cboarding", "Onb\u200doarding", "Caf\u00e9\u200c\u00e9 title",
                                   "\u041e\u200c\u043d\u0431\u043e\u0430\u0440\u0434", "\u200cنامه title",
                                   "نامه\u200c", "نامه\u200c\u200cها", "نامه \u200cها", "A 🚀\u200d title"])
def test_a_joiner_that_joins_no_letters_of_a_script_needing_it_is_refused(title: str) -> None:
    assert [(line, rule) for line, rule, _ in check(title=title)] == [(2, "invisible-character")]


@pytest.mark.parametrize("title", ["On\u200bboarding", "\u0646\u0627\u0645\u0647\u200b\u0647\u0627",
                                   "\u041e\u200b\u043d\u0431", "ภาษา\u200b title", "ภาษา\u200b", "\u200bภาษา",
                                   "ภาษา \u200bไทย", "入門\u200bC#"])
def test_a_zero_width_space_outside_a_script_written_without_spaces_is_refused(title: str) -> None:
    """Between Latin, Arabic or Cyrillic letters, next to a space, ASCII or an end, a zero-width
    space breaks no word a reader sees: it only disguises the text."""
    assert check(title=title) == [
        (2, "invisible-character", "'title' contains the invisible character U+200B; delete it")]
