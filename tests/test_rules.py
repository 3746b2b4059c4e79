"""Rules as units: each rule is declared once, beside its check, and listed by the rulebook; no
other code spells its id; and its documented bad example, run through the real validator, gives
exactly that rule, while the fixed example does not."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, REPO

import learnshelf
from learnshelf.check.library import load_library
from learnshelf.check.rulebook import BY_ID, RULES
from learnshelf.load.project import Project
from learnshelf.model.rules import Rule

BASE_CARD = (EXAMPLE_PROJECT / "docs" / "resources" / "first-week.md").read_text(encoding="utf-8")

#: How a rule's examples are put into a card: merged into its front matter ("front"), as its
#: body ("body"), as the whole body ("whole-body"), as the whole file ("file"), or as its file name ("name").
PLACED_IN = {
    "front": {"unknown-key", "wrong-type", "not-a-string", "not-a-boolean", "text-length", "plain-text",
              "invisible-character", "invalid-character", "unknown-value", "invalid-date", "invalid-duration",
              "invalid-language", "unknown-topic", "unknown-role", "topic-count", "tag-synonym", "duplicate-tag",
              "retired-without-replacement", "unknown-card", "url-scheme", "url-invalid", "url-credentials",
              "url-private-host", "url-tracking", "url-http", "personal-data", "yaml-syntax", "yaml-duplicate-key",
              "yaml-alias", "yaml-tag"},
    "body": {"raw-html", "attribute-list", "unsafe-link"},
    "whole-body": {"placeholder-body"},
    "file": {"front-matter-missing", "front-matter-unclosed", "front-matter-not-mapping"},
    "name": {"invalid-id"},
}
#: Rules whose examples describe a situation in words rather than show a card's text, each with
#: where the rule is shown by a real file instead.
DESCRIBED = {
    "empty-file": "tests/examples/invalid/empty.md",
    "card-too-large": "test_examples: test_oversized_card_is_refused_before_parsing",
    "bom": "tests/examples/invalid/byte-order-mark.md",
    "encoding": "tests/examples/invalid/not-utf8.md",
    "unreadable": "test_examples: test_unreadable_card_is_reported_not_raised",
    "duplicate-id": "tests/examples/invalid/giving-feedback.md (two files)",
    "symlink": "test_examples: test_symlinks_and_stray_files_are_reported",
    "url-clash": "test_examples: test_files_publishing_to_one_url_or_from_outside_docs_are_reported",
    "not-markdown": "test_examples: test_symlinks_and_stray_files_are_reported",
    "not-a-file": "test_examples: test_named_pipes_under_docs_are_reported_not_read",
    "missing-key": "tests/examples/invalid/missing-summary.md ('no summary line' is an absence)",
    "duplicate-url": "tests/examples/invalid/url-duplicate.md (needs a second card)",
    "url-too-long": "tests/examples/invalid/url-too-long.md (the example elides 2,000 characters)",
    "yaml-too-deep": "tests/examples/hostile/yaml-deep-*.md (the example elides the nesting)",
    "body-too-complex": "tests/examples/hostile/body-*-flood.md (the example elides 8,000 brackets)",
}
#: Curator files: their examples are fragments of nested files (a step, an entry), not whole
#: files; each rule is shown by the broken files whose expected lists name it.
CURATOR_FILES = {
    "pathway-invalid", "pathway-unknown-card", "pathway-unknown-role",  # tests/examples/pathways
    "taxonomy-invalid", "taxonomy-duplicate-id", "taxonomy-duplicate-synonym",  # tests/examples/broken-curation
    "taxonomy-missing-parent", "taxonomy-nested-parent",
    "issue-form-invalid",  # tests/examples/issue/broken-form.yml
}


def _declared_rules() -> list[tuple[str, Rule]]:
    """(module, rule) for every Rule constant of every module of the package."""
    found = []
    for info in pkgutil.walk_packages(learnshelf.__path__, "learnshelf."):
        if info.name == "learnshelf.__main__":
            continue
        module = importlib.import_module(info.name)
        found += [(info.name, value) for name, value in vars(module).items()
                  if isinstance(value, Rule) and getattr(module, "__name__", "") == info.name
                  and name.isupper() and _declared_in(module, name)]
    return found


def _declared_in(module: object, name: str) -> bool:
    """Whether ``name`` is assigned in ``module``'s own source (not imported into it)."""
    tree = ast.parse(Path(getattr(module, "__file__", "")).read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
               for node in tree.body)


