"""The published site as a person uses it, in a real headless Chromium (Debian's), against the
repository's own site built by the real MkDocs and served on 127.0.0.1."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, serve_directory
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_site import repository_site  # noqa: F401  (session fixture: the built site)

from learnshelf.check.library import load_library
from learnshelf.load.project import Project
from learnshelf.model.routes import card_page, page_url, search_stub
from learnshelf.tools.localserver import QuietHandler

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def base_url(repository_site: Path) -> Iterator[str]:  # noqa: F811
    with serve_directory(repository_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium (.ci/run does it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Only our own server exists here: every other request is refused, never sent.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def library() -> Any:
    project = Project(REPO)
    taxonomy, _ = project.load_taxonomy()
    return load_library(project, taxonomy)


def results(page: Page) -> list[str]:
    page.wait_for_selector("#ls-search[data-ready=true]")
    page.wait_for_selector(".ls-count")
    page.wait_for_selector("#ls-search[data-counts=shown]")  # facet counts come after the results
    return page.locator(".ls-result h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_search_by_a_synonym_finds_the_card(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/")
    page.wait_for_selector("#ls-search[data-ready=true]")
    page.fill("#ls-q", "induction")
    expect(page.locator(".ls-count")).to_be_visible()
    found = results(page)
    assert any("/resources/onboarding/" in href for href in found), found


def test_typing_letter_by_letter_ends_with_the_results_of_the_whole_word(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/?q=induction")
    direct = results(page)
    page.goto(f"{base_url}/search/")
    page.wait_for_selector("#ls-search[data-ready=true]")
    page.type("#ls-q", "induction", delay=15)  # faster than a search: later letters wait and merge
    expect(page).to_have_url(re.compile(r"\?q=induction$"))
    page.wait_for_function("() => document.querySelector('#ls-search').dataset.counts === 'shown'")
    assert results(page) == direct


@pytest.mark.parametrize("typo, word", [("feedbak", "feedback"), ("gdrp", "gdpr"), ("onbaording", "onboarding")])
def test_a_typo_is_corrected_from_the_indexed_words(page: Page, base_url: str, typo: str, word: str) -> None:
    page.goto(f"{base_url}/search/?q={word}")
    intended = results(page)
    page.goto(f"{base_url}/search/?q={typo}")
    found = results(page)
    assert page.locator(".ls-note").inner_text() == f"Showing results for {word}. Search instead for {typo}."
    assert found == intended


def test_a_one_letter_query_does_not_list_the_whole_library(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/?q=c")
    page.wait_for_selector("#ls-search[data-ready=true]")
    expect(page.locator(".ls-hint")).to_have_text("Type one more letter to search.")
    expect(page.locator(".ls-result")).to_have_count(0)


def test_search_instead_searches_the_query_as_typed(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/?q=feedbak")
    results(page)
    page.click(".ls-instead")
    expect(page.locator(".ls-note")).to_have_count(0)
    expect(page.locator("#ls-q")).to_have_value("feedbak")


def test_header_search_on_a_card_and_a_listing_page_opens_the_search(page: Page, base_url: str, library: Any) -> None:
    card = library.cards[0]
    for address in (f"{base_url}{page_url(card_page(card))}", f"{base_url}/library/"):
        page.goto(address)
        page.keyboard.press("/")
        expect(page.locator("#ls-header-q")).to_be_focused()
        page.keyboard.type("feedback")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q=feedback$"))
        assert results(page)


def test_on_a_phone_results_come_first_and_filters_open_from_a_button(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    phone = context.new_page()
    phone.goto(f"{base_url}/search/?q=feedback&type=Guide")
    results(phone)
    first = phone.locator(".ls-result").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 20 < 844, "the first result is visible without scrolling"
    expect(phone.locator(".ls-facets")).to_be_hidden()
    toggle = phone.locator(".ls-filters-toggle")
    expect(toggle).to_have_text("Filters (1 active)")
    toggle.click()
    expect(phone.locator(".ls-facets")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    context.close()


def test_on_a_wide_screen_the_filters_stand_beside_the_results_without_a_button(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/?q=feedback&type=Guide")  # the page fixture is 1280 px wide
    results(page)
    expect(page.locator(".ls-facets")).to_be_visible()
    expect(page.locator(".ls-filters-toggle")).to_be_hidden()  # a button that opens what is open is noise
    facets, first = page.locator(".ls-facets").bounding_box(), page.locator(".ls-result").first.bounding_box()
    assert facets is not None and first is not None and facets["x"] + facets["width"] <= first["x"]


def test_each_result_carries_its_card_id_and_language(page: Page, base_url: str, library: Any) -> None:
    page.goto(f"{base_url}/search/?q=feedback")
    results(page)
    by_id = {c.id: c for c in library.cards}
    items = page.locator(".ls-result").evaluate_all(
        "items => items.map(i => [i.dataset.cardId, i.querySelector('h2 a').lang, i.querySelector('.ls-result-summary').lang])")
    assert items
    for card_id, title_lang, summary_lang in items:
        assert title_lang == summary_lang == by_id[card_id].language


def test_facet_filter_narrows_and_survives_a_reload(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/")
    page.wait_for_selector("#ls-search[data-ready=true]")
    page.fill("#ls-q", "feedback")
    everything = results(page)
    page.get_by_label(re.compile(r"^Guide \(\d+\)$")).check()
    expect(page).to_have_url(re.compile(r"type=Guide"))
    page.wait_for_function("() => document.querySelectorAll('.ls-result-facts').length > 0 && "
                           "[...document.querySelectorAll('.ls-result-facts')].every(p => p.textContent.startsWith('Guide'))")
    narrowed = results(page)
    assert 0 < len(narrowed) < len(everything)
    page.reload()
    assert results(page) == narrowed
    assert page.get_by_label(re.compile(r"^Guide \(\d+\)$")).is_checked()
    assert page.input_value("#ls-q") == "feedback"


def test_every_role_page_lists_every_core_card(page: Page, base_url: str, library: Any) -> None:
    core = {page_url(card_page(c)) for c in library.cards if c.core}
    assert core
    for role in Project(REPO).load_taxonomy()[0].roles.terms:
        page.goto(f"{base_url}/roles/{role}/")
        section = page.locator("h2#core-for-everyone + p + ul a")
        hrefs = {re.sub(r"^(\.\./)+", "/", h) for h in section.evaluate_all("as => as.map(a => a.getAttribute('href'))")}
        assert hrefs == core, role


def test_card_page_shows_facts_and_a_working_open_link(page: Page, base_url: str, library: Any) -> None:
    card = next(c for c in library.cards if c.id == "grow-coaching-model")
    page.goto(base_url + page_url(card_page(card)))
    chips = page.locator(".ls-chip").all_inner_texts()
    assert chips[:4] == ["Article", "Introductory", "15 min", "Free"]
    opened: list[str] = []
    page.context.route(card.url, lambda route: (opened.append(route.request.url),
                                                route.fulfill(status=200, body="the resource")))
    page.get_by_role("link", name="Open resource").click()
    page.wait_for_url(card.url)
    assert opened == [card.url]


MAIN_PAGES = ["/", "/search/?q=feedback", "/topics/", "/topics/leadership/", "/roles/", "/roles/designer/",
              "/pathways/new-starter/", "/library/", "/new/", "/contributors/",
              "/resources/leadership/grow-coaching-model/", "/contributing/"]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_no_console_errors(page: Page, base_url: str, path: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert errors == []


@pytest.mark.parametrize("path", ["/", "/roles/designer/", "/resources/leadership/grow-coaching-model/",
                                  "/search/?q=feedback&type=Guide"])
def test_no_serious_accessibility_violations(page: Page, base_url: str, path: str) -> None:
    assert AXE.is_file(), "axe-core is installed by scripts/dev test from the npm registry"
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("/search/"):
        results(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.nodes.length])")
    assert [v for v in found if v[1] in ("serious", "critical")] == []


def test_the_search_page_has_no_accessibility_violation_of_moderate_impact(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search/?q=feedback&type=Guide")
    results(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.nodes.length])")
    assert [v for v in found if v[1] in ("moderate", "serious", "critical")] == []


@pytest.fixture(scope="module")
def parted_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's site with its search index in parts of 10 cards, as a large library has."""
    from test_site import mkdocs_build

    project = tmp_path_factory.mktemp("parted")
    for folder in ("docs", "curation"):
        shutil.copytree(REPO / folder, project / folder)
    config = (REPO / "mkdocs.yml").read_text()
    assert "\n  - learnshelf\n" in config
    (project / "mkdocs.yml").write_text(config.replace("\n  - learnshelf\n", "\n  - learnshelf:\n      search_part_size: 10\n"))
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    index = project / "site" / "pagefind"
    assert (index / "part-2" / "pagefind-entry.json").is_file()
    # Pagefind's WebAssembly is in one place, the language's stub, whichever part a Pagefind searches.
    assert {p.parent for p in index.rglob("wasm.*")} == {index / search_stub("en")}
    with serve_directory(project / "site", Recorded) as url:
        yield url


