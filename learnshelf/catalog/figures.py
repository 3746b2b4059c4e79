"""The numbers behind the pictures of the curator report: topic x role card counts (core and
any-role cards apart), cards by review age, cards added per month, and the type and language
mix; and nothing more. ``report --format json`` prints them as they are, so a team can chart
them elsewhere; the Curator report page draws them (``pages/reportpics.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from learnshelf.catalog.catalog import Catalog
from learnshelf.catalog.upkeep import age
from learnshelf.model.languages import language_name

#: Review-age bands, as fractions of the review interval: the last three are overdue.
AGE_BANDS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)


@dataclass
class AgeBand:
    """Published cards whose last review (or addition) is from ``low`` to under ``high`` days ago."""

    label: str
    low: int
    high: int | None
    cards: int
    overdue: bool


@dataclass
class Figures:
    """Everything the report's pictures show."""

    topics: dict[str, str] = field(default_factory=dict)  # id -> label, in curation order
    roles: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)  # child topic -> its parent
    by_role: dict[str, dict[str, int]] = field(default_factory=dict)  # topic -> role -> cards tagged for it (not core)
    core: dict[str, int] = field(default_factory=dict)  # topic -> core cards
    any_role: dict[str, int] = field(default_factory=dict)  # topic -> cards for any role
    ages: list[AgeBand] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)  # YYYY-MM -> cards, every month from the first
    types: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)


def _months(days: int) -> int:
    return round(days / 30.44)


def age_bands(catalog: Catalog, today: dt.date) -> list[AgeBand]:
    """Published cards by review age, in bands of a quarter of the review interval up to it,
    then half intervals, then everything older."""
    interval = catalog.taxonomy.review_interval_days
    edges = [round(f * interval) for f in AGE_BANDS]
    ages = [age(c, today) for c in catalog.listed]
    bands = []
    for n, low in enumerate(edges):
        high = edges[n + 1] if n + 1 < len(edges) else None
        label = f"{_months(low)}–{_months(high)} months" if high is not None else f"over {_months(low)} months"
        count = sum(1 for a in ages if (n == 0 or a >= low) and (high is None or a < high))  # the first takes any future date
        bands.append(AgeBand(label, low, high, count, low >= interval))
    return bands


def added_per_month(catalog: Catalog) -> dict[str, int]:
    """Cards added per month, from the first month with a card to the last (empty months too)."""
    counts = Counter(c.added[:7] for c in catalog.listed)
    if not counts:
        return {}
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    out: dict[str, int] = {}
    while f"{year:04d}-{month:02d}" <= last:
        out[f"{year:04d}-{month:02d}"] = counts.get(f"{year:04d}-{month:02d}", 0)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def figures(catalog: Catalog, today: dt.date) -> Figures:
    """The numbers behind every picture."""
    taxonomy = catalog.taxonomy
    fig = Figures({t: term.label for t, term in taxonomy.topics.terms.items()},
                  {r: term.label for r, term in taxonomy.roles.terms.items()},
                  {t: term.parent for t, term in taxonomy.topics.terms.items() if term.parent})
    for topic in fig.topics:
        cards = catalog.topic_cards(topic)
        fig.core[topic] = sum(1 for c in cards if c.core)
        fig.any_role[topic] = sum(1 for c in cards if not c.core and not c.roles)
        fig.by_role[topic] = {r: sum(1 for c in cards if not c.core and r in c.roles) for r in fig.roles}
    fig.ages = age_bands(catalog, today)
    fig.added = added_per_month(catalog)
    fig.types = dict(Counter(c.type for c in catalog.listed).most_common())
    fig.languages = dict(Counter(language_name(c.language) for c in catalog.listed).most_common())
    return fig
