"""Getting cards in without writing YAML: ``import`` (CSV and awesome lists) and ``from-issue``."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES, run_cli

CSV = EXAMPLES / "import" / "resources.csv"
AWESOME = EXAMPLES / "import" / "awesome.md"
ISSUE = EXAMPLES / "issue" / "suggestion.md"


def test_csv_import_creates_valid_cards_and_reports_bad_rows(project_copy: Path) -> None:
    result = run_cli("import", str(CSV), "--map", "Resource name=title", "--map", "Link=url",
                     "--contributor", "importer", cwd=project_copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{CSV}:row 2: created docs/resources/imported/active-listening-basics.md",
        f"{CSV}:row 3: not imported: url-scheme 'javascript:' links are not allowed; use the full https:// address of the resource",
        f"{CSV}:row 3: not imported: text-length 'summary' has 9 characters; it must have 20 to 280",
        f"{CSV}:row 3: not imported: unknown-topic 'feedbak' is not a topic (did you mean 'feedback'?)",
        f"{CSV}:row 4: already in the library as docs/resources/people/giving-feedback.md; skipped",
        f"{CSV}:row 5: created docs/resources/imported/coaching-for-managers.md",
        "2 card(s) created, 1 already present, 1 row(s) not imported",
    ]
    card = (project_copy / "docs" / "resources" / "imported" / "coaching-for-managers.md").read_text()
    assert 'topics: ["coaching", "leadership"]\nroles: ["people-manager"]' in card
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_reimport_creates_nothing_and_overwrites_nothing(project_copy: Path) -> None:
    args = ("import", str(CSV), "--map", "Resource name=title", "--map", "Link=url", "--contributor", "importer")
    run_cli(*args, cwd=project_copy)
    created = project_copy / "docs" / "resources" / "imported" / "active-listening-basics.md"
    created.write_text(created.read_text().replace("Try it", "Edited by a curator: try it"))
    before = sorted(p.name for p in created.parent.iterdir())
    second = run_cli(*args, cwd=project_copy)
    assert "0 card(s) created, 3 already present, 1 row(s) not imported" in second.stdout
    assert sorted(p.name for p in created.parent.iterdir()) == before
    assert "Edited by a curator" in created.read_text()


def test_awesome_list_import_maps_headings_to_topics(project_copy: Path) -> None:
    result = run_cli("import", str(AWESOME), "--contributor", "importer", "--type", "article",
                     "--topic-map", "Miscellaneous=wellbeing", "--folder", "awesome", cwd=project_copy)
    lines = result.stdout.splitlines()
    assert lines == [
        f"{AWESOME}:line 7: created docs/resources/awesome/sleep-hygiene.md",
        f"{AWESOME}:line 8: not imported: text-length 'summary' has 5 characters; it must have 20 to 280",
        f"{AWESOME}:line 12: created docs/resources/awesome/onboarding.md",
        f"{AWESOME}:line 16: created docs/resources/awesome/pomodoro-technique.md",
        "3 card(s) created, 0 already present, 1 row(s) not imported",
    ]
    assert 'topics: ["onboarding"]' in (project_copy / "docs" / "resources" / "awesome" / "onboarding.md").read_text()
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_unmapped_heading_is_reported_with_its_line(project_copy: Path) -> None:
    result = run_cli("import", str(AWESOME), "--contributor", "importer", "--type", "article", cwd=project_copy)
    assert (f"{AWESOME}:line 16: not imported: the heading 'Miscellaneous' is not a topic; "
            "map it with --topic-map \"Miscellaneous=<topic>\"") in result.stdout


def test_from_issue_turns_a_form_into_a_valid_card(project_copy: Path) -> None:
    result = run_cli("from-issue", str(ISSUE), cwd=project_copy)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == ["created docs/resources/suggested/active-listening-a-primer.md"]
    card = (project_copy / "docs" / "resources" / "suggested" / "active-listening-a-primer.md").read_text()
    assert 'title: "Active listening: a primer"' in card
    assert 'summary: "What active listening is, with three habits that make people feel heard."' in card
    assert 'accessibility: ["screen-reader-friendly"]' in card and 'contributor: "sam"' in card
    assert card.endswith("---\nUse it in your next one-to-one: **summarise** before you answer.\n")
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_from_issue_with_problems_writes_nothing(project_copy: Path) -> None:
    body = ISSUE.read_text().replace("feedback\n", "feedbak\n").replace("https://en.wikipedia.org/wiki/Active_listening",
                                                                        "http://169.254.169.254/latest")
    result = run_cli("from-issue", cwd=project_copy, stdin=body)
    assert result.returncode == 1
    assert "url-private-host" in result.stdout and "unknown-topic 'feedbak'" in result.stdout
    assert not (project_copy / "docs" / "resources" / "suggested").exists()
