"""My shelf (issue 16) in a real headless Chromium, against the repository's own built site:
Save and Done from card pages, listings and search results; export, clear, import; pathway
progress; retired and removed cards; hostile storage and import files; role choice."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from test_browser import AXE, base_url, browser, library, page, results  # noqa: F401  (fixtures)
from test_site import repository_site  # noqa: F401  (session fixture: the built site)

from learnshelf.model.routes import card_page, page_url

KEY = "learnshelf.shelf"


def stored(page: Page) -> Any:  # noqa: F811
    return json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')") or "null")


def shelf_titles(page: Page, heading: str) -> list[str]:  # noqa: F811
    page.wait_for_selector("#ls-shelf h2")
    section = page.locator(f"#ls-shelf h2:text-matches('^{heading} ') + ul li strong")
    return section.all_inner_texts()


def test_save_from_a_card_page_a_listing_and_search_then_export_clear_import(page: Page, base_url: str,  # noqa: F811
                                                                             library: Any, tmp_path: Path) -> None:  # noqa: F811
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    card = next(c for c in library.cards if c.id == "grow-coaching-model")
    page.goto(base_url + page_url(card_page(card)))
    page.get_by_role("button", name=f"Save {card.title}").click()
    expect(page.get_by_role("button", name=f"Save {card.title}")).to_have_attribute("aria-pressed", "true")
    page.goto(base_url + "/")  # a listing: the core curriculum
    first = page.locator("ul.ls-list li[data-card-id]").first
    listed = first.get_attribute("data-card-id")
    first.get_by_role("button", name=re.compile("^Save ")).click()
    page.goto(f"{base_url}/search/?q=feedback")
    results(page)
    hit = page.locator(".ls-result[data-card-id]").filter(has_not=page.locator(f"[data-card-id='{listed}']")).first
    found = hit.get_attribute("data-card-id")
    hit.get_by_role("button", name=re.compile("^Save ")).focus()
    page.keyboard.press("Enter")  # keyboard only
    expect(hit.get_by_role("button", name=re.compile("^Save "))).to_have_attribute("aria-pressed", "true")
    assert set(stored(page)["items"]) == {card.id, listed, found}
    page.goto(f"{base_url}/shelf/")
    page.locator("#ls-shelf li[data-card-id='grow-coaching-model']").get_by_role("button", name=re.compile("^Done")).click()
    expect(page.locator("#ls-shelf h2", has_text="Done (1)")).to_be_visible()
    assert shelf_titles(page, "Done") == [card.title]
    before = stored(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export shelf (JSON)").click()
    exported = tmp_path / "shelf.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text()) == before
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear everything").click()
    expect(page.locator("#ls-shelf h2", has_text="Saved (0)")).to_be_visible()
    assert stored(page) is None
    page.set_input_files("#ls-shelf-import", str(exported))
    expect(page.locator("#ls-shelf-notice")).to_contain_text("Imported 3 entries")
    assert stored(page) == before
    page.reload()
    expect(page.locator("#ls-shelf h2", has_text="Done (1)")).to_be_visible()
    assert outside == []


def test_pathway_progress_persists_and_continue_goes_to_the_next_undone_step(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/shelf/")
    steps = page.evaluate("() => fetch('../assets/learnshelf/shelf/meta.json').then(r => r.json())"
                          ".then(m => m.pathways.find(p => p.id === 'first-time-people-manager').steps)")
    items = {steps[0]: {"state": "done", "at": 1}, steps[1]: {"state": "saved", "at": 2}}
    page.evaluate(f"() => localStorage.setItem('{KEY}', JSON.stringify({{version: 1, role: null, last: '', "
                  f"items: {json.dumps(items)}}}))")
    page.reload()
    expect(page.locator("#ls-shelf")).to_contain_text(f"1 of {len(steps)} steps")
    assert page.locator("#ls-shelf progress").first.get_attribute("value") == "1"
    page.get_by_role("link", name=re.compile("^Continue: ")).first.click()
    expect(page.locator(f".ls-shelf-controls[data-card-id='{steps[1]}']")).to_have_count(1)


def test_a_removed_card_says_so_and_a_retired_card_shows_its_replacement(page: Page, base_url: str) -> None:  # noqa: F811
    def retire(route: Any) -> None:
        part = route.fetch().json()
        if "grow-coaching-model" in part:
            part["grow-coaching-model"][3:5] = ["retired", "become-a-mentor"]
        route.fulfill(json=part)

    page.route(re.compile(r"/assets/learnshelf/shelf/\d+\.json$"), retire)
    page.goto(f"{base_url}/shelf/")
    items = {"no-such-card": {"state": "saved", "at": 1}, "grow-coaching-model": {"state": "saved", "at": 2}}
    page.evaluate(f"() => localStorage.setItem('{KEY}', JSON.stringify({{version: 1, role: null, last: '', "
                  f"items: {json.dumps(items)}}}))")
    page.reload()
    gone = page.locator("#ls-shelf li[data-card-id='no-such-card']")
    expect(gone).to_contain_text("no longer exists")
    expect(page.locator("#ls-shelf li[data-card-id='grow-coaching-model']")).to_contain_text("Retired. Use Becoming a mentor instead.")
    page.reload()
    expect(gone).to_contain_text("no longer exists")  # it stays until the learner removes it
    gone.get_by_role("button", name="Remove no-such-card from the shelf").click()
    expect(gone).to_have_count(0)
    assert "no-such-card" not in stored(page)["items"]


HOSTILE = '<img src=x onerror="window.pwned=1">'


def test_hostile_storage_and_import_files_are_refused_with_a_message_never_rendered(page: Page, base_url: str,  # noqa: F811
                                                                                     tmp_path: Path) -> None:
    page.goto(f"{base_url}/shelf/")
    bad = {"version": 1, "role": "javascript:alert(1)", "last": HOSTILE,
           "items": {HOSTILE: {"state": "saved"}, "grow-coaching-model": {"state": "<b>done</b>"}}}
    page.evaluate(f"() => localStorage.setItem('{KEY}', {json.dumps(json.dumps(bad))})")
    page.reload()
    expect(page.locator("#ls-shelf-notice")).to_have_text("2 stored shelf entries were not valid and were ignored.")
    expect(page.locator("#ls-shelf h2", has_text="Saved (0)")).to_be_visible()
    cases = {"wrong.json": ("{not json", "That file is not JSON, so nothing was imported."),
             "other.json": ('{"cards": []}', "That file is not a Learnshelf shelf export (version 1), so nothing was imported."),
             "big.json": (" " * (10 * 1024 * 1024 + 1), "That file is larger than 10 MB, so it was not imported."),
             "hostile.json": (json.dumps({"version": 1, "role": None, "last": "",
                                          "items": {"javascript:alert(1)": {"state": "saved"},
                                                    "become-a-mentor": {"state": "saved"}}}),
                              "Imported 1 entries (1 new or further along). Refused 1 invalid entries: javascript:alert(1)")}
    for name, (text, message) in cases.items():
        (tmp_path / name).write_text(text)
        page.set_input_files("#ls-shelf-import", str(tmp_path / name))
        expect(page.locator("#ls-shelf-notice")).to_have_text(message)
    assert page.locator("#ls-shelf img").count() == 0 and page.evaluate("() => window.pwned") is None
    assert list(stored(page)["items"]) == ["become-a-mentor"]


def test_full_storage_gives_a_message_and_the_page_keeps_working(page: Page, base_url: str) -> None:  # noqa: F811
    page.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }")
    page.goto(f"{base_url}/resources/leadership/grow-coaching-model/")
    page.get_by_role("button", name=re.compile("^Save ")).click()
    expect(page.locator("#ls-shelf-notice")).to_contain_text("not letting the site store your shelf")
    expect(page.get_by_role("link", name="Open resource")).to_be_visible()


def test_the_role_choice_is_remembered_and_only_orders(page: Page, base_url: str, library: Any) -> None:  # noqa: F811
    page.goto(base_url + "/")
    before = set(page.locator("article a[href]").evaluate_all("as => as.map(a => a.getAttribute('href'))"))
    page.select_option("#ls-role-select", "designer")
    page.get_by_role("button", name="Remember my role").click()
    page.reload()
    expect(page.locator(".ls-role-line")).to_have_text("Showing: Designer · change · see everything")
    expect(page.locator("li.ls-mine")).to_contain_text("Designer")
    after = set(page.locator("article a[href]").evaluate_all("as => as.map(a => a.getAttribute('href'))"))
    assert before <= after
    core = {page_url(card_page(c))[1:] for c in library.cards if c.core}
    assert core <= after
    page.get_by_role("button", name="change").click()
    page.select_option("#ls-role-select", "")
    page.get_by_role("button", name="Remember my role").click()
    expect(page.locator(".ls-role-line")).to_have_text("Showing: No role · change · see everything")


def test_without_javascript_the_controls_are_absent(browser: Any, base_url: str) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()  # noqa: F811
    page.goto(f"{base_url}/resources/leadership/grow-coaching-model/")
    assert page.locator("button").count() == 0
    assert page.get_by_role("link", name="Open resource").count() == 1
    context.close()


def test_no_serious_accessibility_violations_on_the_shelf_and_a_card_page(page: Page, base_url: str) -> None:  # noqa: F811
    for path in ("/resources/leadership/grow-coaching-model/", "/shelf/"):
        page.goto(base_url + path)
        if path == "/resources/leadership/grow-coaching-model/":
            page.get_by_role("button", name=re.compile("^Save ")).click()
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("[data-shelf]")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.nodes.length])")
        assert [v for v in found if v[1] in ("serious", "critical")] == [], path
