"""The ``learnshelf validate`` command as contributors and CI run it: output shape, formats,
exit codes, and no traceback for any user mistake."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import EXAMPLE_PROJECT, EXAMPLES, REPO, run_cli

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z0-9-]+) (?P<message>.+)$")


def test_repository_validates_clean_and_silent() -> None:
    result = run_cli("validate")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_broken_card_points_at_the_line(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "first-week.md"
    card.write_text(card.read_text().replace("topics: [onboarding]", "topics: [onbording]"))
    result = run_cli("validate", cwd=project_copy)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first == ("docs/resources/first-week.md:5:10: unknown-topic 'onbording' is not a topic "
                     "(did you mean 'onboarding'?)")
    assert result.stdout.splitlines()[-1] == "1 error(s), 0 warning(s) in 1 file(s)"


def test_every_problem_in_every_file_is_reported_once_sorted(project_copy: Path) -> None:
    resources = project_copy / "docs" / "resources"
    for case in ("core-yes", "title-html", "unknown-key"):
        shutil.copy(EXAMPLES / "invalid" / f"{case}.md", resources / f"{case}.md")
    result = run_cli("validate", "--format", "text", cwd=project_copy)
    lines = result.stdout.splitlines()[:-1]
    assert [LINE.match(line).group("rule") for line in lines] == [  # type: ignore[union-attr]
        "not-a-boolean", "plain-text", "duplicate-url", "duplicate-url", "unknown-key"]
    assert lines == sorted(lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert result.returncode == 1


def test_warnings_alone_exit_zero(project_copy: Path) -> None:
    shutil.copy(EXAMPLES / "invalid" / "topics-synonym.md", project_copy / "docs" / "resources")
    result = run_cli("validate", cwd=project_copy)
    assert result.returncode == 0
    assert "tag-synonym (warning) 'Induction' means the topic 'onboarding'; write 'onboarding'" in result.stdout


def test_paths_limit_the_report_but_use_the_whole_library(project_copy: Path) -> None:
    resources = project_copy / "docs" / "resources"
    shutil.copy(EXAMPLES / "invalid" / "core-yes.md", resources)
    shutil.copy(EXAMPLES / "invalid" / "related-missing.md", resources)
    result = run_cli("validate", "docs/resources/related-missing.md", cwd=project_copy)
    assert not any(line.startswith("docs/resources/core-yes.md") for line in result.stdout.splitlines())
    assert "related names 'giving-feedbak'" in result.stdout  # 'giving-feedback' itself resolved
    assert result.returncode == 1


def test_json_format(project_copy: Path) -> None:
    shutil.copy(EXAMPLES / "invalid" / "core-yes.md", project_copy / "docs" / "resources")
    result = run_cli("validate", "--format", "json", "docs/resources/core-yes.md", cwd=project_copy)
    assert json.loads(result.stdout) == [{
        "path": "docs/resources/core-yes.md", "line": 9, "column": 7, "rule": "not-a-boolean",
        "severity": "error", "message": "core: yes is ambiguous; write core: true or core: false"}]


def test_auto_format_is_github_annotations_inside_actions(project_copy: Path) -> None:
    shutil.copy(EXAMPLES / "invalid" / "unquoted-colon.md", project_copy / "docs" / "resources")
    result = run_cli("validate", cwd=project_copy, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith(
        "::error file=docs/resources/unquoted-colon.md,line=2,col=16,title=yaml-syntax::YAML syntax error: "
        "mapping values are not allowed in this context (a value contains ': '; put the whole value in quotes)")


def test_text_format_is_one_line_per_problem_so_card_text_cannot_forge_workflow_commands(project_copy: Path) -> None:
    resources = project_copy / "docs" / "resources"
    card = (EXAMPLES / "invalid" / "giving-feedback.md").read_text()
    forged = {
        "title": ("title: A valid looking title", 'title: "A title\\n::error file=x::forged"'),
        "type": ("type: article", 'type: "article\\n::add-mask::secret"'),
        "topic": ("topics: [feedback]", 'topics: ["feedback\\r::error file=x::forged"]'),
        "escape": ("type: article", 'type: "article\\u2028::error::forged\\x1b[2K\\x85::add-mask::x"'),
    }
    for name, (old, new) in forged.items():
        (resources / f"forged-{name}.md").write_text(card.replace(old, new).replace("/unique/x", f"/forged/{name}"))
    (resources / "forged\n::error file=x::name.md").write_text(card.replace("/unique/x", "/forged/name"))
    result = run_cli("validate", "--format", "text", cwd=project_copy)
    assert result.returncode == 1
    lines = result.stdout.rstrip("\n").split("\n")
    assert len(lines) == 6 and lines[-1] == "5 error(s), 0 warning(s) in 5 file(s)"
    assert all(line.startswith("docs/resources/forged") for line in lines[:-1]), lines
    assert r"'article\n::add-mask::secret' is not a valid type" in result.stdout
    assert r"'article\u2028::error::forged\x1b[2K\x85::add-mask::x'" in result.stdout
    assert "docs/resources/forged\\n::error file=x::name.md:1:1: invalid-id" in result.stdout


def test_a_path_starting_with_two_colons_is_not_a_workflow_command(project_copy: Path, tmp_path: Path) -> None:
    card = tmp_path / "::error file=x::forged.md"
    card.write_text("title: no front matter\n")
    result = run_cli("--project", str(project_copy), "validate", "--format", "text", card.name, cwd=tmp_path)
    assert result.stdout.startswith("./::error file=x::forged.md:1:1: "), result.stdout + result.stderr


def test_broken_taxonomy_is_a_configuration_error(project_copy: Path) -> None:
    for name in ("topics.yml", "roles.yml", "policy.yml"):
        shutil.copy(EXAMPLES / "broken-curation" / name, project_copy / "curation" / name)
    result = run_cli("validate", cwd=project_copy)
    assert result.returncode == 2
    assert "curation/topics.yml:8:3: taxonomy-duplicate-id the topic id 'leadership' is defined twice" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    outside = run_cli("validate", cwd=tmp_path)
    missing = run_cli("--project", str(EXAMPLE_PROJECT), "validate", "no/such/card.md")
    unknown = run_cli("validate", "--format", "xml")
    for result in (outside, missing, unknown):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
    assert "no Learnshelf project" in outside.stderr
    assert "'no/such/card.md' does not exist" in missing.stderr


def test_rules_reference_in_the_site_matches_the_registry() -> None:
    generated = run_cli("rules").stdout
    assert (REPO / "docs" / "contributing" / "rules.md").read_text() == generated


def test_every_declared_subcommand_runs_a_command() -> None:
    import argparse

    from learnshelf.cli.args import build_parser
    from learnshelf.cli.main import COMMANDS

    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) == set(COMMANDS)
