"""Hostile input end to end: payloads that pass validation are shown as text and run no
script; the built site holds only files from the repository's content and the theme; random
mutations of a valid card never crash the checker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, EXAMPLES, serve_directory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_site import mkdocs_build

from learnshelf.check.library import check_bytes
from learnshelf.check.rulebook import BY_ID
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import load_taxonomy
from learnshelf.model.routes import page_url

PAYLOAD_CARD = EXAMPLES / "hostile" / "payloads.md"
#: Hostile example cards: each ``<case>.md`` beside ``<case>.expected``, one ``line:col rule-id
#: message`` per problem (compared in test_examples). A case with no error expected must be
#: published inert (browser test).
HOSTILE = sorted((EXAMPLES / "hostile").glob("*.md"))


def expected_problems(case: Path) -> list[str]:
    """The ``line:col rule-id message`` lines a hostile example card must give, in order."""
    return [line for line in case.with_suffix(".expected").read_text(encoding="utf-8").splitlines() if line.strip()]


#: Hostile cards that must pass validation: they are published, and the browser sweeps them.
PUBLISHED = [case for case in HOSTILE if not any(" error " in f" {BY_ID[line.split()[1]].severity} "
                                                 for line in expected_problems(case))]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(EXAMPLE_PROJECT, project)
    for case in PUBLISHED:
        shutil.copy(case, project / "docs" / "resources")
    check = subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(project), "validate"],
                           capture_output=True, text=True)
    assert check.returncode == 0, "the published hostile cards must pass validation:\n" + check.stdout
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


_SWEEP_PAGES = ("/", "/library/", "/topics/feedback/", "/new/", "/contributors/", "/search/?q=payload")
_HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(e =>
    [...e.attributes].filter(a => a.name.startsWith('on')
      || /^\\s*javascript:/i.test(a.value)).map(a => e.tagName + ' ' + a.name))"""


def test_published_hostile_pages_run_nothing_when_loaded_hovered_focused_or_clicked(hostile_site: Path) -> None:
    """Every published hostile card's page (and the listings showing them): loaded, the mouse
    swept over it, every focusable element focused and every link in the content clicked; no
    dialog opens, no script sets the payload's global, no element carries a handler."""
    from playwright.sync_api import BrowserContext, sync_playwright
    from test_browser import CHROMIUM, FLAGS

    pages = [f"/resources/{case.stem}/" for case in PUBLISHED] + list(_SWEEP_PAGES)
    with serve_directory(hostile_site / "site") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        dialogs: list[str] = []

        def new_context() -> BrowserContext:
            context = browser.new_context(viewport={"width": 1000, "height": 700})
            # Links leaving the site answer "204 No Content" (the browser stays on the page).
            context.route(lambda url: not url.startswith(base), lambda route: route.fulfill(status=204))
            context.on("dialog", lambda dialog: (dialogs.append(f"{dialog.page and dialog.page.url}: {dialog.message}"),
                                                 dialog.dismiss()))
            return context

        page = new_context().new_page()
        # The clicks happen in a page of their own context (window), loaded afresh before each
        # click once the last click's navigation is over. In the same context it would put the
        # swept page in the background, where mouse moves never return; and closing a page per
        # click, as its navigation committed, never returned either (both hung the run).
        clicker = new_context().new_page()
        swept = 0
        for path in pages:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            for x in range(0, 1000, 100):
                for y in range(0, 700, 100):
                    page.mouse.move(x, y)
            assert page.evaluate(_HANDLERS) == [], path
            focusable = page.locator("a[href], button, input, select, textarea, [tabindex], [contenteditable]")
            for index in range(focusable.count()):
                focusable.nth(index).focus()
            assert page.evaluate("() => window.__pwned") is None, path
            for index in range(page.locator("article a[href]").count()):
                clicker.goto(base + path)
                clicker.locator("article a[href]").nth(index).evaluate("a => a.click()")  # hidden ones too
                clicker.wait_for_load_state("networkidle")  # the click's navigation, if any, is over
                swept += 1
        browser.close()
    assert swept > 10, "the sweep clicked links"
    assert dialogs == []


def test_payloads_are_shown_literally(hostile_site: Path) -> None:
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, FLAGS

    card_text = PAYLOAD_CARD.read_text()
    title = card_text.split('title: "', 1)[1].split('"\ntype', 1)[0].replace('\\"', '"')
    with serve_directory(hostile_site / "site") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(base + "/resources/payloads/")
        assert page.locator("h1").inner_text() == title
        assert "Source ' onmouseover='window.__pwned=1" in page.locator("main").inner_text()
        assert "<img src=x onerror=window.__pwned=1>" in page.locator("main").inner_text()
        browser.close()


