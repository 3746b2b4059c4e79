"""The ``tagging:`` settings of ``curation/policy.yml``: the thresholds of the tag suggester
(``learnshelf tag``, the suggestion pull request, imported drafts, the report's guard); and
nothing more.

Every setting has a default, so a policy file without ``tagging:`` works; a setting that is
there but not a number in its range is a located problem, like any curation file's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from learnshelf.load.yamlfile import YamlFile
from learnshelf.load.yamlnodes import Map, Scalar

SECTION = "tagging"


@dataclass(frozen=True)
class TaggingPolicy:
    """How suggestions are scored and which of them are shown, written or proposed."""

    #: How many of the most similar published cards are asked for their tags.
    neighbours: int = 7
    #: How much one occurrence of a topic's phrase counts, by where it is.
    title_weight: float = 3.0
    summary_weight: float = 2.0
    body_weight: float = 1.0
    #: Occurrences in the body that count at most (a long body repeating a word is not a title).
    body_cap: int = 3
    #: The weighted count of phrase occurrences at which the words alone give confidence 0.5.
    words_half: float = 2.0
    #: ``tag --write`` adds a topic only at this confidence or above.
    write_confidence: float = 0.5
    #: Suggestions below this confidence are not shown at all.
    show_confidence: float = 0.2
    #: At most this many roles are proposed (never written), each at this confidence or above.
    role_proposals: int = 3
    role_confidence: float = 0.3
    #: A word of the card speaks for a term when at least this many other cards use it...
    telling_cards: int = 3
    #: ...and this share of them have the term, after adding this many imaginary cards with the
    #: term's library share (so "2 of 2" is not certainty).
    telling_share: float = 0.8
    #: ...and this share for a topic (a topic may be written without a curator).
    topic_telling_share: float = 0.9
    telling_prior: float = 1.0
    #: ...and chance alone would give its count less often than this, over all the card's words.
    telling_chance: float = 0.05
    #: "No role" is the answer when a telling word's cards have no roles at this share or above.
    anyone_share: float = 0.8
    #: The report warns when more than this share of a topic family's role proposals go to one role.
    silo_share: float = 0.6
    #: ...and only for a family with at least this many role proposals.
    silo_min_proposals: int = 5
    #: Cards of each topic family the report asks role proposals for (the first, by id).
    silo_sample: int = 25


_INTS = {"neighbours": (1, 50), "body_cap": (1, 100), "role_proposals": (1, 10), "silo_min_proposals": (1, 10_000),
         "telling_cards": (1, 10_000),
         "silo_sample": (1, 10_000)}
_FLOATS = {"title_weight": (0.0, 100.0), "summary_weight": (0.0, 100.0), "body_weight": (0.0, 100.0),
           "words_half": (0.01, 100.0), "write_confidence": (0.0, 1.0), "show_confidence": (0.0, 1.0),
           "role_confidence": (0.0, 1.0), "silo_share": (0.0, 1.0),
           "telling_share": (0.0, 1.0), "topic_telling_share": (0.0, 1.0), "telling_prior": (0.0, 100.0),
           "telling_chance": (0.0, 1.0), "anyone_share": (0.0, 1.0)}


def read_tagging(reader: YamlFile) -> TaggingPolicy:
    """The ``tagging:`` mapping of the policy file read by ``reader`` (defaults for what is
    absent); each bad setting is recorded as a problem of ``reader``."""
    entry = reader.root.entries.get(SECTION) if isinstance(reader.root, Map) else None
    if entry is None:
        return TaggingPolicy()
    if not isinstance(entry[1], Map):
        reader.fail(entry[0].line, entry[0].col, "tagging must map settings to numbers, e.g. 'neighbours: 5'")
        return TaggingPolicy()
    values: dict[str, Any] = {}  # each checked against its field's kind below
    for key, (key_node, node) in entry[1].entries.items():
        if key not in _INTS and key not in _FLOATS:
            reader.fail(key_node.line, key_node.col,
                        f"unknown tagging setting '{key}'; allowed: {', '.join([*_INTS, *_FLOATS])}")
            continue
        number = _number(node, key in _INTS)
        low, high = _INTS.get(key) or _FLOATS[key]
        if number is None or not low <= number <= high:
            kind = "a whole number" if key in _INTS else "a number"
            reader.fail(node.line, node.col, f"tagging: {key} must be {kind} from {low:g} to {high:g}")
            continue
        values[key] = number
    return dataclasses.replace(TaggingPolicy(), **values)


def _number(node: object, whole: bool) -> int | float | None:
    if not isinstance(node, Scalar):
        return None
    try:
        return int(node.text) if whole else float(node.text)
    except ValueError:
        return None
