"""Example-file acceptance tests: valid cards stay clean, each example card (and each broken
curation file, pathway and issue form) gives exactly the ``line:col rule-id message`` lines of
its expected file, and every documented rule has an example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, EXAMPLES

from learnshelf.check.library import load_card, load_library
from learnshelf.check.rulebook import BY_ID
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import load_taxonomy
from learnshelf.tools.fromissue import read_form

INVALID = sorted((EXAMPLES / "invalid").glob("*.md"))
#: Every example card with an ``.expected`` file: the invalid cards and the hostile ones.
CARDS = INVALID + sorted((EXAMPLES / "hostile").glob("*.md")) + sorted((EXAMPLES / "languages").glob("*.md"))
#: Rules whose examples are built by tests (symlinks, sizes, unreadable files) rather than stored.
BUILT_BY_TESTS = {"symlink", "not-markdown", "card-too-large", "unreadable", "url-clash", "not-a-file"}
#: Cases that also flag a card of the example library, by design.
ALSO_FLAGS = {"giving-feedback": [("docs/resources/people/giving-feedback.md", "duplicate-id")]}


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(EXAMPLE_PROJECT)


def expected_lines(case: Path) -> list[str]:
    """The ``line:col rule-id message`` lines an example file must give, in order."""
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def expected_rules(case: Path) -> list[str]:
    return [line.split()[1] for line in expected_lines(case)]


def test_valid_example_library_is_clean(project: Project) -> None:
    taxonomy, problems = project.load_taxonomy()
    assert problems == []
    library = load_library(project, taxonomy)
    assert library.result.problems == []
    assert len(library.cards) == 5 and all(card.valid for card in library.cards)


@pytest.mark.parametrize("case", CARDS, ids=[f"{c.parent.name}/{c.stem}" for c in CARDS])
def test_example_card_reports_exact_problems(project: Project, case: Path) -> None:
    taxonomy, _ = project.load_taxonomy()
    library = load_library(project, taxonomy, extra=[case])
    display = project.display(case)
    found = [f"{p.line}:{p.col} {p.rule} {p.message}" for p in library.result.sorted() if p.path == display]
    assert found == expected_lines(case)
    others = [(p.path, p.rule) for p in library.result.problems if p.path != display]
    assert others == ALSO_FLAGS.get(case.stem, [])
    card = next(c for c in library.cards if c.path == display)
    assert card.valid == (not any(BY_ID[rule].severity == "error" for rule in expected_rules(case)))


def test_every_rule_has_an_example() -> None:
    stored = {rule for case in CARDS for rule in expected_rules(case)}
    stored |= {line.split()[1] for line in (EXAMPLES / "broken-curation" / "expected.txt").read_text().splitlines()}
    stored |= set(expected_rules(EXAMPLES / "pathways" / "bad-pathway.yml"))
    stored |= set(expected_rules(EXAMPLES / "issue" / "broken-form.yml"))
    assert set(BY_ID) - stored - BUILT_BY_TESTS == set()


def test_broken_curation_reports_every_problem() -> None:
    folder = EXAMPLES / "broken-curation"
    _, problems = load_taxonomy(folder, "curation")
    rows = sorted(problems, key=lambda p: (p.path.split("/")[-1], p.line, p.col, p.rule, p.message))
    found = [f"{p.path.split('/')[-1]}:{p.line}:{p.col} {p.rule} {p.message}" for p in rows]
    assert found == (folder / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_broken_issue_form_reports_every_problem() -> None:
    case = EXAMPLES / "issue" / "broken-form.yml"
    _, problems = read_form(case, "form.yml")
    assert [f"{p.line}:{p.col} {p.rule} {p.message}" for p in sorted(problems)] == expected_lines(case)


def test_broken_pathway_reports_every_problem(project_copy: Path) -> None:
    case = EXAMPLES / "pathways" / "bad-pathway.yml"
    shutil.copy(case, project_copy / "curation" / "pathways")
    project = Project(project_copy)
    taxonomy, _ = project.load_taxonomy()
    library = load_library(project, taxonomy)
    found = [f"{p.line}:{p.col} {p.rule} {p.message}" for p in library.result.sorted()]
    assert found == expected_lines(case)
    assert [p.id for p in library.pathways] == ["bad-pathway", "getting-started"]


def test_symlinks_and_stray_files_are_reported(project_copy: Path) -> None:
    resources = project_copy / "docs" / "resources"
    (resources / "notes.txt").write_text("not a card")
    (resources / "linked.md").symlink_to(resources / "first-week.md")
    (resources / "linked-folder").symlink_to(resources / "people")
    project = Project(project_copy)
    taxonomy, _ = project.load_taxonomy()
    found = sorted((p.path, p.rule) for p in load_library(project, taxonomy).result.problems)
    assert found == [("docs/resources/linked-folder", "symlink"), ("docs/resources/linked.md", "symlink"),
                     ("docs/resources/notes.txt", "not-markdown")]


def test_named_pipes_under_docs_are_reported_not_read(project_copy: Path) -> None:
    """Reading a FIFO waits for a writer forever: the scan reports it instead of opening it."""
    import os

    os.mkfifo(project_copy / "docs" / "resources" / "waiting.md")
    (project_copy / "docs" / "assets").mkdir()
    os.mkfifo(project_copy / "docs" / "assets" / "waiting.css")
    project = Project(project_copy)
    taxonomy, _ = project.load_taxonomy()
    library = load_library(project, taxonomy)
    found = sorted((p.path, p.rule) for p in library.result.problems)
    assert found == [("docs/assets/waiting.css", "not-a-file"), ("docs/resources/waiting.md", "not-a-file")]
    assert "docs/resources/waiting.md" not in {c.path for c in library.cards}


def test_files_publishing_to_one_url_or_from_outside_docs_are_reported(project_copy: Path) -> None:
    docs = project_copy / "docs"
    (docs / "guide").mkdir()
    (docs / "guide.md").write_text("# Guide\n")
    (docs / "guide" / "index.md").write_text("# Also the guide\n")
    (docs / "assets").mkdir()
    (docs / "assets" / "leak.txt").symlink_to("/etc/hostname")
    (docs / "resources" / "Leadership").mkdir()
    shutil.copy(docs / "resources" / "first-week.md", docs / "resources" / "Leadership" / "first-steps.md")
    shutil.copy(docs / "resources" / "first-week.md", docs / "resources" / "people" / "index.md")
    project = Project(project_copy)
    taxonomy, _ = project.load_taxonomy()
    found = sorted((p.path, p.rule) for p in load_library(project, taxonomy).result.problems)
    assert found == [
        ("docs/assets/leak.txt", "symlink"),
        ("docs/guide.md", "url-clash"),
        ("docs/resources/Leadership", "invalid-id"),
        ("docs/resources/people/index.md", "invalid-id"),
    ]


def test_oversized_card_is_refused_before_parsing(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "huge.md"
    card.write_text("---\ntitle: Huge\n---\n" + "word " * 20_000)
    project = Project(project_copy)
    taxonomy, _ = project.load_taxonomy()
    _, problems = load_card(project, card, taxonomy)
    assert [(p.line, p.rule) for p in problems] == [(1, "card-too-large")]


def test_unreadable_card_is_reported_not_raised(project: Project, tmp_path: Path) -> None:
    taxonomy, _ = project.load_taxonomy()
    card, problems = load_card(project, tmp_path / "vanished.md", taxonomy)
    assert [(p.line, p.rule) for p in problems] == [(1, "unreadable")]
    assert not card.valid
