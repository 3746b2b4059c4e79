"""Take the README screenshots from a built site: the home page, a filtered search, My shelf and
the Curator report with its heatmap.

    .venv/bin/mkdocs build -d site && .venv/bin/python scripts/screenshots.py site
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from learnshelf.tools.localserver import serve_directory

ASSETS = Path(__file__).resolve().parent.parent / "docs" / "assets"


def main(site: Path) -> None:
    with serve_directory(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/")
        page.screenshot(path=str(ASSETS / "screenshot-home.png"))
        page.goto(f"{base}/search/?q=feedback&type=Guide")
        page.wait_for_selector(".ls-count")
        page.wait_for_selector(".ls-facets:not([data-pending])")  # the counts of these results, not "Counting..."
        page.screenshot(path=str(ASSETS / "screenshot-search.png"))
        items = {"grow-coaching-model": {"state": "done", "at": 1}, "become-a-mentor": {"state": "in-progress", "at": 2},
                 "how-to-run-a-good-one-to-one": {"state": "saved", "at": 3}}
        page.goto(f"{base}/shelf/")
        page.evaluate("(items) => localStorage.setItem('learnshelf.shelf', JSON.stringify("
                      "{version: 1, role: 'people-manager', last: 'become-a-mentor', items}))", items)
        page.reload()
        page.wait_for_selector("#ls-shelf .ls-shelf-button")
        page.screenshot(path=str(ASSETS / "screenshot-shelf.png"), full_page=True)
        page.goto(f"{base}/curating/report/")
        page.evaluate("() => window.scrollTo(0, document.querySelector('#pictures-of-the-library').offsetTop - 60)")
        page.wait_for_timeout(600)  # the header's title fades to the page's as it scrolls
        page.screenshot(path=str(ASSETS / "screenshot-report.png"))
        browser.close()
    print(f"wrote {ASSETS / 'screenshot-home.png'}, {ASSETS / 'screenshot-search.png'}, {ASSETS / 'screenshot-shelf.png'} "
          f"and {ASSETS / 'screenshot-report.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
