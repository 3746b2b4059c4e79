"""Benchmark: what a Learnshelf build costs besides rendering the card pages.

Builds a generated library three ways in the same run: bare MkDocs + Material (the scale
issue's reference, as in bench_site.py), the Learnshelf build, and the Learnshelf build with
every card page replaced by a one-byte file instead of being rendered (the site is then broken:
this only measures). The third is the floor of this design: what loading and checking the cards,
generating the pages, the listings, the Pagefind index and MkDocs' own pass cost, even if card
pages cost nothing.

    .venv/bin/python scripts/bench_floor.py [--size 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import LEARNSHELF, build, build_bare
from genlibrary import generate

#: Run as ``python -c`` in the build's process: card pages are not converted or rendered, only
#: written as one byte (MkDocs' own per-page functions, patched for this measurement only).
SKIP_CARDS = """
import os, runpy, sys
import mkdocs.commands.build as build
populate, render = build._populate_page, build._build_page
def card(page):
    return page.file.src_uri.startswith("resources/")
def skip_populate(page, config, files, dirty=False):
    if not card(page):
        populate(page, config, files, dirty)
def skip_build(page, config, *args, **kwargs):
    if not card(page):
        return render(page, config, *args, **kwargs)
    os.makedirs(os.path.dirname(page.file.abs_dest_path), exist_ok=True)
    with open(page.file.abs_dest_path, "w") as handle:
        handle.write("x")
build._populate_page, build._build_page = skip_populate, skip_build
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; {args.size:,} cards")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        project = generate(args.size, tmp / "lib")
        bare = build_bare(project, tmp / "bare")
        ours = build(project, LEARNSHELF, tmp / "ours")
        floor = build(project, LEARNSHELF, tmp / "floor", runner=("-c", SKIP_CARDS))
    print(f"{'':31} {'wall':>7} {'/ bare':>7} {'CPU':>7}")
    for name, run in (("bare MkDocs + Material", bare), ("Learnshelf", ours), ("Learnshelf, card pages skipped", floor)):
        print(f"{name:31} {run.seconds:6.1f}s {run.seconds / bare.seconds:6.2f}x {run.cpu_s:6.1f}s")


if __name__ == "__main__":
    main()
