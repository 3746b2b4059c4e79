"""The code is held to its tools: mypy (strict), ruff (lint and import order) and the import
contracts that keep the pipeline's stages in order (``[tool.importlinter]`` in pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
