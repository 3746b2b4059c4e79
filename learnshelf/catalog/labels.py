"""A card's facts as the words readers see: the short labels of its type, level, duration, cost,
language and accessibility, and its duration band; and nothing more. Card lists, card pages and
search records all show the same labels, so they come from here."""

from __future__ import annotations

from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.languages import language_name
from learnshelf.model.schema import Card


def duration_text(minutes: int | None) -> str:
    """A duration for people: 45 min, 2 h, 3 days (8 h), 6 weeks (5 days)."""
    if minutes is None:
        return ""
    for unit, size in (("week", 2400), ("day", 480), ("h", 60)):
        if minutes >= size and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}" + ("s" if unit != "h" and count > 1 else "")
    return f"{minutes} min"


def facts(card: Card, taxonomy: Taxonomy) -> list[str]:
    """The card's facts as short labels: type, level, duration, cost, language, accessibility."""
    vocab = taxonomy.vocabularies
    labels = [vocab["types"][card.type].label if card.type in vocab["types"] else card.type]
    if card.level:
        labels.append(vocab["levels"][card.level].label)
    if card.duration_minutes:
        labels.append(duration_text(card.duration_minutes))
    if card.cost:
        labels.append(vocab["costs"][card.cost].label)
    labels.append(language_name(card.language))
    labels += [vocab["accessibility"][a].label for a in card.accessibility]
    return labels


def duration_band(card: Card) -> str:
    """The duration facet value of a card."""
    minutes = card.duration_minutes
    if minutes is None:
        return ""
    for limit, label in ((15, "Under 15 min"), (60, "15 min to 1 hour"), (240, "1 to 4 hours"), (480, "Half a day to a day")):
        if minutes <= limit:
            return label
    return "More than a day"
