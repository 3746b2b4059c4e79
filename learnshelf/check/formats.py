"""Values written in a fixed format (dates, durations, language tags): whether one is well
formed, and the rules for that, and nothing more."""

from __future__ import annotations

import datetime as dt
import re

from learnshelf.model.rules import ERROR, Rule
from learnshelf.model.schema import DURATION_UNITS

INVALID_DATE = Rule(
    "invalid-date", ERROR,
    "Dates are real calendar dates written YYYY-MM-DD; reviewed is not before added.",
    bad="added: 2026-02-30",
    fixed="added: 2026-02-28")

INVALID_DURATION = Rule(
    "invalid-duration", ERROR,
    "A duration is a number and a unit: m, h, d (8 h) or w (5 d).",
    bad="duration: 90",
    fixed="duration: 90m")

INVALID_LANGUAGE = Rule(
    "invalid-language", ERROR,
    "The language is a BCP 47 tag.",
    bad="language: English",
    fixed="language: en")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION = re.compile(r"^(\d{1,5})\s*([a-z])$")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-(?:[a-zA-Z]{2}|\d{3}))?(-(?:[a-zA-Z0-9]{5,8}|\d[a-zA-Z0-9]{3}))*$")


def date_problem(value: str) -> tuple[Rule, str] | None:
    """The problem of ``value`` as a date (a real one, written YYYY-MM-DD), or None."""
    try:
        if _DATE.match(value):
            dt.date.fromisoformat(value)
            return None
    except ValueError:
        pass
    return INVALID_DATE, f"'{value}' is not a real date; write it as YYYY-MM-DD, e.g. 2026-03-31"


def language_problem(value: str) -> tuple[Rule, str] | None:
    """The problem of ``value`` as a BCP 47 language tag, or None."""
    if _LANGUAGE.match(value):
        return None
    return INVALID_LANGUAGE, f"'{value}' is not a language tag; use a BCP 47 tag such as en, de or pt-BR"


def normal_duration(value: str | None) -> str | None:
    """``value`` as a duration written the one way (``90m``), or None when it is not one."""
    match = _DURATION.match(value.strip().lower()) if value else None
    if not match or match.group(2) not in DURATION_UNITS:
        return None
    return f"{int(match.group(1))}{match.group(2)}"


def duration_problem(shown: str) -> tuple[Rule, str]:
    """The problem of a value (shown as ``shown``) that is not a duration."""
    return INVALID_DURATION, f"duration '{shown}' needs a number and a unit (m, h, d or w), e.g. 45m, 2h, 3d"
