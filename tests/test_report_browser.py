"""The Curator report page in a real headless Chromium: the pictures are there, each with its text
alternative and data table, the summary fits the first screen, and axe finds nothing serious."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from test_browser import AXE, base_url, browser, page  # noqa: F401  (fixtures: the served site, Chromium)
from test_site import repository_site  # noqa: F401  (session fixture: the built site)

from learnshelf.model.routes import REPORT, page_url


def test_the_report_page_shows_the_heatmap_and_charts_with_text_alternatives(page: Page, base_url: str) -> None:  # noqa: F811
    from conftest import REPO

    from learnshelf.load.taxonomy import load_taxonomy

    taxonomy, _ = load_taxonomy(REPO / "curation")
    page.goto(base_url + page_url(REPORT))
    heatmap = page.locator("#ls-fig-heatmap table.ls-heatmap")
    expect(heatmap).to_be_visible()
    assert heatmap.locator("tbody tr").count() == len(taxonomy.topics.terms)
    heads = heatmap.locator("thead th").all_inner_texts()
    assert heads[:3] == ["Topic", "Core (every role)", "Any role"]
    assert heads[3:] == [t.label for t in taxonomy.roles.terms.values()]
    described = heatmap.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").inner_text().startswith(
        f"Cards tagged for each of {len(taxonomy.roles.terms)} roles on each of {len(taxonomy.topics.terms)} topics")
    charts = page.locator("figure.ls-figure svg[role=img]")
    assert charts.count() == 2  # review age, cards added per month
    for n in range(charts.count()):
        label = charts.nth(n).get_attribute("aria-labelledby")
        assert label and len(page.locator(f"#{label}").inner_text()) > 40
        assert charts.nth(n).locator("rect").count() > 1
    assert page.locator("#ls-alt-ages").inner_text().startswith("Published cards by time since their last review:")
    for name in ("ages", "added", "types", "languages"):
        figure = page.locator(f"#ls-fig-{name}")
        figure.locator("details summary").click()
        expect(figure.locator("details table")).to_be_visible()
        assert figure.locator("details table tbody tr").count() >= 1


def test_the_summary_fits_the_first_screen(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(base_url + page_url(REPORT))
    summary = page.locator("h2#summary + ul")
    expect(summary).to_be_visible()
    box = summary.bounding_box()
    assert box and box["y"] + box["height"] <= (page.viewport_size or {"height": 0})["height"]


def test_the_report_page_has_no_serious_accessibility_violation_nor_console_error(page: Page, base_url: str) -> None:  # noqa: F811
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + page_url(REPORT))
    page.wait_for_load_state("networkidle")
    assert errors == []
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.nodes.length])")
    assert [v for v in found if v[1] in ("serious", "critical")] == []
