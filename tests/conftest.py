"""Shared fixtures and helpers. No test reaches the network: every socket must stay on loopback."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from learnshelf.tools.localserver import serve_directory  # noqa: F401  (shared with the browser tests)

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "tests" / "examples"
EXAMPLE_PROJECT = EXAMPLES / "project"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise OSError(f"test tried to reach the network: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Block every non-loopback connection made from the test process."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    yield


def run_cli(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None,
            stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real ``learnshelf`` command in a subprocess (killed after ``timeout`` seconds)."""
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "learnshelf", *args], cwd=cwd, env=full_env,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of the example project."""
    target = tmp_path / "project"
    shutil.copytree(EXAMPLE_PROJECT, target)
    return target



@pytest.fixture
def issue_project(project_copy: Path) -> Path:
    """The example project with the repository's issue form, which ``from-issue`` reads."""
    from learnshelf.tools.fromissue import FORM

    (project_copy / FORM).parent.mkdir(parents=True)
    shutil.copy(REPO / FORM, project_copy / FORM)
    return project_copy


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, href) for every relative ``href`` or ``src`` in the built site's HTML whose target
    is not in the site (a folder counts when it has an index.html)."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found += [value for name, value in attrs if name in ("href", "src") and value]

    broken = []
    for page in sorted(site.rglob("*.html")):
        links = Links()
        links.feed(page.read_text(encoding="utf-8"))
        for link in links.found:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("/", "#")) or not parts.path:
                continue
            target = page.parent / unquote(parts.path)
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((page.relative_to(site).as_posix(), link))
    return broken
