"""A card's language as people read it: its name in words and its writing direction, from the
BCP 47 tag (CLDR data, through Babel); and nothing more.

Pages put ``lang`` (and ``dir="rtl"`` for right-to-left scripts) on a card's title and summary,
so screen readers pronounce them in their language and browsers lay them out right to left.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=512)
def _locale(tag: str) -> Locale | None:
    for candidate in (tag, tag.split("-")[0]):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def language_name(tag: str) -> str:
    """The language of ``tag`` in English words ("ja" -> "Japanese", "pt-BR" -> "Portuguese
    (Brazil)"); the tag itself when CLDR does not know it."""
    locale = _locale(tag)
    return (locale.get_display_name("en") or tag) if locale else tag


def is_rtl(tag: str) -> bool:
    """Whether the language of ``tag`` is written right to left (Arabic, Persian, Hebrew, Urdu...)."""
    locale = _locale(tag)
    return bool(locale and locale.character_order == "right-to-left")


def lang_attributes(tag: str) -> str:
    """`` lang="…"`` and, for right-to-left languages, `` dir="rtl"``, for an HTML element (the
    tag is a validated BCP 47 tag; escaped all the same)."""
    from learnshelf.model.mdtext import attr

    return f' lang="{attr(tag)}"' + (' dir="rtl"' if is_rtl(tag) else "")