class Recorded(QuietHandler):
    """Static files, noting each path asked for in ``asked``."""

    asked: list[str] = []

    def send_head(self) -> Any:
        Recorded.asked.append(self.path)
        return super().send_head()


def result_titles(page: Page) -> list[str]:
    results(page)
    while page.locator(".ls-results button", has_text="Show more").count():
        shown = page.locator(".ls-result").count()
        page.locator(".ls-results button", has_text="Show more").click()
        page.wait_for_function(f"() => document.querySelectorAll('.ls-result').length > {shown}")
    page.wait_for_selector("#ls-search[data-counts=shown]")  # the facets are read next: their counts, not pending
    return page.locator(".ls-result h2 a").all_inner_texts()


@pytest.mark.parametrize("query", ["feedback", "induction", "cost=Free", "q=team&role=Designer", "coaching", "onboard",
                                   "team feedback", "feedbak", "q=learning&type=Guide"])
def test_a_search_over_index_parts_finds_what_one_index_finds(page: Page, base_url: str, parted_base_url: str,
                                                                query: str) -> None:
    query = query if "=" in query else f"q={query}"
    page.goto(f"{base_url}/search/?{query}")
    whole = result_titles(page)
    whole_facets = page.locator(".ls-facet label").all_inner_texts()
    page.goto(f"{parted_base_url}/search/?{query}")
    parted = result_titles(page)
    assert len(whole) > 1
    assert sorted(parted) == sorted(whole)  # the same cards (ranking may differ slightly per part)
    assert page.locator(".ls-facet label").all_inner_texts() == whole_facets  # the same counts