def test_the_build_refuses_an_unsafe_body_even_when_validation_is_bypassed(project_copy: Path, tmp_path: Path) -> None:
    """Defence in depth: with the body checks switched off, the plugin still inspects each card
    body's HTML as published, and fails the build naming the card; nothing is written for it."""
    card = project_copy / "docs" / "resources" / "sneaky.md"
    card.write_text((EXAMPLES / "hostile" / "body-escaped-backtick.md").read_text())
    bypass = ("import sys, learnshelf.check.body as b; b.check_body = b.check_rendered = lambda *a, **k: []; "
              "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '--strict', '-d', sys.argv[1]]; cli()")
    passing = subprocess.run([sys.executable, "-c", bypass.replace("cli()", "import learnshelf.check.library as l, "
                              "learnshelf.load.taxonomy as t; p = l.Project(l.Path('.')); "
                              "print(len(l.load_library(p, p.load_taxonomy()[0]).result.problems))"), "x"],
                             cwd=project_copy, capture_output=True, text=True, timeout=120)
    assert passing.stdout.strip() == "0", "with the checks off, the card passes validation"
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", bypass, str(site)], cwd=project_copy, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert ("learnshelf: docs/resources/sneaky.md: the card's body would publish attribute 'onerror' in "
            '<img src="x" onerror="alert(1)">') in result.stderr
    assert not (site / "resources" / "sneaky" / "index.html").exists()


def _allowed_files(project: Path) -> set[str]:
    import datetime as dt

    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    site = build_site(Project(project), SiteOptions(today=dt.date.today()))
    allowed = {page_url(p)[1:] + "index.html" for p in site.pages} | set(site.files)
    docs = project / "docs"
    for path in docs.rglob("*"):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and not rel.startswith("resources/"):
            allowed.add(page_url(rel)[1:] + "index.html" if rel.endswith(".md") else rel)
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


_BLOCKS = ["```", "~~~", "  ```", "````", "```html", "\\`", "`", "\\<", "[r]: ", "[r]:", "[x][r]", "[x]",
           "> ", ">", "- ", "1. ", "    ", "!!! note\n    ", "<img src=x onerror=alert(1)>",
           "<x:y autofocus onfocus=alert(1)>", "<a.b ", "<img_ ", "<img\t", "<!--", "-->", "<svg onload=alert(1)>",
           "</p>", "<", ">", "[x](", "java", "script:", "javascript:alert(1)", ")", "(", "&#106;", "&colon;",
           "&#x3a;", "data:text/html,", "https://example.org/", "<https://example.org>", "<javascript:alert(1)>",
           "\n", "\n\n", "\t", "text", " ", "*", "_", "|", "|---|", "# ", "{: onclick=alert(1) }", "&amp;", "'", '"']


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_BLOCKS), max_size=40))
def test_generated_bodies_are_refused_or_publish_only_allowed_html(parts: list[str]) -> None:
    """A body made of Markdown's corner cases either fails validation, or, rendered within a
    card page as the site renders it, publishes nothing outside the allowlist."""
    from learnshelf.check.bodyhtml import marked_body, new_marker, published_body, published_text, render

    body = "".join(parts)
    card = VALID.split(b"\n---\n", 1)[0] + b"\n---\n" + body.encode("utf-8")
    markdown = Project(EXAMPLE_PROJECT).markdown()
    _, problems = check_bytes(card, "docs/resources/people/giving-feedback.md", TAXONOMY, markdown)
    if any(p.is_error for p in problems):
        return
    marker = new_marker()
    page = f"# Title\n\n## About this resource\n\n{marked_body(published_text(body)[0], marker)}\n\n## Why this is here\n\n- On x.\n"
    _, unsafe = published_body(render(page, markdown), marker)
    assert unsafe == []


@pytest.mark.parametrize("body, rule", [
    ("[" * 32000, "body-too-complex"),
    ("`a` " * 3000, "body-too-complex"),
    ("> " * 5000 + "deep", "body-too-complex"),
    ("# same\n" * 1000, "body-too-complex"),
    ("Plain prose, over and over. " * 40000, "card-too-large"),  # ~1 MB
], ids=["bracket-bomb", "code-span-flood", "deep-quotes", "heading-flood", "one-megabyte"])
def test_bodies_beyond_the_limits_are_refused_without_being_rendered(
        body: str, rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The caps are checked before Markdown sees the body: what would cost minutes is never rendered."""
    import learnshelf.check.body

    def no_render(*args: object) -> str:
        raise AssertionError("a body beyond the limits was rendered")

    monkeypatch.setattr(learnshelf.check.body, "render", no_render)
    card = VALID.split(b"\n---\n", 1)[0] + b"\n---\n" + body.encode("utf-8")
    _, problems = check_bytes(card, "docs/resources/people/giving-feedback.md", TAXONOMY)
    assert rule in {p.rule for p in problems if p.is_error}
