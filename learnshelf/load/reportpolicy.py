"""The curator report's thresholds (the ``report:`` section of ``curation/policy.yml``) and the
wording exceptions (``curation/wording-exceptions.yml``), read and checked; and nothing more.

Every threshold has a default here, so a library whose policy says nothing about the report
still gets one; a value that is given but wrong is a located configuration error.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from learnshelf.load.yamlfile import YamlFile
from learnshelf.load.yamlnodes import Map, Scalar, Seq
from learnshelf.model.problems import Problem

POLICY_FILE = "policy.yml"
EXCEPTIONS_FILE = "wording-exceptions.yml"


@dataclass(frozen=True)
class ReportPolicy:
    """What counts as a finding. The comments in ``curation/policy.yml`` say why each default."""

    wording_skew_ratio: float = 2.0
    wording_min_gap: float = 1.0
    wording_min_words: int = 150
    wording_card_words: int = 3
    role_min_cards: int = 3
    role_similarity: float = 0.8
    branch_min_cards: int = 1
    silo_share: float = 0.75
    silo_min_cards: int = 5
    catchall_share: float = 0.25
    catchall_min_library: int = 20
    parent_direct_share: float = 0.5
    parent_direct_min: int = 5
    stale_share: float = 0.3
    same_day_share: float = 0.8
    same_day_min_cards: int = 20


def _number(reader: YamlFile, node: Scalar | None, name: str, default: float | int) -> float | int | None:
    """The value of one threshold: a positive number of the default's kind (a share is 0 to 1)."""
    text = node.text.strip() if isinstance(node, Scalar) else ""
    try:
        value: float | int = int(text) if isinstance(default, int) else float(text)
    except ValueError:
        value = -1
    share = name.endswith(("_share", "_similarity"))
    if value < 0 or (share and value > 1):
        kind = "a number from 0 to 1" if share else ("a whole number" if isinstance(default, int) else "a number")
        line, col = (node.line, node.col) if node is not None else (1, 1)
        reader.fail(line, col, f"report: {name} must be {kind}, e.g. {default}")
        return None
    return value


def load_report_policy(curation: Path, display_dir: str = "curation") -> tuple[ReportPolicy, list[Problem]]:
    """The report thresholds of ``policy.yml`` (defaults for any not given) and their problems.
    The rest of the file is the taxonomy's to check."""
    reader = YamlFile(curation / POLICY_FILE, f"{display_dir}/{POLICY_FILE}", optional=True)
    policy = ReportPolicy()
    entry = reader.root.entries.get("report") if isinstance(reader.root, Map) else None
    if reader.problems or entry is None:
        return policy, []  # the taxonomy reports a broken policy file once
    if not isinstance(entry[1], Map):
        reader.fail(entry[0].line, entry[0].col, "report must map each threshold to a number, e.g. 'silo_share: 0.75'")
        return policy, reader.problems
    defaults = {f.name: f.default for f in fields(ReportPolicy)}
    given: dict[str, float | int] = {}
    for name, (key, value) in entry[1].entries.items():
        if name not in defaults:
            near = difflib.get_close_matches(name, list(defaults), n=1, cutoff=0.6)
            reader.fail(key.line, key.col, f"unknown report threshold '{name}'" + (f" (did you mean '{near[0]}'?)" if near else ""))
            continue
        number = _number(reader, value if isinstance(value, Scalar) else None, name, defaults[name])  # type: ignore[arg-type]
        if number is not None:
            given[name] = number
    return replace(policy, **given), reader.problems  # type: ignore[arg-type]


def load_exceptions(curation: Path, display_dir: str = "curation") -> tuple[list[str], list[Problem]]:
    """The phrases the wording audit never counts (terms such as "Objective-C" or "incident
    response"), lower-cased; none when the file is absent."""
    reader = YamlFile(curation / EXCEPTIONS_FILE, f"{display_dir}/{EXCEPTIONS_FILE}", optional=True)
    if reader.problems or reader.root is None:
        return [], reader.problems
    if not isinstance(reader.root, Seq):
        reader.fail(reader.root.line, reader.root.col, "the file must be a list of phrases, e.g. '- incident response'")
        return [], reader.problems
    phrases = reader.texts(reader.root, "each phrase", reader.root)
    return [" ".join(p.casefold().split()) for p in phrases], reader.problems
