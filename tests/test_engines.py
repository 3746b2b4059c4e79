"""Engine neutrality: the pages ``learnshelf pages`` writes build with Zensical (Material's
successor, which reads mkdocs.yml and has no plugin API), every page there, no broken link; and
ProperDocs (a drop-in fork of MkDocs 1.x) runs the plugin unchanged and builds the site MkDocs
builds."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import EXAMPLE_PROJECT, broken_links, run_cli

from learnshelf.model.routes import page_url

ZENSICAL = Path(sys.executable).parent / "zensical"
TEXT = (".html", ".xml", ".json", ".jsonld", ".js", ".css", ".txt", ".svg")
#: The one line an engine writes of itself: "mkdocs-1.6.1, ..." or "mkdocs-ProperDocs 1.6.7, ...".
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


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


def _built(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the search index, by path: text without the generator
    line, compressed files uncompressed (gzip records when it ran)."""
    out = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or name.startswith("pagefind/"):
            continue
        data = path.read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        elif name.endswith(TEXT):
            data = GENERATOR.sub("", data.decode("utf-8")).encode("utf-8")
        out[name] = data
    return out


def test_properdocs_runs_the_plugin_unchanged_and_builds_the_site_mkdocs_builds(tmp_path: Path) -> None:
    """A move to ProperDocs (MkDocs 1.x continued) is a change of command: the plugin, the theme
    and every generated page work as they are."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE_PROJECT, project)
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        sites[engine] = tmp_path / engine
        built = subprocess.run([str(Path(sys.executable).parent / engine), "build", "--strict", "-f", "mkdocs.yml",
                                "-d", str(sites[engine])], cwd=project, capture_output=True, text=True, timeout=300)
        assert built.returncode == 0, built.stdout + built.stderr
    home = (sites["properdocs"] / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">' in home
    mkdocs, properdocs = _built(sites["mkdocs"]), _built(sites["properdocs"])
    assert len(mkdocs) > 40 and "resources/people/giving-feedback/index.html" in mkdocs
    assert sorted(properdocs) == sorted(mkdocs)
    assert [name for name in mkdocs if properdocs[name] != mkdocs[name]] == []
    # The search index holds the same pages in the same languages (its file names hash the pages,
    # which differ by the generator line).
    entries = [json.loads((sites[e] / "pagefind" / "pagefind-entry.json").read_text()) for e in sites]
    assert [{lang: v["page_count"] for lang, v in e["languages"].items()} for e in entries] == [
        {lang: v["page_count"] for lang, v in entries[0]["languages"].items()}] * 2


def test_the_link_check_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../a/">here</a> <a href="../b/">gone</a> '
                                               '<a href="https://example.org/x">away</a> <a href="#top">up</a>')
    assert broken_links(tmp_path) == [("a/index.html", "../b/")]