def test_a_query_fetches_the_index_of_the_parts_that_can_answer_it_only(page: Page, parted_base_url: str,
                                                                          library: Any) -> None:
    # A word of one card's title: one part holds it, and only that part's index is read.
    word = "pomodoro"
    [card] = [c for c in library.cards if word in f"{c.title} {c.summary} {c.body}".lower()]
    page.goto(f"{parted_base_url}/search/")
    page.wait_for_selector("#ls-search[data-ready=true]")
    page.wait_for_load_state("networkidle")
    Recorded.asked.clear()
    page.fill("#ls-q", word)
    assert result_titles(page) == [card.title]
    page.wait_for_load_state("networkidle")
    parts = {path.rsplit("/index/", 1)[0] for path in Recorded.asked
             if path.endswith(".pf_index") and f"/{search_stub('en')}" not in path}  # the stub holds no card
    assert len(parts) == 1, Recorded.asked


def test_the_counts_shown_before_a_search_are_the_cards_each_filter_finds(page: Page, parted_base_url: str) -> None:
    """The library-wide counts come with the page (the build writes them, so opening it starts no
    Pagefind to count): each value's count must be the number of cards Pagefind finds when that
    filter alone is ticked, over every part of the index."""
    page.goto(f"{parted_base_url}/search/")
    page.wait_for_selector("#ls-search[data-ready=true]")
    shown = page.locator(".ls-facet-option").evaluate_all(
        "rows => rows.map(r => [r.querySelector('input').dataset.facet, r.querySelector('input').value,"
        " Number(r.querySelector('.ls-facet-count').textContent.replace(/[^0-9]/g, ''))])")
    assert {facet for facet, _, _ in shown} >= {"type", "topic", "role", "language", "cost"}
    assert len(shown) > 40
    found = []
    for facet, value, _ in shown:
        box = page.locator(f'.ls-facets input[data-facet="{facet}"][value="{value}"]')
        toggle = "box => { box.checked = !box.checked; box.dispatchEvent(new Event('change', {bubbles: true})); }"
        box.evaluate(toggle)
        page.wait_for_selector("#ls-search[data-counts=shown] .ls-count")
        count = page.locator(".ls-count").inner_text()
        found.append((facet, value, int(count.split()[0])))
        page.locator(f'.ls-facets input[data-facet="{facet}"][value="{value}"]').evaluate(toggle)
        page.wait_for_selector(".ls-hint")
    assert found == [(facet, value, count) for facet, value, count in shown]


def test_filtered_results_without_a_query_are_in_title_order_across_parts(page: Page, parted_base_url: str,
                                                                            library: Any) -> None:
    page.goto(f"{parted_base_url}/search/?cost=Free")
    titles = result_titles(page)
    free = [c for c in library.cards if c.cost == "free" and c.status == "published"]
    assert len(free) > 20, "the example must span several parts and the 'Show more' button"
    assert titles == [c.title for c in sorted(free, key=lambda c: (c.title.casefold(), c.id))]


def test_notes_from_colleagues_on_a_course_card_and_its_topic_page(page: Page, base_url: str, library: Any) -> None:
    course = next(c for c in library.cards if c.id == "learning-how-to-learn-course")
    note = next(c for c in library.cards if c.id == "notes-learning-how-to-learn-course")
    assert course.type == "course" and note.type == "learning-note" and course.id in note.related
    page.goto(base_url + page_url(card_page(course)))
    notes = page.locator("h2", has_text="Notes from colleagues")
    expect(notes).to_be_visible()
    item = page.locator(".ls-notes li", has_text=note.title)
    expect(item).to_contain_text(f"shared by {note.contributor}")
    share = page.get_by_role("link", name="Share what you learned")
    assert (share.get_attribute("href") or "").endswith("contributing/")  # no repo_url: the guide
    item.get_by_role("link", name=note.title).click()
    page.wait_for_url(base_url + page_url(card_page(note)))
    expect(page.locator("h1")).to_contain_text(note.title)
    # The note's topic page lists it among the notes.
    page.goto(base_url + page_url(f"topics/{note.topics[0]}/index.md"))
    expect(page.locator("h2", has_text="Notes from colleagues")).to_be_visible()
    expect(page.locator(".ls-notes li", has_text=note.title)).to_be_visible()
