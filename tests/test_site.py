"""The generated site: golden Markdown pages from the example library, and the real MkDocs
build of them (strict), with the plugin failing loudly on card problems."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, EXAMPLES, REPO, broken_links
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from learnshelf.load.project import Project
from learnshelf.pages.card import SiteOptions
from learnshelf.pages.listing import PAGE_SIZE, Pages
from learnshelf.pages.site import build_site

GOLDEN = EXAMPLES / "golden"
TODAY = dt.date(2026, 11, 23)


def generated() -> dict[str, str]:
    site = build_site(Project(EXAMPLE_PROJECT), SiteOptions(today=TODAY))
    assert [p for p in site.problems if p.is_error] == []
    return {path: text for path, text in {**site.pages, **site.files}.items() if not path.startswith("assets/")}


def test_generated_pages_match_golden_files() -> None:
    """Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change."""
    pages = generated()
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    stored = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(stored)
    for path, text in pages.items():
        assert text == stored[path], f"{path} differs from its golden file"


def test_drafts_are_not_published_and_retired_cards_point_onwards() -> None:
    pages = generated()
    assert not any("draft-idea" in path for path in pages)
    # Only the curator report names a waiting draft (by file, not by title).
    assert [p for p, text in pages.items() if "draft-idea" in text] == ["curating/report.md"]
    assert not any("A resource still being written" in text for text in pages.values())
    retired = pages["resources/old-privacy-course.md"]
    assert '!!! warning "Retired"' in retired and "[Your first week](first-week.md)" in retired
    assert "old-privacy-course" not in pages["library/index.md"]


def test_the_feed_is_well_formed_xml_even_when_a_card_with_characters_xml_cannot_hold_gets_through() -> None:
    from xml.etree import ElementTree

    from learnshelf.catalog.catalog import build_catalog
    from learnshelf.check.library import load_library
    from learnshelf.pages.feed import atom

    project = Project(EXAMPLE_PROJECT)
    taxonomy, _ = project.load_taxonomy()
    library = load_library(project, taxonomy)
    card = next(c for c in library.cards if c.id == "giving-feedback")  # changed after validation
    card.title = "Giving\ufffe feedback\x01 that\ud800 helps\uffff\U0010fffe"
    card.summary = "Feedback\ufdd0 that\x0b helps\x1b people \U0001ffff grow."
    card.contributor = "tester\x00"
    feed = ElementTree.fromstring(atom(build_catalog(library, taxonomy), "https://example.org/").encode("utf-8"))
    atom_ns = {"": "http://www.w3.org/2005/Atom"}
    entry = next(e for e in feed.findall("entry", atom_ns) if e.findtext("id", "", atom_ns).endswith("/giving-feedback/"))
    assert [entry.findtext(tag, "", atom_ns) for tag in ("title", "summary", "author/name")] == [
        "Giving feedback that helps", "Feedback that helps people  grow.", "tester"]


def test_every_role_page_lists_every_core_card() -> None:
    pages = generated()
    for role in ("designer", "people-manager", "software-engineer"):
        page = pages[f"roles/{role}/index.md"]
        core, rest = page.split("## For this role", 1)
        assert ">Giving feedback that helps</a>" in core and ">Your first week</a>" in core
        assert rest.index("## Useful for any role") < rest.index("## Explore further")


def test_pagination_keeps_pages_small() -> None:
    pages = Pages("topics/x/index.md", 2 * PAGE_SIZE + 1)
    assert pages.count == 3
    assert [pages.path(n) for n in (1, 2, 3)] == ["topics/x/index.md", "topics/x/page-2.md", "topics/x/page-3.md"]
    assert pages.nav(2) == ("[First](index.md) · [← Previous](index.md) · Page 2 of 3 (101 cards) · "
                            "[Next →](page-3.md) · [Last](page-3.md)")


SITE_URL = "https://example.org/learnshelf/"  # the example project's site_url


def mkdocs_build(project: Path, site: Path, site_url: str = SITE_URL) -> subprocess.CompletedProcess[str]:
    """A strict build, at ``site_url`` (given as deploy.yml gives it; "": none)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LEARNSHELF_SITE_URL": site_url}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=project, capture_output=True, text=True, timeout=300, env=env)


