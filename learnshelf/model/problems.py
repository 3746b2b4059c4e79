"""Problems as data: one located finding, and the result of checking a set of files.

Every check in Learnshelf returns ``Problem`` values instead of raising, so one run reports
everything at once (sorted by file and position), then exits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from learnshelf.model.rules import RULES


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One finding at ``path:line:col``. Severity comes from the rule registry."""

    path: str
    line: int
    col: int
    rule: str
    message: str

    @property
    def severity(self) -> str:
        """'error' or 'warning', as the rule registry declares."""
        return RULES[self.rule].severity

    @property
    def is_error(self) -> bool:
        """True when this finding fails validation."""
        return self.severity == "error"


def make(path: str, line: int, col: int, rule: str, message: str) -> Problem:
    """Build a problem, refusing rule ids that are not documented in the registry."""
    if rule not in RULES:
        raise KeyError(f"undocumented rule id {rule!r}")
    return Problem(path, line, col, rule, message)


@dataclass
class Result:
    """What a check found: the files looked at and every problem, sorted on demand."""

    checked: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def sorted(self) -> list[Problem]:
        """Problems sorted by path, line, column and rule id, duplicates removed."""
        return sorted(set(self.problems))
