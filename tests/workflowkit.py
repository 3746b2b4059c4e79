"""Helpers for the workflow tests: read a workflow's steps, and run a step's `run:` script as
GitHub does, with a fake `gh` on the PATH that logs its calls."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"


def load(path: Path) -> dict[Any, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def triggers(doc: dict[Any, Any]) -> set[str]:
    on = doc[True]  # YAML 1.1 reads the bare key `on` as the boolean True
    return {on} if isinstance(on, str) else {str(e) for e in on}


def step(doc: dict[Any, Any], job: str, name: str) -> dict[str, Any]:
    matches = [s for s in doc["jobs"][job]["steps"] if s.get("name") == name]
    assert len(matches) == 1, f"expected one step named {name!r} in job {job}"
    found: dict[str, Any] = matches[0]
    return found


def all_steps(doc: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for job in doc["jobs"].values() for s in job.get("steps", [])]


def uses_of(steps: list[dict[str, Any]]) -> list[str]:
    return [str(s["uses"]).split("@")[0] for s in steps if "uses" in s]


def bash(script: str, cwd: Path, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a workflow `run:` script as GitHub does (bash -eo pipefail), with python3 = this Python."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "python3").exists():
        (bin_dir / "python3").symlink_to(sys.executable)
    (tmp_path / "step.sh").write_text(script, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    full = {**base, **env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', os.environ['PATH'])}"}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(tmp_path / "step.sh")],
                          cwd=cwd, env=full, capture_output=True, text=True, timeout=60)


def fake_gh(script: str, tmp_path: Path) -> Path:
    """Put ``script`` on the PATH ``bash`` uses as ``gh``; the (empty) log it writes its calls to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(script, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    log.write_text("", encoding="utf-8")
    return log


def gh_calls(log: Path) -> list[str]:
    return [c.removeprefix("gh ") for c in log.read_text(encoding="utf-8").splitlines()]
