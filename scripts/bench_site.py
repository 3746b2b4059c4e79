"""Benchmark: the Learnshelf site build against bare MkDocs + Material on the same card files.

For each library size, in the same run (the machine is shared and noisy, so ratios matter):
  bare        MkDocs + Material with its search and tags plugins on the generated cards
              (explicit nav, cards out of the sidebar: the linear, fair reference). The
              tags plugin reads each card's topics as its tags and lists them on a tags page
              (the scale issue's reference has one: "its tags page 7 MB"); cards have no
              ``tags`` key, so otherwise the plugin would do nothing;
  learnshelf  `mkdocs build` with the Learnshelf plugin (generated pages + Pagefind index).
Reports wall time, peak memory (largest process: MkDocs or the Pagefind indexer), the largest
generated page, Material's search_index.json, and the bytes the browser fetches for a first
search on the Learnshelf site (measured in headless Chromium).

    .venv/bin/python scripts/bench_site.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genlibrary import REPO, generate

from learnshelf.tools.localserver import serve_directory

BARE = """site_name: bare
theme: {name: material, font: false}
nav: [index.md, tags.md]
not_in_nav: /resources/**
plugins: [search, {tags: {tags_name_property: topics}}]
"""
#: The same, with the tags plugin idle (it reads ``tags``, which no card has): printed alongside.
BARE_IDLE_TAGS = BARE.replace("{tags: {tags_name_property: topics}}", "tags")
#: The pages a bare site needs besides the cards; removed before the Learnshelf build.
BARE_PAGES = {"index.md": "# Bare\n", "tags.md": "# Tags\n\n<!-- material/tags -->\n"}
LEARNSHELF = (REPO / "tests" / "examples" / "project" / "mkdocs.yml").read_text()


class Build(NamedTuple):
    """One build: wall seconds, peak MB (the largest process), CPU seconds (all its processes)."""

    seconds: float
    peak_mb: float
    cpu_s: float


def build(project: Path, config: str, site: Path, runner: tuple[str, ...] = ("-m", "mkdocs")) -> Build:
    """One `mkdocs build` in a fresh process (``python <runner> build``), measured."""
    (project / "mkdocs.yml").write_text(config)
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
             "sys.stderr.write(r.stderr[-3000:] if r.returncode else '');"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
             "print(r.returncode, u.ru_maxrss, u.ru_utime + u.ru_stime)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", probe, sys.executable, *runner, "build", "-q", "-d", str(site)],
                            cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    code, peak_kb, cpu = result.stdout.split()
    if code != "0":
        raise SystemExit(f"build failed in {project}:\n{result.stderr}")
    return Build(elapsed, int(peak_kb) / 1024, float(cpu))


def build_bare(project: Path, site: Path, config: str = BARE) -> Build:
    """The bare MkDocs + Material build of the project's cards, measured."""
    docs = project / "docs"
    for name, text in BARE_PAGES.items():
        (docs / name).write_text(text)
    try:
        return build(project, config, site)
    finally:
        for name in BARE_PAGES:
            (docs / name).unlink()


def largest_page(site: Path) -> tuple[int, str]:
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    return max(pages)


def first_search(site: Path, query: str) -> tuple[int, int, float]:
    """(bytes fetched, requests, ms from the keystroke to results shown) for the first query on
    the already-open search page."""
    from playwright.sync_api import sync_playwright

    with serve_directory(site) as base:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"{base}/search/")
            page.wait_for_selector("#ls-search[data-ready=true]")
            fetched: list[int] = []
            page.on("requestfinished", lambda req: fetched.append(req.sizes()["responseBodySize"]))
            # Timed in the page: from the input event to the result count being in the DOM.
            elapsed = page.evaluate("""(query) => new Promise((resolve) => {
                const input = document.querySelector('#ls-q');
                const results = document.querySelector('.ls-results');
                const start = performance.now();
                new MutationObserver((_, observer) => {
                  if (results.querySelector('.ls-count')) { observer.disconnect(); resolve(performance.now() - start); }
                }).observe(results, {childList: true, subtree: true});
                input.value = query;
                input.dispatchEvent(new Event('input', {bubbles: true}));
            })""", query)
            page.wait_for_load_state("networkidle")
            browser.close()
    return sum(fetched), len(fetched), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(size, Path(tmp) / f"lib-{size}")
            bare_t, bare_mb, _ = build_bare(project, Path(tmp) / "bare")
            index_mb = (Path(tmp) / "bare" / "search" / "search_index.json").stat().st_size / 1e6
            ours_t, ours_mb, _ = build(project, LEARNSHELF, Path(tmp) / "ours")
            page_bytes, page = largest_page(Path(tmp) / "ours")
            fetched, requests, search_ms = first_search(Path(tmp) / "ours", "feedback")
            pagefind_mb = sum(p.stat().st_size for p in (Path(tmp) / "ours" / "pagefind").rglob("*")) / 1e6
            rows.append({"cards": size, "bare_s": round(bare_t, 1), "bare_peak_mb": round(bare_mb),
                         "material_search_index_mb": round(index_mb, 1), "learnshelf_s": round(ours_t, 1),
                         "learnshelf_peak_mb": round(ours_mb), "ratio": round(ours_t / bare_t, 2),
                         "largest_page_kb": round(page_bytes / 1024), "largest_page": page,
                         "pagefind_index_mb": round(pagefind_mb, 1),
                         "first_search_kb": round(fetched / 1024), "first_search_requests": requests,
                         "first_search_ms": round(search_ms)})
            print(json.dumps(rows[-1]), flush=True)
    print()
    print(f"{'cards':>6} {'bare s':>7} {'bare MB':>8} {'ours s':>7} {'ours MB':>8} {'ratio':>6} "
          f"{'largest page':>13} {'Material index':>15} {'first search':>13}")
    for r in rows:
        print(f"{r['cards']:>6} {r['bare_s']:>7} {r['bare_peak_mb']:>8} {r['learnshelf_s']:>7} "
              f"{r['learnshelf_peak_mb']:>8} {r['ratio']:>5}x {r['largest_page_kb']:>10} KB "
              f"{r['material_search_index_mb']:>12} MB {r['first_search_kb']:>9} KB")


if __name__ == "__main__":
    main()
