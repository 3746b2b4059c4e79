"""Output formats for problems: one small function each; ``auto`` picks GitHub inside Actions."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

from learnshelf.model.problems import Problem

#: What ends or rewrites a line in a terminal or a CI log: C0 and C1 controls (LF, CR, ESC...),
#: DEL, and Unicode's line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_control(match: re.Match[str]) -> str:
    code = ord(char := match.group())
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _one_line(value: str) -> str:
    """``value`` with its control characters written as escapes (``\\n``, ``\\x1b``): a card's
    text, quoted in a message, could otherwise start a line of its own in a pull request's log,
    and a line starting ``::`` is a workflow command there (``::error``, ``::add-mask::``)."""
    return _CONTROL.sub(_escape_control, value)


def _path(path: str) -> str:
    # A file named on the command line may itself start with '::'.
    shown = _one_line(path)
    return "./" + shown if shown.startswith(":") else shown


def text(problems: list[Problem]) -> str:
    """``path:line:col: rule-id message`` per problem (warnings marked), then a count. One
    problem is always one line, starting with its path."""
    if not problems:
        return ""
    lines = [f"{_path(p.path)}:{p.line}:{p.col}: {p.rule} {'(warning) ' if not p.is_error else ''}"
             f"{_one_line(p.message)}" for p in problems]
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
