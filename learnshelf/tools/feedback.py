"""Readers' "Was this useful?" answers: the open "Card feedback" issues of a ``gh issue list
--json number,title,body,labels,state`` export, counted per card; nothing more.

Each issue is read through the project's own ``card-feedback.yml`` form (its ``card`` and
``useful`` fields), like any issue ``from-issue`` reads: only the form's headings count.
Issues that are closed, carry another label or name no card of the library are counted apart,
never guessed at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from learnshelf.tools.fromissue import parse_form
from learnshelf.tools.issueforms import IssueForm

ANSWERS = ("yes", "no")


@dataclass
class Feedback:
    """Open feedback per card id: {"yes": n, "no": n}; and the issues that could not be counted."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # "#12: why"


def count_feedback(export: str, form: IssueForm, card_ids: set[str]) -> Feedback:
    """Count the open issues of ``export`` made from ``form``, per card of ``card_ids``.
    Raises ValueError when the export is not a list of issues."""
    issues = json.loads(export)
    if not isinstance(issues, list):
        raise ValueError("expected a JSON list of issues (gh issue list --json number,title,body,labels,state)")
    found = Feedback()
    for issue in issues:
        if not isinstance(issue, dict) or str(issue.get("state", "OPEN")).upper() != "OPEN":
            continue
        labels = {str(label.get("name")) for label in issue.get("labels") or [] if isinstance(label, dict)}
        if not labels & set(form.labels):
            continue
        values, _, _ = parse_form(str(issue.get("body") or ""), form.fields, any_key=True)
        card, answer = values.get("card", ""), values.get("useful", "").strip().lower()
        number = issue.get("number", "?")
        if card not in card_ids:
            found.unknown.append(f"#{number}: '{card[:80]}' is not a card")
        elif answer not in ANSWERS:
            found.unknown.append(f"#{number}: the answer '{answer[:20]}' is not Yes or No")
        else:
            found.counts.setdefault(card, dict.fromkeys(ANSWERS, 0))[answer] += 1
    return found


def text(found: Feedback) -> str:
    """The section of the curator report: cards with the most "No" answers first."""
    lines = ["Reader feedback (open 'Was this useful?' issues)"]
    rows = sorted(found.counts.items(), key=lambda item: (-item[1]["no"], -item[1]["yes"], item[0]))
    lines += [f"  {card}: {n['yes']} yes, {n['no']} no" for card, n in rows] or ["  no open feedback"]
    lines += [f"  not counted: {why}" for why in found.unknown]
    return "\n".join(lines)
