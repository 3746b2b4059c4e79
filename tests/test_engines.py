"""Engine neutrality: the pages ``learnshelf pages`` writes build with Zensical (Material's
successor, which reads mkdocs.yml and has no plugin API), every page there, no broken link."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import EXAMPLE_PROJECT, broken_links, run_cli

from learnshelf.model.routes import page_url

ZENSICAL = Path(sys.executable).parent / "zensical"


def zensical_config(out: Path) -> Path:
    """The example project's mkdocs.yml for Zensical in ``out``: the generated pages in
    ``out/docs`` as its docs, and no Learnshelf plugin (the pages are already generated)."""
    config = yaml.safe_load((EXAMPLE_PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["plugins"]
    config.update(docs_dir="docs", site_dir="site")  # Zensical 0.0.73 panics on absolute ones
    path = out / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_zensical_builds_every_generated_page_with_no_broken_link(tmp_path: Path) -> None:
    project, docs = tmp_path / "project", tmp_path / "docs"
    shutil.copytree(EXAMPLE_PROJECT, project)  # `pages` may leave a cache folder in the project
    written = run_cli("pages", "--out", str(docs), "--today", "2026-11-23", cwd=project)
    assert written.returncode == 0, written.stderr
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert len(pages) > 20
    config = zensical_config(tmp_path)
    built = subprocess.run([str(ZENSICAL), "build", "--strict", "-f", str(config)], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    site = tmp_path / "site"
    missing = [p for p in pages if not (site / page_url(p).lstrip("/") / "index.html").is_file()]
    assert missing == []
    assert broken_links(site) == []


def test_the_link_check_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../a/">here</a> <a href="../b/">gone</a> '
                                               '<a href="https://example.org/x">away</a> <a href="#top">up</a>')
    assert broken_links(tmp_path) == [("a/index.html", "../b/")]
