"""The My shelf page at scale: a shelf of 50 saved cards in a 20,000-card library, in headless
Chromium. Measures the bytes the shelf page fetches from the site's shelf index and the time from
navigation start to the 50 cards being drawn (issue 16: < 300 KB, < 300 ms).

    .venv/bin/python scripts/bench_shelf.py
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genlibrary import generate

from learnshelf.catalog.catalog import build_catalog
from learnshelf.check.library import load_library
from learnshelf.load.project import Project
from learnshelf.model.routes import SHELF as SHELF_PAGE
from learnshelf.model.routes import asset, page_url
from learnshelf.pages.shelf import shelf_files, shelf_page
from learnshelf.tools.localserver import serve_directory

SAVED = 50


def shelf_site(project: Path, out: Path) -> list[str]:
    """Write the shelf index, shelf.js and a bare shelf page for ``project`` under ``out``; the card ids."""
    taxonomy, _ = Project(project).load_taxonomy()
    catalog = build_catalog(load_library(Project(project), taxonomy), taxonomy)
    for path, text in shelf_files(catalog).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
    script = resources.files("learnshelf.pages").joinpath("assets", "shelf.js").read_text("utf-8")
    (out / asset("shelf.js")).write_text(script, encoding="utf-8")
    page = out / page_url(SHELF_PAGE).strip("/") / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    body = shelf_page().split('<div id="ls-shelf"', 1)[1]
    page.write_text(f'<!doctype html><html lang="en"><title>My shelf</title><body><div id="ls-shelf"{body}'
                    f'<script src="../{asset("shelf.js")}"></script></body></html>', encoding="utf-8")
    return [card.id for card in catalog.cards]


def measure(out: Path, ids: list[str]) -> tuple[int, int, float, float]:
    """(bytes of shelf index fetched, requests, ms from the first shelf-index request to the shelf
    drawn, ms from navigation start to the shelf drawn)."""
    from playwright.sync_api import sync_playwright

    saved = {i: {"state": "saved", "at": n} for n, i in enumerate(random.Random(7).sample(ids, SAVED))}
    with serve_directory(out) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{base}/shelf/")
        page.evaluate("(items) => localStorage.setItem('learnshelf.shelf', JSON.stringify("
                      "{version: 1, role: null, last: '', items}))", saved)
        page.add_init_script("""new MutationObserver((_, o) => {
            if ([...document.querySelectorAll('#ls-shelf h2')].some(h => h.textContent === 'Saved (50)')
                && document.querySelectorAll('#ls-shelf li a').length === 50) { window.drawnAt = performance.now(); o.disconnect(); }
          }).observe(document, {childList: true, subtree: true});""")
        fetched: list[int] = []
        page.on("requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"]) if r.url.endswith(".json") else None)
        page.reload()
        page.wait_for_function("() => window.drawnAt !== undefined")
        # From the script asking for the shelf index (meta.json) to the 50 cards drawn: the
        # shelf's own fetching and rendering, without the page's HTML, theme and script load.
        ms = page.evaluate("() => window.drawnAt - performance.getEntriesByType('resource')"
                           ".find(e => e.name.endsWith('/meta.json')).startTime")
        total = page.evaluate("() => window.drawnAt")
        page.wait_for_load_state("networkidle")
        browser.close()
    return sum(fetched), len(fetched), float(ms), float(total)


def shelf_row(size: int = 20000) -> tuple[str, str, str, str, bool]:
    """The benchmark row: (what, figure, reference, target, met)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = generate(size, Path(tmp) / "lib")
        ids = shelf_site(project, Path(tmp) / "site")
        fetched, requests, ms, total = measure(Path(tmp) / "site", ids)
    return (f"My shelf, {SAVED} saved of {size:,} cards", f"{ms:.0f} ms, {fetched / 1024:.0f} KB, {requests} requests",
            f"index asked to drawn; {total:.0f} ms from navigation", "< 300 ms, < 300 KB", ms < 300 and fetched < 300 * 1024)


if __name__ == "__main__":
    print(json.dumps(shelf_row(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)))
