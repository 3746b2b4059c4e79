"""Output formats for problems: one small function each; ``auto`` picks GitHub inside Actions."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from learnshelf.problems import Problem


def text(problems: list[Problem]) -> str:
    """``path:line:col: rule-id message`` per problem (warnings marked), then a count."""
    if not problems:
        return ""
    lines = [f"{p.path}:{p.line}:{p.col}: {p.rule} {'(warning) ' if not p.is_error else ''}{p.message}"
             for p in problems]
    errors = sum(1 for p in problems if p.is_error)
    files = len({p.path for p in problems})
    lines.append(f"{errors} error(s), {len(problems) - errors} warning(s) in {files} file(s)")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    """A JSON list of problem objects."""
    return json.dumps([{"path": p.path, "line": p.line, "column": p.col, "rule": p.rule,
                        "severity": p.severity, "message": p.message} for p in problems], indent=2)


def _escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, shown inline on the pull request."""
    return "\n".join(
        f"::{p.severity} file={_escape(p.path, True)},line={p.line},col={p.col},"
        f"title={_escape(p.rule, True)}::{_escape(p.message)}"
        for p in problems)


REPORTERS: dict[str, Callable[[list[Problem]], str]] = {"text": text, "json": as_json, "github": github}
FORMATS = ("auto", *REPORTERS)


def render(problems: list[Problem], fmt: str) -> str:
    """Render with ``fmt``; ``auto`` is ``github`` inside GitHub Actions, else ``text``."""
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return REPORTERS[fmt](problems)
