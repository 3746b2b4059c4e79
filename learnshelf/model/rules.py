"""What a rule is: a stable id, a severity, and its documentation, and nothing more.

Each rule is declared once, as a module constant beside the check that reports it (yamllint's
"one rule, one unit"); the check makes its problems with ``RULE.problem(...)``, so no other
module spells a rule id. ``learnshelf.check.rulebook`` collects every declared rule for the
reference (``learnshelf rules``) and for reading stored problems back.
"""

from __future__ import annotations

from dataclasses import dataclass

from learnshelf.model.problems import Problem

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Rule:
    """A documented rule: ``error`` fails validation, ``warning`` does not. ``explains`` is one
    line for the reference; ``bad`` is an example that breaks the rule and ``fixed`` the same
    example put right."""

    id: str
    severity: str
    explains: str
    bad: str
    fixed: str

    def problem(self, path: str, line: int, col: int, message: str) -> Problem:
        """A finding of this rule at ``path:line:col``."""
        return Problem(path, line, col, self.id, message, self.severity)
