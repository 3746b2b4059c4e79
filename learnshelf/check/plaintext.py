"""Plain-text fields (title, summary, source...): what a text may contain and how long it may be,
and the rules for that, and nothing more.

Plain text is shown as written on the site and in the feed, so it holds no markup, no control
character, nothing invisible that can disguise it and no code point that is not a character.
"""

from __future__ import annotations

import re
import unicodedata

from learnshelf.model.rules import ERROR, Rule

TEXT_LENGTH = Rule(
    "text-length", ERROR,
    "A text field is too short or too long (title 1-120, summary 20-280 characters).",
    bad="summary: Good.",
    fixed="summary: A practical guide to giving feedback that helps people grow.")

PLAIN_TEXT = Rule(
    "plain-text", ERROR,
    "Plain-text fields cannot contain HTML, entities, control characters or (titles) line breaks.",
    bad="title: <b>Onboarding</b>",
    fixed="title: Onboarding")

INVISIBLE_CHARACTER = Rule(
    "invisible-character", ERROR,
    ("Zero-width characters and the bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) "
     "can disguise text; delete them. A joiner (U+200C, U+200D) between two letters of a script "
     "that needs it (Persian, Khmer, Hindi) or inside an emoji sequence is fine, so is a "
     "zero-width space (U+200B) between two letters of a script written without spaces (Thai, "
     "Khmer, Lao, Myanmar, Chinese, Japanese), where it marks a word break, and so are the "
     "direction marks U+200E and U+200F."),
    bad="title: On\u200bboarding",
    fixed="title: Onboarding")

INVALID_CHARACTER = Rule(
    "invalid-character", ERROR,
    ("Text cannot contain code points that are not characters: Unicode noncharacters (U+FFFE, "
     "U+FFFF, U+FDD0-U+FDEF...) and unpaired surrogates; they break the site's feed."),
    bad='title: "Onboarding\\uFFFE"',
    fixed="title: Onboarding")

#: Controls: C0 but tab and line feed, DEL, C1. (XML 1.0 allows CR and C1 too; plain text does not.)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Zero-width characters, the bidi embeddings, overrides and isolates ("Trojan Source") and the
#: byte-order mark. The direction marks LRM and RLM (U+200E, U+200F) are not here: they are
#: ordinary in Arabic, Persian and Urdu titles and reorder nothing but neutral characters.
_INVISIBLE = re.compile("[\u200b-\u200d\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_HTML = re.compile(r"<\s*[a-zA-Z/!?]|&#?[a-zA-Z0-9]+;")
#: Code points that are not characters: the 66 noncharacters (U+FDD0-U+FDEF and the last two of
#: every plane: U+FFFE, U+FFFF, U+1FFFE...) and unpaired surrogates. XML 1.0 forbids U+FFFE,
#: U+FFFF and surrogates outright: one of them in a title broke feed.xml for every reader.
_NOT_A_CHARACTER = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)) + "]")
#: The joiners (ZWNJ, ZWJ) are part of spelling in Persian, Kurdish and the Indic scripts, and of
#: emoji sequences (woman, ZWJ, laptop): they are allowed between two letters, marks or symbols
#: outside ASCII and the Latin, Greek and Cyrillic scripts, which have no use for them but hiding.
_JOINERS = frozenset("\u200c\u200d")
_SCRIPTS_WITHOUT_JOINERS = ("LATIN ", "GREEK ", "CYRILLIC ")
#: The zero-width space (ZWSP) is how Thai, Khmer, Lao, Myanmar and Tibetan text (and sometimes
#: Chinese and Japanese) marks a word break, since those scripts put no space between words: it is
#: allowed between two characters of such a script and nowhere else (elsewhere it only hides a
#: break inside a word, "On<ZWSP>boarding").
_ZWSP = "\u200b"
_SCRIPTS_WITHOUT_SPACES = ("THAI ", "LAO ", "KHMER ", "MYANMAR ", "TIBETAN ", "CJK ", "HIRAGANA ", "KATAKANA ")
#: Any of the four above (one search for the usual clean text instead of four).
_SUSPECT = re.compile("|".join(p.pattern for p in (_CONTROL, _INVISIBLE, _HTML, _NOT_A_CHARACTER)))


def text_problem(name: str, value: str, min_len: int, max_len: int) -> tuple[Rule, str] | None:
    """The first problem with the text ``value`` of the field ``name``, or None when it is fine
    (its length counted with runs of whitespace as one space)."""
    unsafe = _unsafe_text(name, value)
    if unsafe:
        return unsafe
    length = len(" ".join(value.split()))
    if not min_len <= length <= max_len:
        return TEXT_LENGTH, f"'{name}' has {length} characters; it must have {min_len} to {max_len}"
    return None


def _unsafe_text(name: str, value: str) -> tuple[Rule, str] | None:
    if not _SUSPECT.search(value) and not (name == "title" and "\n" in value.strip()):
        return None
    if found := not_a_character(name, value):
        return found
    for invisible in _INVISIBLE.finditer(value):
        char = invisible.group()
        if char == _ZWSP and _separates_words(value, invisible.start()):
            continue
        if char not in _JOINERS:
            return INVISIBLE_CHARACTER, f"'{name}' contains the invisible character U+{ord(char):04X}; delete it"
        if not _joins(value, invisible.start()):
            return INVISIBLE_CHARACTER, (f"'{name}' contains the joiner U+{ord(char):04X} where it joins no "
                                         "letters of a script that uses it (at an end, or next to a space, "
                                         "ASCII or Latin); delete it there")
    if control := _CONTROL.search(value):
        return PLAIN_TEXT, f"'{name}' contains the control character U+{ord(control.group()):04X}; write one plain line"
    if name == "title" and "\n" in value.strip():
        return PLAIN_TEXT, "'title' contains a line break; write one plain line"
    if markup := _HTML.search(value):
        return PLAIN_TEXT, f"'{name}' is plain text but contains markup '{markup.group()}'; remove it"
    return None


def not_a_character(name: str, value: str) -> tuple[Rule, str] | None:
    """The problem of a code point in ``value`` that is not a character, or None."""
    found = _NOT_A_CHARACTER.search(value)
    if not found:
        return None
    char = found.group()
    what = "an unpaired surrogate" if "\ud800" <= char <= "\udfff" else "a Unicode noncharacter"
    return INVALID_CHARACTER, f"'{name}' contains U+{ord(char):04X}, {what}, which is not text; delete it"


def _joins(value: str, index: int) -> bool:
    """Whether the joiner at ``index`` stands between two characters of a script that uses it."""
    return 0 < index < len(value) - 1 and _joinable(value[index - 1]) and _joinable(value[index + 1])


def _separates_words(value: str, index: int) -> bool:
    """Whether the zero-width space at ``index`` stands between two characters of scripts
    written without spaces between words."""
    return 0 < index < len(value) - 1 and all(
        unicodedata.name(char, "").startswith(_SCRIPTS_WITHOUT_SPACES) for char in (value[index - 1], value[index + 1]))


def _joinable(char: str) -> bool:
    category = unicodedata.category(char)
    if char.isascii() or not (category[0] in "LM" or category in ("So", "Sk")):
        return False
    return not unicodedata.name(char, "").startswith(_SCRIPTS_WITHOUT_JOINERS)
