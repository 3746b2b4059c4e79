"""Benchmark: how good and how fast the tag suggestions are (issue 22).

Leave-one-out (learnshelf.catalog.tageval): each published card's topics and roles are hidden,
the suggester is asked, and what it would write (topics at ``write_confidence``) and propose
(the top ``role_proposals`` roles) is compared with the curators' tags; on the starter library
(docs/resources) and on the labelled fixture tests/examples/tagging/labelled-cards.jsonl (made
by scripts/tagging_fixture.py). Then the time per card against 10,000 cards generated the same
way: the index is built once, as `learnshelf tag` and `import` build it once per run. Last, how
long the report's stereotype guard takes on 20,000 cards and `learnshelf tag` end to end in a
10,000-card library (printed, no target).

    .venv/bin/python scripts/bench_tagging.py
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tagging_fixture import OUT as FIXTURE
from tagging_fixture import cards as fixture_cards

from learnshelf.catalog.suggest import Suggester
from learnshelf.catalog.tageval import Scores, leave_one_out
from learnshelf.check.library import load_library
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy, load_taxonomy
from learnshelf.model.schema import Card

REPO = Path(__file__).resolve().parent.parent
TOPICS_TARGET = (0.8, 0.7)  # precision, recall
ROLES_TARGET = (0.7, 0.5)
SECONDS_PER_CARD = 0.2
TIMED = 200  # cards suggested for in the timing run

Row = tuple[str, str, str, str, bool]


def as_cards(records: list[dict[str, object]]) -> list[Card]:
    """Fixture records as published cards."""
    return [Card(str(r["id"]), f"fixture/{r['id']}.md", title=str(r["title"]), summary=str(r["summary"]),
                 body=str(r["body"]), topics=list(r["topics"]), roles=list(r["roles"]),  # type: ignore[call-overload]
                 core=bool(r["core"]), status="published") for r in records]


def quality_rows(name: str, scores: Scores, taxonomy: Taxonomy) -> list[Row]:
    policy = taxonomy.tagging
    t, r = scores.topics, scores.roles
    return [
        (f"topics, {name} ({scores.cards} cards)", f"P {t.precision:.3f} R {t.recall:.3f}",
         f"{t.right} right of {t.suggested} written, of {t.wanted} tags, at {policy.write_confidence:.2f}",
         "P >= 0.8 at R >= 0.7", t.precision >= TOPICS_TARGET[0] and t.recall >= TOPICS_TARGET[1]),
        (f"roles, {name} (top {policy.role_proposals})", f"P {r.precision:.3f} R {r.recall:.3f}",
         f"{r.right} right of {r.suggested} proposed, of {r.wanted} tags, at {policy.role_confidence:.2f}",
         "P >= 0.7 at R >= 0.5", r.precision >= ROLES_TARGET[0] and r.recall >= ROLES_TARGET[1]),
    ]


def timing_row(taxonomy: Taxonomy, size: int = 10_000) -> Row:
    cards = as_cards(fixture_cards(size))
    start = time.perf_counter()
    suggester = Suggester(taxonomy, cards)
    indexed = time.perf_counter() - start
    start = time.perf_counter()
    for card in cards[:TIMED]:
        suggester.suggest(dataclasses.replace(card, topics=[], roles=[]))
    each = (time.perf_counter() - start) / TIMED
    return (f"suggestions per card, {size:,} cards", f"{each * 1000:.1f} ms",
            f"index built once in {indexed:.2f} s", f"< {SECONDS_PER_CARD} s", each < SECONDS_PER_CARD)


def tagging_rows() -> list[Row]:
    """Every row of this benchmark (bench_all.py prints them in its table)."""
    taxonomy, problems = load_taxonomy(REPO / "curation")
    assert not problems, problems
    starter = load_library(Project(REPO), taxonomy).cards
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    return [*quality_rows("starter library", leave_one_out(starter, taxonomy), taxonomy),
            *quality_rows("labelled fixture", leave_one_out(as_cards(records), taxonomy), taxonomy),
            timing_row(taxonomy)]


def guard_seconds(taxonomy: Taxonomy, size: int = 20_000) -> tuple[float, int]:
    """Seconds the report's stereotype guard (catalog.tagsilos) takes on ``size`` cards, and its findings."""
    from learnshelf.catalog.catalog import build_catalog
    from learnshelf.catalog.tagsilos import suggestion_silos
    from learnshelf.check.library import Library

    catalog = build_catalog(Library(cards=as_cards(fixture_cards(size))), taxonomy)
    start = time.perf_counter()
    findings = suggestion_silos(catalog)
    return time.perf_counter() - start, len(findings)


def command_seconds(size: int = 10_000) -> tuple[float, float]:
    """``learnshelf tag`` on one card of a generated ``size``-card library, end to end (a new
    process: loading the library, indexing it, suggesting): without the validation cache, then
    with it (after a ``validate``)."""
    import subprocess
    import tempfile

    from genlibrary import generate

    with tempfile.TemporaryDirectory() as name:
        project = generate(size, Path(name) / "lib")
        card = next((project / "docs" / "resources").rglob("*.md"))
        times = []
        for warm in (False, True):
            if warm:  # `tag` reads validate's cache and never writes it
                subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(project), "validate"],
                               capture_output=True)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(project), "tag", str(card)],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return times[0], times[1]


def main() -> None:
    print(f"{'what':<40} {'measured':<18} {'reference':<54} {'target':<22} met")
    for what, figure, against, target, met in tagging_rows():
        print(f"{what:<40} {figure:<18} {against:<54} {target:<22} {'yes' if met else 'NO'}")
    seconds, findings = guard_seconds(load_taxonomy(REPO / "curation")[0])
    print(f"\nThe report's stereotype guard on 20,000 fixture cards: {seconds:.1f} s ({findings} finding(s)); "
          "it is part of every site build's curator report (no target in the issue).")
    cold, warm = command_seconds()
    print(f"`learnshelf tag CARD` end to end in a 10,000-card library: {cold:.1f} s without validate's cache, "
          f"{warm:.1f} s with it (loading the library dominates; the suggestions themselves are the row above).")


if __name__ == "__main__":
    main()
