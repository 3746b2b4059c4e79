"""Benchmark: the Curator report page at scale, 20,000 cards on 40 topics x 15 roles.

Generates the library (genlibrary.py), widens its taxonomy to 40 topics (a third of them
children) and 15 roles, re-tags every card over them and spreads the added and reviewed dates
over three years; then builds it with MkDocs (card pages skipped as in bench_floor.py: the report
page does not depend on them) and prints the size of the published report page, which must stay
under 500 KB, with the time the report itself took to make, measured in the same run.

    .venv/bin/python scripts/bench_report.py [--size 20000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_floor import SKIP_CARDS
from bench_site import LEARNSHELF, build
from genlibrary import generate

from learnshelf.catalog.audit import build_report, load_inputs
from learnshelf.catalog.catalog import build_catalog
from learnshelf.check.library import load_library
from learnshelf.load.project import Project

TOPICS, ROLES = 40, 15
TODAY = dt.date(2026, 11, 23)


def widen(project: Path, seed: int = 11) -> None:
    """40 topics and 15 roles in the project's curation, and every card re-tagged over them."""
    curation = project / "curation"
    topics = yaml.safe_load((curation / "topics.yml").read_text())
    roles = yaml.safe_load((curation / "roles.yml").read_text())
    parents = [t["id"] for t in topics if not t.get("parent")]
    for n in range(len(topics), TOPICS):
        extra = {"id": f"topic-{n:02d}", "label": f"Topic number {n}", "description": "A benchmark topic."}
        topics.append({**extra, "parent": parents[n % len(parents)]} if n % 3 == 0 else extra)
    roles += [{"id": f"role-{n:02d}", "label": f"Role number {n}", "description": "A benchmark role."}
              for n in range(len(roles), ROLES)]
    (curation / "topics.yml").write_text(yaml.safe_dump(topics, sort_keys=False))
    (curation / "roles.yml").write_text(yaml.safe_dump(roles, sort_keys=False))
    rng = random.Random(seed)
    topic_ids, role_ids = [t["id"] for t in topics], [r["id"] for r in roles]
    for card in (project / "docs" / "resources").rglob("*.md"):
        _, front, body = card.read_text(encoding="utf-8").split("---\n", 2)
        fields = yaml.safe_load(front)
        fields["topics"] = rng.sample(topic_ids, rng.randint(1, 3))
        fields["roles"] = rng.sample(role_ids, rng.randint(0, 3))
        if not fields["roles"]:
            del fields["roles"]  # for any role
        added = TODAY - dt.timedelta(days=rng.randint(0, 3 * 365))
        fields["added"] = added.isoformat()
        if rng.random() < 0.4:
            fields["reviewed"] = (added + dt.timedelta(days=rng.randint(0, (TODAY - added).days))).isoformat()
        card.write_text(f"---\n{yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)}---\n{body}", encoding="utf-8")


def report_seconds(project: Path) -> tuple[float, float]:
    """(seconds to load and check the library, seconds to make the report from it)."""
    start = time.perf_counter()
    proj = Project(project)
    taxonomy, _ = proj.load_taxonomy()
    inputs, _ = load_inputs(proj.curation)
    library = load_library(proj, taxonomy)
    loaded = time.perf_counter()
    build_report(build_catalog(library, taxonomy), library.cards, TODAY, inputs.words, [], inputs.policy, inputs.exceptions)
    return loaded - start, time.perf_counter() - loaded


def report_row(size: int, tmp: Path) -> tuple[str, str, str, str, bool]:
    """The row for bench_all.py: the published report page's size at ``size`` cards."""
    project = generate(size, tmp / f"lib-report-{size}")
    widen(project)
    loading, making = report_seconds(project)
    print(f"{size} cards, {TOPICS} topics x {ROLES} roles: loading {loading:.1f} s, making the report {making:.1f} s",
          flush=True)
    build(project, LEARNSHELF, tmp / f"report-site-{size}", runner=("-c", SKIP_CARDS))
    page = tmp / f"report-site-{size}" / "curating" / "report" / "index.html"
    kb = page.stat().st_size / 1024
    return (f"curator report page, {size:,} cards", f"{kb:.0f} KB", f"{TOPICS} topics x {ROLES} roles", "< 500 KB",
            kb < 500)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20000)
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory() as name:
        what, figure, reference, target, met = report_row(args.size, Path(name))
    print(f"{what}: {figure} ({reference}; target {target}): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
