"""The code is held to its tools: mypy (strict), ruff (lint and import order), the import
contracts that keep the pipeline's stages in order (``[tool.importlinter]`` in pyproject.toml),
and zizmor, which audits the GitHub workflows and Dependabot set-up (offline, default persona)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

BIN = Path(sys.executable).parent


def run(*command: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def test_mypy_strict_is_clean() -> None:
    result = run(sys.executable, "-m", "mypy", "--no-error-summary")
    assert result.stdout == "" and result.returncode == 0, result.stdout


def test_ruff_finds_nothing() -> None:
    result = run(str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout


def test_the_import_contracts_are_kept() -> None:
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0 and "Contracts: 2 kept, 0 broken." in result.stdout, result.stdout


def test_an_import_of_mkdocs_inside_a_core_function_breaks_a_contract(tmp_path: Path) -> None:
    shutil.copytree(REPO / "learnshelf", tmp_path / "learnshelf", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    with (tmp_path / "learnshelf" / "model" / "schema.py").open("a") as module:
        module.write("\n\ndef sneaky() -> None:\n    import mkdocs.config  # noqa\n\n"
                     "def upward() -> None:\n    import learnshelf.pages.site  # noqa\n")
    result = run(str(BIN / "lint-imports"), "--no-cache", cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode == 1, result.stdout
    assert "learnshelf.model.schema -> mkdocs (l." in result.stdout
    assert "learnshelf.model is not allowed to import learnshelf.pages" in result.stdout


def zizmor(folder: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """zizmor's run over ``folder`` (offline, never the network) and the audit id of each finding."""
    result = run(str(BIN / "zizmor"), "--offline", "--no-config", "--format", "json", str(folder))
    return result, [finding["ident"] for finding in json.loads(result.stdout or "[]")]


def test_zizmor_finds_nothing_in_the_github_set_up() -> None:
    result, findings = zizmor(REPO / ".github")
    assert findings == [] and result.returncode == 0, result.stdout
    assert "completed .github/workflows/deploy.yml" in result.stderr.replace(str(REPO) + "/", "")


CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"


@pytest.mark.parametrize(("workflow", "old", "new", "audit"), [
    ("pr.yml", "validate --format github\n", 'validate --format github "${{ github.event.pull_request.title }}"\n',
     "template-injection"),
    ("pr.yml", "on:\n  pull_request:\n", "on:\n  pull_request_target:\n", "dangerous-triggers"),
    ("pr.yml", CHECKOUT, "actions/checkout@v4", "unpinned-uses"),
    ("pr.yml", "        with:\n          persist-credentials: false\n", "", "artipacked"),
    ("pr.yml", "permissions:\n  contents: read\n", "permissions: write-all\n", "excessive-permissions"),
    ("links.yml", '-f link-check-run="$RUN_ID"', '-f link-check-run="${{ github.event.issue.title }}"',
     "template-injection"),
])
def test_zizmor_catches_a_weakened_workflow(tmp_path: Path, workflow: str, old: str, new: str, audit: str) -> None:
    folder = tmp_path / ".github" / "workflows"
    shutil.copytree(REPO / ".github" / "workflows", folder)
    text = (folder / workflow).read_text(encoding="utf-8")
    assert old in text, "the plant must change something"
    (folder / workflow).write_text(text.replace(old, new, 1), encoding="utf-8")
    result, findings = zizmor(folder)
    assert audit in findings and result.returncode != 0, result.stdout
