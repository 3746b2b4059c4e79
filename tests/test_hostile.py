"""Hostile input end to end: payloads that pass validation are shown as text and run no
script; the built site holds only files from the repository's content and the theme; random
mutations of a valid card never crash the checker."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_PROJECT, EXAMPLES, serve_directory
from learnshelf.docstree import published_url
from learnshelf.library import Project, check_bytes, load_library
from learnshelf.taxonomy import load_taxonomy
from test_site import mkdocs_build

PAYLOAD_CARD = EXAMPLES / "hostile" / "payloads.md"
#: Hostile example cards: each ``<case>.md`` beside ``<case>.expected``, one ``line:col rule-id
#: message`` per problem. A case with no error expected must be published inert (browser test).
HOSTILE = sorted((EXAMPLES / "hostile").glob("*.md"))


def expected_problems(case: Path) -> list[str]:
    """The ``line:col rule-id message`` lines a hostile example card must give, in order."""
    return [line for line in case.with_suffix(".expected").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", HOSTILE, ids=[c.stem for c in HOSTILE])
def test_hostile_card_reports_exact_problems(case: Path) -> None:
    project = Project(EXAMPLE_PROJECT)
    taxonomy, _ = project.load_taxonomy()
    library = load_library(project, taxonomy, extra=[case])
    display = project.display(case)
    found = [f"{p.line}:{p.col} {p.rule} {p.message}" for p in library.result.sorted() if p.path == display]
    assert found == expected_problems(case)
    assert [p for p in library.result.problems if p.path != display] == []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(EXAMPLE_PROJECT, project)
    shutil.copy(PAYLOAD_CARD, project / "docs" / "resources")
    check = subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(project), "validate"],
                           capture_output=True, text=True)
    assert check.returncode == 0, "the payload card must pass validation:\n" + check.stdout
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


def test_payloads_are_shown_literally_and_run_nothing(hostile_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM, FLAGS

    card_text = PAYLOAD_CARD.read_text()
    title = card_text.split('title: "', 1)[1].split('"\ntype', 1)[0].replace('\\"', '"')
    with serve_directory(hostile_site / "site") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("/resources/payloads/", "/", "/library/", "/topics/feedback/", "/new/", "/contributors/",
                     "/search/?q=payload"):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.mouse.move(400, 300)
            handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
                [...e.attributes].filter(a => a.name.startsWith('on')
                  || /^\\s*javascript:/i.test(a.value)).map(a => e.tagName + ' ' + a.name))""")
            assert handlers == [], path
            assert page.evaluate("() => window.__pwned") is None, path
        page.goto(base + "/resources/payloads/")
        assert page.locator("h1").inner_text() == title
        assert "Source ' onmouseover='window.__pwned=1" in page.locator("main").inner_text()
        browser.close()
    assert dialogs == []


def _allowed_files(project: Path) -> set[str]:
    from learnshelf.cardpage import SiteOptions
    from learnshelf.site import build_site
    import datetime as dt

    site = build_site(Project(project), SiteOptions(today=dt.date.today()))
    allowed = {published_url(p) + "index.html" for p in site.pages} | set(site.files)
    docs = project / "docs"
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not rel.startswith("resources/"):
            allowed.add(published_url(rel) + "index.html" if rel.endswith(".md") else rel)
    theme = resources.files("material") / "templates"
    allowed |= {p.relative_to(Path(str(theme))).as_posix() for p in Path(str(theme)).rglob("*")
                if p.is_file() and p.suffix not in (".html", ".py", ".pyc")}
    return allowed | {"404.html", "sitemap.xml", "sitemap.xml.gz"}


def test_built_site_contains_only_repository_content_and_theme_files(hostile_site: Path) -> None:
    site = hostile_site / "site"
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    unexpected = {f for f in built - _allowed_files(hostile_site) if not f.startswith("pagefind/")}
    assert unexpected == set()


def test_a_symlink_anywhere_under_docs_stops_the_build(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "docs" / "assets").mkdir(parents=True)
    (project_copy / "docs" / "assets" / "hosts.txt").symlink_to("/etc/hosts")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/assets/hosts.txt:1:1: symlink" in result.stderr
    assert not (tmp_path / "site" / "assets" / "hosts.txt").exists()


VALID = (EXAMPLE_PROJECT / "docs" / "resources" / "people" / "giving-feedback.md").read_bytes()
TAXONOMY, _ = load_taxonomy(EXAMPLE_PROJECT / "curation")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.integers(0, 6),
                          st.binary(min_size=0, max_size=6) | st.sampled_from(
                              [b":", b"\n", b"\t", b"'", b'"', b"- ", b"---\n", b"&a", b"*a", b"!!", b"[", b"{", b"\xff",
                               b"<b>", b"javascript:", b"\xe2\x80\x8b", b"yes", b"2024-02-30"])), max_size=4))
def test_mutated_cards_never_crash_and_rejections_are_located(edits: list[tuple[int, int, bytes]]) -> None:
    data = VALID
    for at, cut, insert in edits:
        at = min(at, len(data))
        data = data[:at] + insert + data[at + cut:]
    card, problems = check_bytes(data, "docs/resources/people/giving-feedback.md", TAXONOMY)
    if not card.valid:
        errors = [p for p in problems if p.is_error]
        assert errors, "a rejected card must say why"
        assert all(p.line >= 1 and p.col >= 1 for p in errors)
