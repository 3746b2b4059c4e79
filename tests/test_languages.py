"""Each card speaks its own language on the site: ``lang`` (and ``dir="rtl"`` for right-to-left
languages) on its title and summary on the card page, in listings and in the feed, and the
language in words on the card page; checked in the real MkDocs build and real Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, serve_directory
from playwright.sync_api import Page
from test_browser import browser, page  # noqa: F401  (fixtures: Debian's Chromium, a fresh page)
from test_site import mkdocs_build

from learnshelf.model.languages import is_rtl, language_name

PERSIAN = """---
title: نامه\u200cنگاری اداری
type: article
url: https://example.org/languages/fa
summary: \u200fراهنمای عملی نامه\u200cنگاری اداری برای کارمندان تازه\u200cوارد
topics: [onboarding]
language: fa
contributor: tester
added: 2026-04-01
---
A body of the card's own.
"""
JAPANESE = PERSIAN.replace("نامه\u200cنگاری اداری", "フィードバック入門", 1).replace(
    "\u200fراهنمای عملی نامه\u200cنگاری اداری برای کارمندان تازه\u200cوارد",
    "チームで建設的なフィードバックを伝えるための実践的なガイドです。").replace("language: fa", "language: ja").replace(
    "languages/fa", "languages/ja")


def test_language_names_and_directions_come_from_cldr() -> None:
    assert [language_name(t) for t in ("ja", "fa", "pt-BR", "km")] == ["Japanese", "Persian", "Portuguese (Brazil)", "Khmer"]
    assert [is_rtl(t) for t in ("ar", "fa", "he", "ur", "ja", "en", "hi")] == [True] * 4 + [False] * 3
    assert language_name("x-unknown") == "x-unknown" and not is_rtl("x-unknown")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("languages") / "project"
    shutil.copytree(EXAMPLES / "project", project)
    (project / "docs" / "resources" / "nameh-negari.md").write_text(PERSIAN, encoding="utf-8")
    (project / "docs" / "resources" / "feedback-nyumon.md").write_text(JAPANESE, encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


def test_the_feed_marks_each_entry_with_its_language(site: Path) -> None:
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert '<entry xml:lang="fa">\n    <title>نامه\u200cنگاری اداری</title>' in feed
    assert '<entry xml:lang="ja">' in feed and '<entry xml:lang="en">' in feed


def test_a_persian_card_page_is_persian_and_right_to_left_in_chromium(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/resources/nameh-negari/")
    title = page.locator("h1 span[lang]")
    assert title.get_attribute("lang") == "fa" and title.get_attribute("dir") == "rtl"
    assert title.evaluate("e => getComputedStyle(e).direction") == "rtl"
    summary = page.locator("p.ls-summary")
    assert summary.get_attribute("lang") == "fa" and summary.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # Laid out right to left: the first letter of the title is drawn to the right of the last.
    first_x, last_x = title.evaluate("""e => {
        const text = e.firstChild, range = document.createRange(), at = i => {
            range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect().left; };
        return [at(0), at(text.length - 1)]; }""")
    assert first_x > last_x
    assert "Persian" in page.locator(".ls-chips").inner_text()


def test_listings_give_each_title_and_summary_its_language(page: Page, base_url: str) -> None:  # noqa: F811
    page.goto(f"{base_url}/topics/onboarding/")
    persian = page.locator("li", has_text="نامه\u200cنگاری اداری")
    assert persian.locator("strong").get_attribute("lang") == "fa"
    assert persian.locator("span[lang=fa]").evaluate("e => getComputedStyle(e).direction") == "rtl"
    japanese = page.locator("li", has_text="フィードバック入門")
    assert japanese.locator("strong").get_attribute("lang") == "ja" and japanese.locator("strong").get_attribute("dir") is None
    page.goto(f"{base_url}/resources/feedback-nyumon/")
    assert page.locator("h1 span").get_attribute("lang") == "ja" and "Japanese" in page.locator(".ls-chips").inner_text()

