"""A finding of the curator report: one thing a curator should look at, with the card files
involved; and nothing more."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Finding:
    """One thing a curator should look at, and the card files involved."""

    message: str
    paths: list[str] = field(default_factory=list)
    severity: str = "warning"
