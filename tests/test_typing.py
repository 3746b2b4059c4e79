"""The package stays mypy-clean (strict), so types on every function are checked, not hoped."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.stdout == "" and result.returncode == 0, result.stdout
