"""Obvious personal data in the cards that name people (mentor and community cards): e-mail
addresses outside the policy's ``internal_domains`` and phone numbers; nothing more.

Cards, and the issues they are made from, are visible to everyone with access to the repository
and the site: a mentor or a community is reached through an internal channel or address. The
check is for the obvious (``jo@example.com``, ``+44 20 7946 0958``); it is no guarantee.
"""

from __future__ import annotations

import re

from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model import problems as P
from learnshelf.model.rules import ERROR, Rule
from learnshelf.model.schema import Card

PERSONAL_DATA = Rule(
    "personal-data", ERROR,
    ("A mentor or community card gives no e-mail address outside the policy's `internal_domains` "
     "and no phone number: cards and issues are visible to everyone with access. Give an internal "
     "channel or address instead."),
    bad="type: mentor\nsummary: Ask me about coaching on +44 20 7946 0958, any weekday evening.",
    fixed="type: mentor\nsummary: Ask me about coaching in the #coaching channel, any weekday evening.")

#: The card types that name people.
PEOPLE_TYPES = frozenset(("mentor", "community"))
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_PHONE = re.compile(r"(?<![\w/=&#.-])\+?\(?\d[\d ().-]{6,}\d(?![\w/-])")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL = re.compile(r"(?:https?|mailto):\S+")
#: Fields a person could write contact details into.
_FIELDS = ("title", "summary", "source", "contributor")


def check_personal_data(card: Card, taxonomy: Taxonomy) -> list[P.Problem]:
    """Problems for each e-mail address or phone number in a mentor or community card."""
    if card.type not in PEOPLE_TYPES:
        return []
    problems = []
    for key in _FIELDS:  # at the value: a quoted or folded value has no simple column inside it
        line, col = card.positions.get(key, (1, 1))
        problems += [PERSONAL_DATA.problem(card.path, line, col, message)
                     for _, message in _findings(str(getattr(card, key) or ""), taxonomy.internal_domains)]
    for n, text in enumerate(card.body.splitlines()):
        problems += [PERSONAL_DATA.problem(card.path, card.body_line + n, at + 1, message)
                     for at, message in _findings(text, taxonomy.internal_domains)]
    return problems


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _findings(text: str, internal: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, message) for each address or number in ``text``."""
    found = []
    for match in _EMAIL.finditer(text):
        domain = match.group(1).lower()
        if not any(domain == d or domain.endswith("." + d) for d in internal):
            where = f"({', '.join(internal)})" if internal else "(curation/policy.yml lists none)"
            found.append((match.start(), f"'{match.group(0)}' is an e-mail address outside the internal domains {where}; "
                         "give an internal channel or address instead"))
    for match in _PHONE.finditer(_URL.sub(_blank, _EMAIL.sub(_blank, text))):
        number = match.group(0).strip()
        if sum(c.isdigit() for c in number) >= 9 and not _DATE.fullmatch(number):
            found.append((match.start(), f"'{number}' looks like a phone number; a mentor or community card never gives one "
                         "(give an internal channel instead)"))
    return sorted(found)
