"""Search relevance and speed at scale: the judged multilingual queries (tests/search-judgements.yml)
on a generated library of 20,000 cards plus the multilingual test cards (tests/multilingual.py)
and the repository's own cards,
built with Learnshelf and searched in headless Chromium.

For each query, on a freshly opened search page (filters already in the URL, the page ready and
its background preparation done): the seconds from opening it to its being ready, the
milliseconds from the input event to the result count in the page, the bytes fetched for
the query (typo vocabulary included; also by kind of file: Pagefind index chunks, fragments,
filter chunks, typo vocabulary, other), and its first ten cards; then recall@10 per query class
(symbols: the intended cards in the top 3). Prints one JSON line; bench_all.py prints its rows.

    .venv/bin/python scripts/bench_search.py [cards]
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "tests"))
from bench_site import LEARNSHELF, build
from genlibrary import REPO, generate
from judged import TARGETS, judgements, recall_by_class
from multilingual import write_cards

from learnshelf.tools.localserver import QuietHandler, serve_directory

TIMED = """(query) => new Promise((resolve) => {
    const input = document.querySelector('#ls-q');
    const results = document.querySelector('.ls-results');
    const start = performance.now();
    new MutationObserver((_, observer) => {
      if (results.querySelector('.ls-count')) { observer.disconnect(); resolve(performance.now() - start); }
    }).observe(results, {childList: true, subtree: true});
    input.value = query;
    input.dispatchEvent(new Event('input', {bubbles: true}));
})"""


def kind(url: str) -> str:
    """What a fetched file is: a Pagefind index chunk, fragment or filter chunk, a typo
    vocabulary file, or other."""
    path = urllib.parse.urlparse(url).path
    for suffix, name in ((".pf_index", "index"), (".pf_fragment", "fragment"), (".pf_filter", "filter")):
        if path.endswith(suffix):
            return name
    return "vocabulary" if "/words/" in path else "other"


class Served(QuietHandler):
    """Static files, adding the bytes of each file served to ``SERVED`` by kind of file."""

    def copyfile(self, source: Any, outputfile: Any) -> None:
        body = source.read()
        with LOCK:
            SERVED[kind(self.path)] += len(body)
        outputfile.write(body)


#: Bytes served since the last reset, by kind of file (counted by the server: a browser reports
#: its workers' requests as events delivered between Playwright calls, so counting them in the
#: browser gave different figures from run to run).
SERVED: Counter[str] = Counter()
LOCK = threading.Lock()


def one_query(browser: Any, base: str, query: str) -> tuple[float, Counter[str], list[str], float]:
    """(ms to the first results, bytes fetched by kind of file, first ten card ids, seconds from
    opening the page to its being ready) for ``query`` typed into a search page already open
    (with the query's filters in its address)."""
    params = urllib.parse.parse_qs(query) if "=" in query else {"q": [query]}
    typed = params.pop("q", [""])[0]
    context = browser.new_context()
    page = context.new_page()
    opened = time.perf_counter()
    page.goto(f"{base}/search/?{urllib.parse.urlencode(params, doseq=True)}")
    page.wait_for_selector("#ls-search[data-ready=true]")
    ready = time.perf_counter() - opened
    page.wait_for_selector("#ls-search[data-counts=shown]")
    # What opening the page fetches is not the query's: the counting worker prepares in the
    # background after the page is ready (search.js), so that is waited for too.
    page.wait_for_selector("#ls-search[data-prepared=true]", timeout=120_000)
    page.wait_for_load_state("networkidle")
    with LOCK:
        SERVED.clear()
    ms = page.evaluate(TIMED, typed)
    # Shown counts come after the results, their fragments and the counting worker's fetches.
    page.wait_for_selector("#ls-search[data-counts=shown]")
    page.wait_for_load_state("networkidle")
    ids = page.locator(".ls-result").evaluate_all("items => items.map(i => i.dataset.cardId)")[:10]
    context.close()
    with LOCK:
        return ms, Counter(SERVED), ids, ready


def measure(size: int) -> dict[str, Any]:
    """Build the library and run every judged multilingual query on it."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        project = generate(size, Path(tmp) / "lib")
        write_cards(project / "docs" / "resources" / "multilingual")
        shutil.copytree(REPO / "docs" / "resources", project / "docs" / "resources" / "starter")  # judged too
        build(project, LEARNSHELF, Path(tmp) / "site")
        with serve_directory(Path(tmp) / "site", Served) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            runs = [(judged, one_query(browser, base, judged["q"])) for judged in judgements("multilingual")]
            browser.close()
    heaviest = max(runs, key=lambda run: run[1][1].total())
    return {"cards": size, "queries": len(runs),
            "recall": recall_by_class([(judged, ids) for judged, (_, _, ids, _) in runs]),
            "median_ms": statistics.median(ms for _, (ms, _, _, _) in runs),
            "max_ms": max(ms for _, (ms, _, _, _) in runs),
            "median_kb": statistics.median(b.total() for _, (_, b, _, _) in runs) / 1024,
            "max_kb": max(b.total() for _, (_, b, _, _) in runs) / 1024,
            "ready_s": statistics.median(ready for _, (_, _, _, ready) in runs),
            "slowest": max(runs, key=lambda run: run[1][0])[0]["q"],
            "largest": {"q": heaviest[0]["q"], **{name: round(b / 1024) for name, b in sorted(heaviest[1][1].items())}}}


def search_rows(size: int = 20000) -> list[tuple[str, str, str, str, bool]]:
    """The benchmark rows: (what, figure, reference, target, met)."""
    found = measure(size)
    recall = ", ".join(f"{name} {value:.2f}" for name, value in found["recall"].items())
    # Synonym queries are printed, not held to a target here (test_search_relevance holds them to
    # 1.0 on the starter and multilingual libraries): the generated library makes their judgement
    # meaningless. genlibrary.py draws titles from a word list holding "privacy" and "onboarding"
    # and tags cards with random topics, so at 20,000 cards 2,603 generated titles say "privacy"
    # (a title match, rightly ranked above the judged cards, which have it only in their topic's
    # synonyms), and 1,793 generated cards carry "induction" through the onboarding topic's
    # synonyms exactly as the judged ones do (241 of them with "onboarding" in the title too).
    met = all(value >= TARGETS[name] for name, value in found["recall"].items() if name != "synonym")
    where = f"{size:,} cards + multilingual"
    return [(f"search recall@10 per class, {size:,} cards", recall, f"{found['queries']} judged queries",
             "typo/cjk >= 0.9, symbol top 3 (synonym: ties)", met),
            (f"search first results, {size:,} cards", f"median {found['median_ms']:.0f} ms, max {found['max_ms']:.0f} ms",
             f"{where}; page ready median {found['ready_s']:.1f} s", "median <= 200 ms", found["median_ms"] <= 200),
            (f"search bytes per query, {size:,} cards", f"median {found['median_kb']:.0f} KB, max {found['max_kb']:.0f} KB",
             "largest: " + ", ".join(f"{name} {value}" for name, value in found["largest"].items()),
             "< 500 KB", found["max_kb"] < 500)]


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    result = measure(size)
    print(json.dumps(result, ensure_ascii=False))
