"""Benchmark: `learnshelf import` of a 10,000-item awesome list against validating the library
it makes (the issue's target: at most ~2x, so import is linear in the rows).

The list has the shapes of real ones (headings per topic, items with and without descriptions,
authors, format notes, escapes, non-Latin titles), with example.org links; the library starts
with one card. Both figures are fresh processes in the same run (the machine is shared, only the
ratio matters): the import, then a cold `learnshelf validate` of the 10,001-card result, then the
same import again (it adds nothing and exits 0).

    .venv/bin/python scripts/bench_import.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import validate
from genlibrary import REPO, _ids, generate

TITLES = ["Giving feedback", "بازخورد\u200cدادن", "フィードバック入門", "ភាសា\u200cខ្មែរ", "प्रतिक्रिया", "C\\# \\& C\\+\\+"]


def awesome_list(rows: int) -> str:
    """A Markdown list of ``rows`` items under one heading per topic of the repository."""
    topics = _ids(REPO / "curation" / "topics.yml")
    lines = ["# Awesome list", "", *[f"* [{t}](#{t})" for t in topics]]
    per_topic = -(-rows // len(topics))
    for n in range(rows):
        if n % per_topic == 0:
            lines += ["", f"## {topics[n // per_topic]}", ""]
        title, url = f"{TITLES[n % len(TITLES)]} {n}", f"https://example.org/bench/{n}"
        shape = n % 4
        lines.append(f"* [{title}]({url})" + ["", " (PDF)", " - Ana Autor (HTML)",
                                               " - A practical guide with exercises to try with your team."][shape])
    return "\n".join(lines) + "\n"


def import_seconds(project: Path, listing: Path) -> tuple[float, str]:
    """Seconds for the import in a fresh process, and its summary line (it must exit 0)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(project), "import", str(listing),
                             "--contributor", "bench", "--type", "article"], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"import failed:\n{result.stdout[-2000:]}{result.stderr}")
    return elapsed, result.stdout.strip().splitlines()[-1]


def measure(rows: int, tmp: Path) -> tuple[float, float, str]:
    """(import seconds, cold validation seconds of the result, the summary lines: the import's,
    and the time of a re-run, which adds nothing)."""
    project = generate(1, tmp / "lib-import")
    listing = tmp / "list.md"
    listing.write_text(awesome_list(rows), encoding="utf-8")
    imported, summary = import_seconds(project, listing)
    validated = validate(project)
    again, again_summary = import_seconds(project, listing)
    shutil.rmtree(project)
    return imported, validated, f"{summary}\nre-run: {again_summary}, in {again:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        imported, validated, summary = measure(args.rows, Path(tmp))
    print(summary)
    print(f"import of {args.rows:,} rows {imported:.1f} s; validation of the result {validated:.1f} s; "
          f"ratio {imported / validated:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
