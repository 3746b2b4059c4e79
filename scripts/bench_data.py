"""The library as data at scale: the size of the site's ``catalog.jsonld`` (every published card
as schema.org JSON-LD) for a 20,000-card library, and the time to produce it beside the time to
build the catalogue it is made from. Issue 17: split it per topic if it passes 5 MB.

    .venv/bin/python scripts/bench_data.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genlibrary import generate

from learnshelf.catalog.catalog import build_catalog
from learnshelf.check.library import load_library
from learnshelf.load.project import Project
from learnshelf.pages.jsonld import SPLIT_AT, catalog_data, catalog_files

SITE_URL = "https://learning.example.org/"


def data_row(size: int) -> tuple[str, str, str, str, bool]:
    """A bench_all row: catalog.jsonld's size at ``size`` cards, against the 5 MB split threshold."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(generate(size, Path(tmp) / f"lib-{size}"))
        taxonomy, _ = project.load_taxonomy()
        start = time.perf_counter()
        catalog = build_catalog(load_library(project, taxonomy), taxonomy)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        data = catalog_data(catalog, SITE_URL).encode("utf-8")
        made = time.perf_counter() - start
        parts = catalog_files(catalog, SITE_URL)
    mb = len(data) / 1024 / 1024
    largest = max(len(text.encode("utf-8")) for text in parts.values()) / 1024 / 1024
    return (f"catalog.jsonld, {size:,} cards ({len(catalog.listed):,} published)",
            f"{mb:.2f} MB in {made:.2f} s; split: {len(parts)} files, largest {largest:.2f} MB", f"load+catalogue {loaded:.2f} s (ratio {made / loaded:.2f})",
            "< 5 MB, else split per topic (the build does)", len(data) < SPLIT_AT)


def main() -> None:
    """Print the row for 20,000 cards."""
    print(" | ".join(str(x) for x in data_row(20000)))


if __name__ == "__main__":
    main()