def test_strict_mkdocs_build_publishes_generated_pages(project_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(project_copy, site)
    assert result.returncode == 0, result.stderr
    card = (site / "resources" / "people" / "giving-feedback" / "index.html").read_text()
    assert "Open resource" in card and 'href="https://en.wikipedia.org/wiki/360-degree_feedback"' in card
    assert "contributor:" not in card, "the card's front matter must not be published"
    assert not (site / "resources" / "draft-idea").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()
    unused = sorted(p.name for p in (site / "pagefind").glob("pagefind-*.*") if p.name != "pagefind-entry.json")
    assert unused == [], "Pagefind's own UI and worker are not used by the search page"
    assert (site / "feed.xml").read_text().count("</entry>") == 3  # published only: no draft, no retired


def test_the_site_knows_its_address_in_the_sitemap_and_the_feed(project_copy: Path, tmp_path: Path) -> None:
    from xml.etree import ElementTree

    import feedparser

    site = tmp_path / "site"
    result = mkdocs_build(project_copy, site)
    assert result.returncode == 0, result.stderr
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in ElementTree.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert locs and all(loc.startswith(SITE_URL) for loc in locs)
    pages = sorted(SITE_URL + p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html")
                   if not p.relative_to(site).parts[0] == "pagefind")
    assert sorted(loc if loc.endswith("/") else loc + "/" for loc in locs) == [p.replace("/./", "/") for p in pages]
    for page in ("resources/old-privacy-course/", "resources/people/giving-feedback/", "topics/", "library/"):
        assert SITE_URL + page in locs  # retired cards, generated cards and listings
    assert not any("draft-idea" in loc for loc in locs)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.link == SITE_URL + "new/"  # rel="alternate": the What's new page
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids)) == 3
    assert all(entry.id.startswith(SITE_URL) and entry.link.startswith(SITE_URL) for entry in feed.entries)
    assert all(link.href.startswith(SITE_URL) for entry in feed.entries for link in entry.links)


def test_a_strict_build_without_an_address_fails_saying_how_to_set_it(project_copy: Path, tmp_path: Path) -> None:
    from learnshelf.mkdocs.plugin import NO_SITE_URL

    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"site_url: {SITE_URL}\n", ""), encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site", site_url="")
    assert result.returncode != 0
    assert NO_SITE_URL in result.stderr and "Traceback" not in result.stderr
    config.write_text(config.read_text(encoding="utf-8").replace("strict: true\n", ""), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("LEARNSHELF_SITE_URL", None)
    local = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "local")],
                           cwd=project_copy, capture_output=True, text=True, timeout=300, env=env)
    assert local.returncode == 0, local.stderr  # a local build without --strict still works, and says why
    assert NO_SITE_URL in local.stderr


def test_build_fails_listing_every_card_problem(project_copy: Path, tmp_path: Path) -> None:
    for case in ("core-yes", "unknown-key"):
        shutil.copy(EXAMPLES / "invalid" / f"{case}.md", project_copy / "docs" / "resources")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/resources/core-yes.md:9:7: not-a-boolean" in result.stderr
    assert "docs/resources/unknown-key.md:9:1: unknown-key" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_docs_page_clashing_with_a_generated_page_fails_the_build(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "docs" / "search.md").write_text("# My own search\n")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "search.md" in result.stderr


def test_pages_command_writes_the_same_markdown(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    result = subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(EXAMPLE_PROJECT), "pages",
                             "--out", str(out), "--today", TODAY.isoformat()], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for path, text in generated().items():
        assert (out / path).read_text(encoding="utf-8") == text


@pytest.fixture(scope="session")
def repository_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once with the real MkDocs for the tests that need it."""
    site = tmp_path_factory.mktemp("repo-site") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


def plugin_options(project: Path, **options: object) -> None:
    """Set the Learnshelf plugin's options in the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    lines = "".join(f"\n      {key}: {str(value).lower()}" for key, value in options.items())
    config.write_text(re.sub(r"  - learnshelf(:(\n      .*)+)?\n", f"  - learnshelf:{lines}\n", config.read_text()))


def test_strict_build_fails_on_a_broken_link_in_a_card_body(project_copy: Path, tmp_path: Path) -> None:
    card = project_copy / "docs" / "resources" / "first-week.md"
    card.write_text(card.read_text() + "\nSee [the handbook](handbook.md) and [feedback](people/giving-feedback.md#nope).\n")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "contains a link 'handbook.md'" in result.stderr
    assert "does not contain an anchor '#nope'" in result.stderr


