"""Problems as data: one located finding, and the result of checking a set of files.

Every check in Learnshelf returns ``Problem`` values instead of raising, so one run reports
everything at once (sorted by file and position), then exits once. A problem is made by its
rule (``Rule.problem`` in ``model.rules``), which gives it its id and severity.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One finding at ``path:line:col``, reported under the rule ``rule`` (its id)."""

    path: str
    line: int
    col: int
    rule: str
    message: str
    #: 'error' or 'warning', as the rule declares; not compared: the rule id already says it.
    severity: str = field(compare=False)

    @property
    def is_error(self) -> bool:
        """True when this finding fails validation."""
        return self.severity == "error"


@dataclass
class Result:
    """What a check found: the files looked at and every problem, sorted on demand."""

    checked: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def sorted(self) -> list[Problem]:
        """Problems sorted by path, line, column and rule id, duplicates removed."""
        return sorted(set(self.problems))