def test_every_declared_rule_is_in_the_rulebook_once() -> None:
    declared = _declared_rules()
    assert sorted(rule.id for _, rule in declared) == sorted(BY_ID)
    assert len(RULES) == len(BY_ID) == len(declared)
    assert all(BY_ID[rule.id] is rule for _, rule in declared)
    assert all(rule.severity in ("error", "warning") and rule.explains and rule.bad and rule.fixed for rule in RULES)


def test_no_rule_id_is_spelled_outside_its_declaration() -> None:
    """A string constant equal to a rule id, anywhere in the package but as the first argument
    of that rule's ``Rule(...)``, is a second spelling: refer to the rule object instead."""
    spelled = []
    for path in sorted((REPO / "learnshelf").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declarations = {id(node.args[0]) for node in ast.walk(tree) if isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name) and node.func.id == "Rule" and node.args}
        spelled += [f"{path.relative_to(REPO)}:{node.lineno} {node.value!r}" for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and node.value in BY_ID and id(node) not in declarations]
    assert spelled == []


def test_every_rule_is_shown_by_its_examples_or_says_where_instead() -> None:
    placed = set().union(*PLACED_IN.values())
    assert sorted(placed | set(DESCRIBED) | CURATOR_FILES) == sorted(BY_ID)
    assert not (placed & set(DESCRIBED)) and not (placed & CURATOR_FILES) and not (set(DESCRIBED) & CURATOR_FILES)
    for where in DESCRIBED.values():
        shown = where.split(" ")[0]
        if shown.startswith("tests/") and "*" not in shown:
            assert (REPO / shown).is_file(), where


def _with_front(snippet: str) -> str:
    """The base card with the snippet's keys in place of its own (and any new ones added)."""
    lines = BASE_CARD.split("\n")
    close = lines.index("---", 1)
    keys = {line.split(":", 1)[0] for line in snippet.split("\n") if line and not line.startswith(" ")}
    front = [line for line in lines[1:close] if line.split(":", 1)[0] not in keys]
    return "\n".join(["---", *front, snippet, *lines[close:]])


def _card(rule: Rule, example: str) -> tuple[str, str]:
    """(file name, text) of a card showing ``example`` of ``rule``."""
    if rule.id in PLACED_IN["front"]:
        return "example-card.md", _with_front(example)
    if rule.id in PLACED_IN["body"]:
        return "example-card.md", BASE_CARD.rstrip("\n") + "\n\n" + example + "\n"
    if rule.id in PLACED_IN["whole-body"]:
        return "example-card.md", BASE_CARD.split("\n---\n", 1)[0] + "\n---\n" + example + "\n"
    if rule.id in PLACED_IN["file"]:
        return "example-card.md", example.replace("...", "type: guide") + "\n"
    return example.rsplit("/", 1)[-1], BASE_CARD


def _rules_found(tmp_path: Path, name: str, text: str) -> list[str]:
    card = tmp_path / name
    card.write_text(text, encoding="utf-8")
    project = Project(EXAMPLE_PROJECT)
    taxonomy, _ = project.load_taxonomy()
    library = load_library(project, taxonomy, extra=[card])
    return sorted({p.rule for p in library.result.problems if p.path == project.display(card)})


SHOWN = sorted(set().union(*PLACED_IN.values()))


@pytest.mark.parametrize("rule_id", SHOWN)
def test_the_bad_example_breaks_exactly_its_rule(tmp_path: Path, rule_id: str) -> None:
    rule = BY_ID[rule_id]
    assert _rules_found(tmp_path, *_card(rule, rule.bad)) == [rule.id]


@pytest.mark.parametrize("rule_id", SHOWN)
def test_the_fixed_example_does_not_break_its_rule(tmp_path: Path, rule_id: str) -> None:
    rule = BY_ID[rule_id]
    assert rule.id not in _rules_found(tmp_path, *_card(rule, rule.fixed))
