"""The upkeep part of the curator report: reviews overdue, whether the library as a whole is
going stale, drafts waiting, placeholder bodies, retired cards without a replacement; and
nothing more. Thresholds come from ``curation/policy.yml``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from learnshelf.catalog.findings import Finding
from learnshelf.load.reportpolicy import ReportPolicy
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.schema import Card, is_placeholder_body


def age(card: Card, today: dt.date) -> int:
    """Days since the card was last reviewed (or added, if never)."""
    return (today - dt.date.fromisoformat(card.reviewed or card.added)).days


def overdue(cards: list[Card], taxonomy: Taxonomy, today: dt.date) -> list[Finding]:
    """Published cards past their review date, oldest first."""
    interval = taxonomy.review_interval_days
    late = sorted((c for c in cards if c.status == "published" and age(c, today) > interval),
                  key=lambda c: (-age(c, today), c.path))
    return [Finding(f"last checked {c.reviewed or c.added}, {age(c, today) - interval} days overdue", [c.path]) for c in late]


def staleness(cards: list[Card], taxonomy: Taxonomy, today: dt.date, policy: ReportPolicy) -> list[Finding]:
    """The library as a whole: too large a share overdue, or most cards added on one day and
    never reviewed (their ages say nothing until they all fall due at once)."""
    live = [c for c in cards if c.status == "published"]
    found = []
    late = [c for c in live if age(c, today) > taxonomy.review_interval_days]
    if live and len(late) / len(live) > policy.stale_share:
        found.append(Finding(f"{len(late)} of {len(live)} published cards ({len(late) / len(live):.0%}, warned above "
                             f"{policy.stale_share:.0%}) are past their review date: the library is going stale",
                             [c.path for c in late], "error"))
    unreviewed = Counter(c.added for c in live if not c.reviewed)
    if len(live) >= policy.same_day_min_cards and unreviewed:
        day, count = unreviewed.most_common(1)[0]
        if count / len(live) > policy.same_day_share:
            due = dt.date.fromisoformat(day) + dt.timedelta(days=taxonomy.review_interval_days)
            found.append(Finding(f"{count} of {len(live)} published cards ({count / len(live):.0%}, warned above "
                                 f"{policy.same_day_share:.0%}) were added on {day} and never reviewed: their ages "
                                 f"tell nothing apart and they share one review date, {due}; spread their reviews out",
                                 [c.path for c in live if c.added == day and not c.reviewed]))
    return found


def waiting(cards: list[Card]) -> dict[str, list[Finding]]:
    """Drafts (oldest first), cards still carrying the scaffold's placeholder body, and retired
    cards without a replacement (drafts with a count first when there are several)."""
    drafts = sorted((c for c in cards if c.status == "draft"), key=lambda c: (c.added, c.path))
    placeholders = [c for c in cards if c.status != "retired" and is_placeholder_body(c.body)]
    found = {
        "Drafts waiting": [Finding(f"draft since {c.added}", [c.path], "info") for c in drafts],
        "Placeholder bodies": [Finding(f"{len(placeholders)} card(s) still have the scaffold's placeholder body: say why "
                                       "each resource is worth the time and how to apply it", [c.path for c in placeholders])]
        if placeholders else [],
        "Retired without replacement": [Finding("retired with no replaced_by", [c.path])
                                        for c in cards if c.status == "retired" and not c.replaced_by],
    }
    if len(drafts) > 1:
        found["Drafts waiting"].insert(0, Finding(f"{len(drafts)} drafts waiting, the oldest since {drafts[0].added}", [], "info"))
    return found
