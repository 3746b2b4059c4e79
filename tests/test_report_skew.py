"""The curator report on example libraries with a known skew: each produces exactly the findings
a curator should act on, with the numbers and thresholds that explain them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, REPO, run_cli

from learnshelf.catalog.audit import Report, build_report, load_inputs
from learnshelf.catalog.catalog import build_catalog
from learnshelf.catalog.wording import Coder, load_words
from learnshelf.check.library import load_library
from learnshelf.load.project import Project
from learnshelf.load.reportpolicy import ReportPolicy, load_exceptions, load_report_policy

TODAY = dt.date(2026, 11, 23)
R = "docs/resources/"
MASCULINE = "Be an ambitious, decisive and competitive leader who is confident in every decision."
PLAIN = "A plain guide to planning the week, with a checklist and examples for the team."
#: Titles no duplicate check could take for one another, one per card.
TITLES = ("Apricot", "Bramble", "Cormorant", "Dandelion", "Estuary", "Foxglove", "Granite", "Heron", "Inkwell", "Juniper",
          "Kestrel", "Lantern", "Marigold", "Nightjar", "Orchard", "Pumice", "Quarry", "Rosemary", "Saffron", "Thistle",
          "Umber", "Verbena", "Wren", "Xylophone", "Yarrow", "Zephyr", "Acorn", "Basalt", "Clover", "Driftwood")


def make_library(root: Path, cards: dict[str, dict[str, str]], pathway: str = "", report: str = "") -> Path:
    """A project with the example curation (plus the repository's word list and exceptions) and
    only ``cards``: id -> front matter fields."""
    shutil.copytree(EXAMPLE_PROJECT / "curation", root / "curation")
    shutil.rmtree(root / "curation" / "pathways")
    for name in ("gendered-words.yml", "wording-exceptions.yml"):
        shutil.copy(REPO / "curation" / name, root / "curation" / name)
    if pathway:
        (root / "curation" / "pathways").mkdir()
        (root / "curation" / "pathways" / "start.yml").write_text(pathway)
    if report:
        with (root / "curation" / "policy.yml").open("a") as policy:
            policy.write("report:\n" + report)
    folder = root / "docs" / "resources"
    folder.mkdir(parents=True)
    for n, (card_id, fields) in enumerate(cards.items()):
        values = {"title": TITLES[n], "type": "guide", "summary": PLAIN,
                  "topics": "[wellbeing]", "contributor": "fixture", "added": "2026-11-01", **fields}
        front = "\n".join(f"{k}: {v}" for k, v in values.items())
        (folder / f"{card_id}.md").write_text(f"---\n{front}\n---\nWhy it matters here.\n")
    return root


def report_of(root: Path, today: dt.date = TODAY) -> Report:
    project = Project(root)
    taxonomy, problems = project.load_taxonomy()
    inputs, more = load_inputs(project.curation)
    assert problems + more == []
    library = load_library(project, taxonomy)
    assert [p for p in library.result.sorted() if p.is_error] == []
    return build_report(build_catalog(library, taxonomy), library.cards, today, inputs.words, [], inputs.policy,
                        inputs.exceptions)


def acted(report: Report) -> dict[str, list[tuple[str, list[str]]]]:
    """The findings to act on (not the information), by section, sections with none left out."""
    found = {s: [(f.message, f.paths) for f in fs if f.severity != "info"] for s, fs in report.sections.items()}
    return {s: fs for s, fs in found.items() if fs}


def test_one_roles_heavily_coded_cards_are_a_skew_with_its_numbers(tmp_path: Path) -> None:
    cards = {f"manager-guide-{n}": {"summary": MASCULINE, "roles": "[people-manager]", "topics": "[leadership]"}
             for n in range(1, 5)}
    cards |= {f"weekly-planning-{n}": {"roles": "[software-engineer]" if n < 5 else "[designer]"} for n in range(1, 9)}
    report = report_of(make_library(tmp_path, cards, report="  wording_min_words: 50\n"))
    managers = [R + f"manager-guide-{n}.md" for n in range(1, 5)]
    # 4 cards of 14 words with 6 coded words each (one-word titles), 8 of 16 words with none: 24 in 184 words.
    assert acted(report)["Wording balance"] == [
        ("content tagged for people-manager: 42.9 masculine-coded words per 100 vs 13.0 library-wide "
         "(warned above 2x and +1)", managers),
        ("content on topic 'leadership': 42.9 masculine-coded words per 100 vs 13.0 library-wide "
         "(warned above 2x and +1)", managers),
        *[("strongly masculine-coded title and summary: ambitious, decisive, competitive, leader, confident, decision",
           [path]) for path in managers]]
    # The same skew seen from the tags: leadership is shown to managers only.
    assert [m for m, _ in acted(report)["Balance audit"]] == [
        "topic 'leadership' is tagged only for people-manager; other roles see it only through search or the library",
        "topic 'wellbeing' is tagged only for designer, software-engineer; other roles see it only through search or the "
        "library"]
    assert set(acted(report)) == {"Balance audit", "Wording balance"}
    assert report.wording["roles"]["people-manager"] == {"words": 56, "feminine_per_100": 0.0, "masculine_per_100": 42.86}
    assert report.wording["library"]["words"] == 184 and report.wording["not_scored"] == 0


def test_the_default_threshold_keeps_a_small_view_out_of_the_comparison(tmp_path: Path) -> None:
    cards = {f"manager-guide-{n}": {"summary": MASCULINE, "roles": "[people-manager]"} for n in range(1, 5)}
    cards |= {f"weekly-planning-{n}": {} for n in range(1, 9)}
    report = report_of(make_library(tmp_path, cards))  # 56 words: under the default 150
    assert [m for m, _ in acted(report)["Wording balance"]] == [
        "strongly masculine-coded title and summary: ambitious, decisive, competitive, leader, confident, decision"] * 4


def test_a_role_branch_identical_to_core_and_two_roles_with_the_same_cards(tmp_path: Path) -> None:
    cards = {f"shared-{n}": {"roles": "[software-engineer, designer]"} for n in range(1, 4)}
    cards |= {"first-steps": {"core": "true"}, "people-basics": {"roles": "[people-manager]"},
              "people-more": {"roles": "[people-manager]"}, "people-last": {"roles": "[people-manager]"}}
    pathway = ("title: Start here\nsummary: For everyone.\nsections:\n  - title: One\n    steps:\n"
               "      - card: first-steps\n        note: Everyone.\n"
               "      - card: first-steps\n        note: Designers too.\n        roles: [designer]\n"
               "      - card: people-basics\n        note: Managers.\n        roles: [people-manager]\n")
    report = report_of(make_library(tmp_path, cards, pathway))
    shared = [R + f"shared-{n}.md" for n in range(1, 4)]
    assert acted(report) == {"Balance audit": [
        ("pathway 'Start here' (curation/pathways/start.yml): the branch for role 'designer' adds 0 card(s) to the "
         "1 core steps (fewer than 1): a path without a real difference", [R + "first-steps.md"]),
        ("roles 'designer' and 'software-engineer' share 3 of the 3 cards either has (similarity 1.00, warned at 0.8 "
         "or more): their views barely differ; merge them or tell them apart", shared)]}


def test_a_catch_all_topic_and_a_parent_whose_cards_sit_on_it(tmp_path: Path) -> None:
    cards = {f"rest-{n}": {} for n in range(1, 8)}  # wellbeing: 7 of 20
    cards |= {f"lead-{n}": {"topics": "[leadership]"} for n in range(1, 6)}  # on the parent, no child
    cards |= {"coach-1": {"topics": "[coaching]"}}
    cards |= {f"start-{n}": {"topics": "[onboarding]"} for n in range(1, 5)}
    cards |= {f"privacy-{n}": {"topics": "[data-protection]"} for n in range(1, 4)}
    report = report_of(make_library(tmp_path, cards))
    assert acted(report)["Catch-all topics"] == [
        ("topic 'leadership' has 1 child topics, but 5 of its 6 cards (83%, warned above 50%) sit on it and on no "
         "child: tag them with a child topic, or add the child they need", [R + f"lead-{n}.md" for n in range(1, 6)]),
        ("topic 'wellbeing' is tagged on 7 of 20 cards (35%, warned above 25%): a catch-all; split it or tag more "
         "precisely", [R + f"rest-{n}.md" for n in range(1, 8)])]


def test_a_stale_library_added_in_one_day(tmp_path: Path) -> None:
    cards = {f"old-{n:02d}": {"added": "2024-01-01"} for n in range(1, 26)}
    root = make_library(tmp_path, cards)
    report = report_of(root)
    paths = [R + f"old-{n:02d}.md" for n in range(1, 26)]
    overdue = acted(report)["Reviews overdue"]
    assert overdue[:2] == [
        ("25 of 25 published cards (100%, warned above 30%) are past their review date: the library is going stale", paths),
        ("25 of 25 published cards (100%, warned above 80%) were added on 2024-01-01 and never reviewed: their ages "
         "tell nothing apart and they share one review date, 2024-12-31; spread their reviews out", paths)]
    assert len(overdue) == 2 + 25 and report.sections["Reviews overdue"][0].severity == "error"
    # Every card is on one topic and no role has a card: said once each, not per card.
    assert set(acted(report)) == {"Reviews overdue", "Balance audit", "Catch-all topics"}
    assert [(b.label, b.cards, b.overdue) for b in report.figures.ages][-1] == ("over 24 months", 25, True)
    assert sum(b.cards for b in report.figures.ages) == 25 and report.figures.added == {"2024-01": 25}
    data = json.loads(run_cli("report", "--format", "json", cwd=root).stdout)
    assert data["figures"]["ages"][-1] == {"label": "over 24 months", "low": 730, "high": None, "cards": 25, "overdue": True}
    assert data["thresholds"]["stale_share"] == 0.3 and data["summary"][0] == "32 findings to act on (1 error), most important first"


def test_placeholder_bodies_and_drafts_are_counted(tmp_path: Path) -> None:
    root = make_library(tmp_path, {"idea-1": {"status": "draft", "added": "2026-10-01"},
                                   "idea-2": {"status": "draft", "added": "2026-09-01"}, "kept": {}})
    for name in ("idea-1", "kept"):
        card = root / "docs" / "resources" / f"{name}.md"
        card.write_text(card.read_text().replace("Why it matters here.",
                                                 "Why is this worth someone's time, and how can they apply it at work?"))
    report = report_of(root)
    assert [(f.message, f.paths) for f in report.sections["Placeholder bodies"]] == [
        ("2 card(s) still have the scaffold's placeholder body: say why each resource is worth the time and how to "
         "apply it", [R + "idea-1.md", R + "kept.md"])]
    assert [(f.message, f.paths) for f in report.sections["Drafts waiting"]] == [
        ("2 drafts waiting, the oldest since 2026-09-01", []), ("draft since 2026-09-01", [R + "idea-2.md"]),
        ("draft since 2026-10-01", [R + "idea-1.md"])]


def test_the_starter_library_gives_a_handful_of_wording_findings() -> None:
    project = Project(REPO)
    taxonomy, _ = project.load_taxonomy()
    inputs, problems = load_inputs(project.curation)
    library = load_library(project, taxonomy)
    report = build_report(build_catalog(library, taxonomy), library.cards, TODAY, inputs.words, [], inputs.policy,
                          inputs.exceptions)
    assert problems == [] and 0 < len(report.sections["Wording balance"]) <= 5
    assert all(" per 100 vs " in f.message for f in report.sections["Wording balance"])  # skews, not single words
    assert len(report.sections["Coverage gaps"]) <= len(taxonomy.topics.terms)


@pytest.mark.parametrize("text, coded", [
    ("Objective-C for iOS developers", []),
    ("An objective view of the project", ["objective"]),
    ("Git: how to commit and push", []),
    ("Incident response for on-call engineers", []),
    ("A response plan", ["response"]),
    ("Data   analysis in spreadsheets", []),
    ("Analysis of data", ["analysis"]),
])
def test_exception_phrases_are_never_counted(text: str, coded: list[str]) -> None:
    words, _ = load_words(REPO / "curation")
    exceptions, problems = load_exceptions(REPO / "curation")
    hits = Coder(words, exceptions).hits(text)
    assert problems == [] and sorted(w for ws in hits.values() for w in ws) == coded


@pytest.mark.parametrize("text, located", [
    ("report:\n  silo_share: 1.5\n", (2, 15, "report: silo_share must be a number from 0 to 1, e.g. 0.75")),
    ("report:\n  role_min_cards: three\n", (2, 19, "report: role_min_cards must be a whole number, e.g. 3")),
    ("report:\n  silo_shares: 0.5\n", (2, 3, "unknown report threshold 'silo_shares' (did you mean 'silo_share'?)")),
    ("report: [1, 2]\n", (1, 1, "report must map each threshold to a number, e.g. 'silo_share: 0.75'")),
])
def test_a_wrong_threshold_is_located(tmp_path: Path, text: str, located: tuple[int, int, str]) -> None:
    (tmp_path / "policy.yml").write_text(text)
    policy, problems = load_report_policy(tmp_path)
    assert policy == ReportPolicy() and [(p.line, p.col, p.message) for p in problems] == [located]
    assert {p.rule for p in problems} == {"taxonomy-invalid"} and problems[0].path == "curation/policy.yml"


def test_thresholds_from_the_policy_replace_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "policy.yml").write_text("types: []\nreport:\n  silo_share: 0.5\n  role_min_cards: 7\n")
    policy, problems = load_report_policy(tmp_path)
    assert problems == [] and (policy.silo_share, policy.role_min_cards, policy.stale_share) == (0.5, 7, 0.3)


def test_a_misshapen_exceptions_file_stops_the_report(project_copy: Path) -> None:
    (project_copy / "curation" / "wording-exceptions.yml").write_text("commit: true\n")
    result = run_cli("report", cwd=project_copy, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stdout.startswith("curation/wording-exceptions.yml:1:1: taxonomy-invalid the file must be a list "
                                    "of phrases, e.g. '- incident response'")


def test_the_pictures_escape_every_label() -> None:
    from learnshelf.catalog.figures import AgeBand, Figures
    from learnshelf.pages.reportpics import pictures

    hostile = '<script>alert(1)</script>" onmouseover="x'
    fig = Figures({"t": hostile}, {"r": hostile}, {}, {"t": {"r": 2}}, {"t": 1}, {"t": 0},
                  [AgeBand(hostile, 0, None, 3, False)], {"2026-01": 3}, {hostile: 3}, {hostile: 3})
    page = "\n".join(pictures(fig))
    assert "<script" not in page and '" onmouseover' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x" in page
    assert "\n\n" not in page.replace("</figure>\n\n<figure", "")  # one HTML block each: Markdown leaves it alone


def test_the_json_report_holds_the_counts_behind_the_heatmap(project_copy: Path) -> None:
    import yaml

    data = json.loads(run_cli("report", "--format", "json", cwd=project_copy).stdout)["figures"]
    cards = [yaml.safe_load(p.read_text().split("---\n")[1]) for p in (project_copy / "docs" / "resources").rglob("*.md")]
    parents = {t["id"]: t.get("parent") for t in yaml.safe_load((project_copy / "curation" / "topics.yml").read_text())}
    listed = [c for c in cards if c.get("status", "published") == "published"]
    with_parents = {id(c): {p for t in c["topics"] for p in (t, parents[t]) if p} for c in listed}  # as topic pages list them
    tagged = {(t, r) for c in listed if not c.get("core") for t in with_parents[id(c)] for r in c.get("roles", [])}
    assert {(t, r) for t, row in data["by_role"].items() for r, n in row.items() if n} == tagged
    assert sum(data["core"].values()) == sum(len(with_parents[id(c)]) for c in listed if c.get("core"))
    assert sum(data["types"].values()) == len(listed) == sum(b["cards"] for b in data["ages"])
    assert sum(data["added"].values()) == len(listed)


def test_a_role_with_too_few_cards_of_its_own_is_told_which_role_to_merge_into(tmp_path: Path) -> None:
    cards = {f"manager-{n}": {"roles": "[people-manager]"} for n in range(1, 4)}
    cards |= {f"engineer-{n}": {"roles": "[software-engineer]"} for n in range(1, 4)}
    cards |= {"design-review": {"roles": "[designer, people-manager]"}, "start": {"core": "true"}}
    report = report_of(make_library(tmp_path, cards))
    assert acted(report) == {"Balance audit": [
        ("role 'designer' has 1 card(s) of its own beside the 1 core cards (fewer than 3): its view is nearly the core; "
         "merge it into 'people-manager' (tagged on 1 of its cards) or tag more cards for it", [R + "design-review.md"])]}


def test_cards_not_in_english_are_counted_not_scored(tmp_path: Path) -> None:
    cards = {"fuehrung": {"title": "Führung und Entscheidung", "summary": "Ehrgeizig, entschlossen und kompetitiv führen.",
                          "language": "de"},
             "plain": {}}
    report = report_of(make_library(tmp_path, cards))
    assert [(f.message, f.paths, f.severity) for f in report.sections["Wording balance"]] == [
        ("1 card(s) not in English were not scored: the word list is English", [R + "fuehrung.md"], "info")]
    assert report.wording["not_scored"] == 1 and report.wording["library"]["words"] == 16


def test_one_coded_word_said_three_times_does_not_make_a_card_strongly_coded(tmp_path: Path) -> None:
    cards = {"inclusive": {"summary": "Inclusive meetings, inclusive agendas and inclusive notes."},
             "warm": {"summary": "A warm, supportive and cooperative welcome for a new team."}}
    report = report_of(make_library(tmp_path, cards))
    assert [(f.message, f.paths) for f in report.sections["Wording balance"]] == [
        ("strongly feminine-coded title and summary: warm, supportive, cooperative", [R + "warm.md"])]