@pytest.mark.parametrize("site_config", ["", "use_directory_urls: false\ndraft_docs: resources/old-privacy-course.md\n"])
def test_every_link_of_the_built_site_resolves(project_copy: Path, tmp_path: Path, site_config: str) -> None:
    """MkDocs' strict build checks links in Markdown, not those in the HTML blocks we write: every
    relative link of the built site resolves, also with file URLs, and a draft, which is left out
    of the site."""
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text() + site_config)
    card = project_copy / "docs" / "resources" / "first-week.md"
    card.write_text(card.read_text() + "\nSee [why feedback helps](people/giving-feedback.md#why-this-is-here).\n")
    site = tmp_path / "site"
    result = mkdocs_build(project_copy, site)
    assert result.returncode == 0, result.stderr  # strict: the anchor was found
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert len(pages) > 20
    if site_config:
        assert "resources/first-week.html" in pages and "resources/old-privacy-course.html" not in pages
    else:
        assert "resources/first-week/index.html" in pages and "resources/old-privacy-course/index.html" in pages
    assert broken_links(site) == []


def test_each_index_part_gets_the_words_it_lacks_and_nothing_else() -> None:
    from learnshelf.search.records import Record, vocabulary_records

    parts = [[Record("/a/", "Induction for new starters", {})], [Record("/b/", "Giving feedback", {}),
                                                                 Record("/c/", "new feedback", {})]]
    [first], [second] = vocabulary_records(parts)  # one record per part and language (all "en" here)
    assert first.content == "Giving feedback"
    assert sorted(second.content.split()) == ["Induction", "for", "starters"]
    assert vocabulary_records([parts[0], parts[0]]) == [[], []]


def test_index_parts_are_searched_in_two_contiguous_groups() -> None:
    from learnshelf.search.parts import search_groups

    assert search_groups(5, 10) == [[""]]
    assert search_groups(45, 10) == [["", "part-1/", "part-2/"], ["part-3/", "part-4/"]]
    assert search_groups(20, 10) == [[""], ["part-1/"]]


def test_a_search_part_size_below_one_is_refused(project_copy: Path, tmp_path: Path) -> None:
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - learnshelf\n", "  - learnshelf:\n      search_part_size: 0\n"))
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "search_part_size must be at least 1" in result.stderr


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "index.md", ".", "..", ""]), min_size=1, max_size=5).map("/".join),
       st.lists(st.sampled_from(["a", "b", "c.md", ".", "..", ""]), min_size=1, max_size=5).map("/".join))
def test_links_between_generated_pages_are_relpath_from_the_page_folder(from_page: str, to_page: str) -> None:
    from learnshelf.model.routes import rel

    assume(to_page and not to_page.startswith("/") and not from_page.startswith("/"))
    assert rel(from_page, to_page) == posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="\\`*_{}[]()!|<>&~^=$#+-.:0 9a\t\n"))
def test_card_text_has_every_markdown_character_as_a_reference(value: str) -> None:
    from learnshelf.model.mdtext import text

    flat = " ".join(value.split())
    expected = "".join(f"&#{ord(c)};" if c in "\\`*_{}[]()!|<>&~^=$#" else c for c in flat)
    if expected and expected[0] in "#+-.:>0123456789":  # these mean something at the start of a line
        expected = f"&#{ord(expected[0])};{expected[1:]}"
    assert text(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["index", "a", "b", "page-2"]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["index", "a", "b", "page-2"]), min_size=1, max_size=4), st.booleans())
def test_links_in_our_html_are_the_urls_mkdocs_writes_for_md_links(here: list[str], there: list[str],
                                                                   directory_urls: bool) -> None:
    """MkDocs rewrites ``.md`` links in Markdown, not in HTML: the lists we write as HTML hold
    the relative URL MkDocs would have written, with and without directory URLs."""
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    from learnshelf.model.routes import href

    def file(parts: list[str]) -> File:
        return File("/".join(parts) + ".md", "/docs", "/site", directory_urls)

    source, target = file(here), file(there)
    assert href(source.src_uri, target.src_uri, directory_urls) == get_relative_url(target.url, source.url)


def test_a_card_url_with_brackets_stays_one_link_whatever_the_body_defines(project_copy: Path, tmp_path: Path) -> None:
    """Markdown reads [x] in a line of HTML before it sets the tag aside: with a reference
    definition [x] in the card's body, the button's address would get a link written into it."""
    from html.parser import HTMLParser

    card = project_copy / "docs" / "resources" / "people" / "giving-feedback.md"
    url = "https://en.wikipedia.org/wiki/Feedback_[x]!"
    card.write_text(card.read_text().replace("https://en.wikipedia.org/wiki/360-degree_feedback", url)
                    + "\nRead [x] first.\n\n[x]: https://en.wikipedia.org/wiki/Feedback\n")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    buttons: list[str | None] = []

    class Buttons(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a" and "ls-open" in (dict(attrs).get("class") or ""):
                buttons.append(dict(attrs).get("href"))

    Buttons().feed((tmp_path / "site" / "resources" / "people" / "giving-feedback" / "index.html").read_text())
    assert buttons == [url]
