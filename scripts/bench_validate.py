"""Benchmark: `learnshelf validate` against merely parsing the same front matter.

For each library size, in the same run (the machine is shared and noisy, so only ratios
matter):
  reference  read every card file, split off the front matter, yaml.load it with PyYAML's C
             loader, nothing else;
  cold       the real `learnshelf validate` in a fresh process with no cache (imports,
             taxonomy, every check on both cores, cross-card checks, writing the cache);
  warm       the same command again with nothing changed (the content-hash cache answers);
  one        the same command after one card's body changed (the cache answers for the others).
Prints a table of seconds, per-card milliseconds and the ratios cold/parse and warm/cold, and
how much longer the one-card run took than the unchanged one.

    .venv/bin/python scripts/bench_validate.py [--sizes 1000 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genlibrary import generate


def parse_only(project: Path) -> float:
    """Seconds to read and C-parse every card's front matter."""
    start = time.perf_counter()
    for path in sorted((project / "docs" / "resources").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.index("\n---", 3)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def validate(project: Path, cold: bool = True) -> float:
    """Seconds for `learnshelf validate` of the whole library in a new process; ``cold``
    removes the validation cache first, otherwise nothing changed since the last run."""
    if cold:
        shutil.rmtree(project / ".learnshelf-cache", ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(project), "validate"],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"validate failed on the generated library:\n{result.stdout[:2000]}{result.stderr}")
    return elapsed


def one_changed(project: Path, round_number: int) -> float:
    """Seconds for `learnshelf validate` after one more line in one card's body (a different
    card each round, so each round's change is new to the cache)."""
    cards = sorted((project / "docs" / "resources").rglob("*.md"))
    card = cards[round_number * 997 % len(cards)]
    with card.open("a", encoding="utf-8") as out:
        out.write(f"\nEdited in round {round_number}.\n")
    return validate(project, cold=False)


def measure(project: Path, repeat: int) -> tuple[float, float, float, float]:
    """The best of ``repeat`` rounds of (C-loader parse, cold validation, unchanged validation,
    validation with one card changed). Each round runs all four one after another, so a slow
    spell of the shared machine falls on all four figures, not on every run of one of them."""
    rounds = [(parse_only(project), validate(project), validate(project, cold=False), one_changed(project, n))
              for n in range(repeat)]
    reference, cold, warm, one = (min(column) for column in zip(*rounds))
    return reference, cold, warm, one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best is kept")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, PyYAML {yaml.__version__}"
          f" (C loader: {yaml.__with_libyaml__})")
    print(f"{'cards':>7} {'parse s':>9} {'cold s':>8} {'ms/card':>8} {'cold/parse':>11} {'warm s':>8} {'warm/cold':>10} {'one s':>7} {'one-warm s':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = generate(size, Path(tmp) / f"lib-{size}")
            reference, cold, warm, one = measure(project, args.repeat)
            print(f"{size:>7} {reference:>9.2f} {cold:>8.2f} {1000 * cold / size:>8.3f} "
                  f"{cold / reference:>10.2f}x {warm:>8.2f} {warm / cold:>9.2f}x {one:>7.2f} {one - warm:>11.2f}")


if __name__ == "__main__":
    main()
