"""One curator-owned YAML file (``curation/*.yml``, the issue form) read into located nodes, with
the rules its shape problems are reported under, and nothing more.

The file is read by fsio's rules (a regular file within a cap, never through a symbolic link)
and parsed by ``yamlnodes`` (no alias is expanded, no tag run, no deep nesting followed), so a
broken or hostile file is a list of located problems, never a traceback or an expansion. The
readers of each file (taxonomy, report, from-issue) judge the nodes' shape with ``fail``,
``text`` and ``texts``, which record problems the same way.
"""

from __future__ import annotations

from pathlib import Path

from learnshelf.load import fsio
from learnshelf.load.yamlnodes import Node, Scalar, Seq, parse
from learnshelf.model import problems as P
from learnshelf.model.rules import ERROR, Rule

# The shape rules of curator files, under which every problem of such a file that is not YAML's
# own is reported. The issue form's is here, not beside from-issue (a tool), so that the rule
# reference, assembled below the tools, can list it.
TAXONOMY_INVALID = Rule(
    "taxonomy-invalid", ERROR,
    "A curation file does not have the expected shape.",
    bad="- label: Onboarding (no id)",
    fixed="- id: onboarding\n  label: Onboarding\n  description: ...")

ISSUE_FORM_INVALID = Rule(
    "issue-form-invalid", ERROR,
    ("The 'Suggest a resource' issue form (.github/ISSUE_TEMPLATE/suggest-a-resource.yml) does "
     "not have the shape from-issue reads: a body list of fields, each with a unique id (the card "
     "key) and label (the heading)."),
    bad="- type: input\n  attributes:\n    label: Title",
    fixed="- type: input\n  id: title\n  attributes:\n    label: Title")

#: Curation files are hand-written lists; megabytes of YAML would be a mistake or an attack.
MAX_YAML_BYTES = 4 * 1024 * 1024


class YamlFile:
    """One YAML file's nodes (``root``, None when unreadable or empty) and its problems, each
    reported under ``rule`` unless YAML itself is broken (``yaml-alias``, ``yaml-syntax``...)."""

    def __init__(self, path: Path, display: str, rule: Rule = TAXONOMY_INVALID, optional: bool = False) -> None:
        self.display = display
        self.rule = rule
        self.problems: list[P.Problem] = []
        self.root: Node | None = None
        try:
            data, _ = fsio.read_regular(path, MAX_YAML_BYTES)
            text = data.decode("utf-8")
        except FileNotFoundError as err:
            if not optional:
                self.fail(1, 1, f"cannot read the file: {err.strerror}")
            return
        except (OSError, fsio.Refused, UnicodeDecodeError) as err:
            self.fail(1, 1, f"cannot read the file: {err.strerror if isinstance(err, OSError) else err}")
            return
        self.root, yaml_problems = parse(text)
        self.problems += [p.rule.problem(display, p.line, p.col, p.message) for p in yaml_problems]

    def fail(self, line: int, col: int, message: str, rule: Rule | None = None) -> None:
        """Record a problem at ``line``:``col`` of this file (under this file's rule if not given)."""
        self.problems.append((rule or self.rule).problem(self.display, line, col, message))

    def text(self, node: Node | None, what: str, at: Node) -> str | None:
        """``node``'s text, or None (and a problem at ``at``) when it is not a non-empty text."""
        if isinstance(node, Scalar) and node.kind != "null" and node.text.strip():
            return node.text.strip()
        self.fail(at.line, at.col, f"{what} must be a non-empty text")
        return None

    def texts(self, node: Node | None, what: str, at: Node) -> list[str]:
        """The texts of the list ``node`` (none when absent); problems for what is not a text."""
        if node is None:
            return []
        if not isinstance(node, Seq):
            self.fail(at.line, at.col, f"{what} must be a list, e.g. [a, b]")
            return []
        return [t for item in node.items if (t := self.text(item, what, item)) is not None]
