"""LinkChecker over the built site, served on 127.0.0.1: no broken internal link or anchor.
External links are not followed here (no network); the weekly workflow checks those."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import serve_directory
from test_site import repository_site  # noqa: F401


def test_linkchecker_finds_no_broken_internal_link(repository_site: Path, tmp_path: Path) -> None:  # noqa: F811
    linkchecker = Path(sys.executable).with_name("linkchecker")
    with serve_directory(repository_site) as url:
        result = subprocess.run(
            [str(linkchecker), "--no-status", "--no-warnings", "--no-robots",
             "--threads", "4", "--timeout", "20", f"{url}/"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 errors found" in result.stdout or "no errors" in result.stdout.lower()
