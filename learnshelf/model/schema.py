"""The card schema: the closed set of front-matter keys, declared once, and the Card value.

Validation (``fields.py``), the JSON Schema (``jsonschema.py``), the card writer, ``new`` and
the docs read ``FIELDS``; nothing else keeps a list of the keys (``new`` names the ones it offers
as flags in ``cli/args.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A card id (the file name without ``.md``), a pathway id or a topic/role id.
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Field:
    """One front-matter key. ``kind`` names the check applied to its value."""

    name: str
    kind: str
    required: bool
    help: str
    min_len: int = 0
    max_len: int = 0
    vocabulary: str = ""  # policy vocabulary for enum kinds


FIELDS: tuple[Field, ...] = (
    Field("title", "text", True, "Plain-text title of the resource.", 1, 120),
    Field("type", "enum", True, "What kind of resource this is.", vocabulary="types"),
    Field("url", "url", False, "Absolute https:// (or http://) address of the resource; required for some types."),
    Field("summary", "text", True, "One or two plain-text sentences shown in lists and search results.", 20, 280),
    Field("topics", "topics", True, "1 to 5 topic ids (or synonyms) from curation/topics.yml."),
    Field("roles", "roles", False, "Role ids (or synonyms) from curation/roles.yml; leave out when useful to any role."),
    Field("core", "bool", False, "true when every role should see it (the core curriculum)."),
    Field("level", "enum", False, "How much prior knowledge it assumes.", vocabulary="levels"),
    Field("duration", "duration", False, "How long it takes: a number and a unit, e.g. 15m, 2h, 3d, 6w."),
    Field("cost", "enum", False, "What it costs the learner or the team.", vocabulary="costs"),
    Field("language", "language", False, "BCP 47 language tag, e.g. en, fr, pt-BR. Default: en."),
    Field("accessibility", "enum-list", False, "Accessibility features the resource offers.", vocabulary="accessibility"),
    Field("source", "text", False, "Author or provider.", 1, 120),
    Field("contributor", "text", True, "Who added the card: a handle or a name.", 1, 80),
    Field("added", "date", True, "Date the card was added, YYYY-MM-DD."),
    Field("reviewed", "date", False, "Date of the last curator review, YYYY-MM-DD."),
    Field("status", "enum", False, "draft, published (default) or retired.", vocabulary="statuses"),
    Field("replaced_by", "card-id", False, "Id of the card that replaces this one; expected when retired."),
    Field("related", "card-ids", False, "Ids of related cards."),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
#: Required fields a draft may still lack: the curator's work (an import of a list with titles
#: and links only gives drafts waiting for these). A draft is never published.
DRAFT_MAY_LACK = ("summary", "topics")
MAX_TOPICS = 5
DEFAULT_STATUS = "published"
DEFAULT_LANGUAGE = "en"
#: Durations are effort in working time: a day is 8 hours, a week 5 days.
DURATION_UNITS = {"m": 1, "h": 60, "d": 8 * 60, "w": 5 * 8 * 60}


@dataclass
class Card:
    """A card after validation: canonical ids, defaults applied, positions kept for messages."""

    id: str
    path: str
    title: str = ""
    type: str = ""
    url: str | None = None
    summary: str = ""
    topics: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    core: bool = False
    level: str | None = None
    duration: str | None = None
    duration_minutes: int | None = None
    cost: str | None = None
    language: str = DEFAULT_LANGUAGE
    accessibility: list[str] = field(default_factory=list)
    source: str | None = None
    contributor: str = ""
    added: str = ""
    reviewed: str | None = None
    status: str = DEFAULT_STATUS
    replaced_by: str | None = None
    related: list[str] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    #: key -> (line, col) of its value, so cross-card checks can point at the right place.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    valid: bool = True

    def at(self, key: str) -> tuple[int, int]:
        """Position of ``key``'s value, or the top of the file."""
        return self.positions.get(key, (1, 1))


#: The body ``learnshelf new`` and the importers write when they have none: a prompt to the
#: contributor. A card still carrying it has no body of its own yet (rule placeholder-body).
BODY_PLACEHOLDER = "Why is this worth someone's time, and how can they apply it at work?"


def is_placeholder_body(body: str) -> bool:
    """True when a card's body is still the scaffold's prompt, unchanged."""
    return body.strip() == BODY_PLACEHOLDER
