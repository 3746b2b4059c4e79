"""Contributor commands as they are used: ``tag``, ``new`` and ``schema``."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest
from conftest import REPO, run_cli
from jsonschema import Draft202012Validator

HEADING = ("suggestion(s), highest first; `tag --write` adds the topics at 0.50 or above (write), roles are only "
           "proposed to a curator (propose)")


def test_tag_ranks_suggestions_with_their_score_and_evidence(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "people" / "giving-feedback.md"
    card.write_text(card.read_text() + "Covers GDPR basics, GDPR rights and GDPR fines.\n")
    result = run_cli("tag", "docs/resources/people/giving-feedback.md", cwd=project_copy)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"docs/resources/people/giving-feedback.md: {len(lines) - 1} {HEADING}"
    assert "docs/resources/people/giving-feedback.md:20: topic 'data-protection' 0.60 (write): 'GDPR' 3x in the body" in lines
    assert "docs/resources/people/giving-feedback.md: topic 'coaching' 0.21 (consider): 1 of the 2 most similar cards have it (coaching-with-grow)" in lines
    scores = [float(line.split("' ")[1].split(" ")[0]) for line in lines[1:]]
    assert scores == sorted(scores, reverse=True)


def test_tag_never_narrows_a_core_card_or_reads_roles_from_the_body(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "first-week.md"
    card.write_text(card.read_text() + "Your manager will cover GDPR basics on day two.\n")
    result = run_cli("tag", "docs/resources/first-week.md", cwd=project_copy)
    assert "docs/resources/first-week.md:12: topic 'data-protection' 0.33 (consider): 'GDPR' 1x in the body" in result.stdout
    assert " role " not in result.stdout


def test_tag_does_not_propose_listed_topics_or_their_parents(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "people" / "coaching-with-grow.md"
    result = run_cli("tag", str(card), cwd=project_copy)
    assert result.returncode == 0 and "topic 'feedback'" in result.stdout
    assert "'coaching'" not in result.stdout and "'leadership'" not in result.stdout


def test_tag_write_adds_only_the_confident_topics_and_changes_only_that_line(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "people" / "coaching-with-grow.md"
    before = card.read_text() + "\nCoaching helps with stress: stress at work, stress at home. Not GDPR.\n"
    card.write_text(before)
    result = run_cli("tag", "--write", str(card), cwd=project_copy)
    assert result.returncode == 0, result.stdout
    assert "coaching-with-grow.md:25: topic 'wellbeing' 0.60 (write): 'stress' 3x in the body" in result.stdout
    assert "coaching-with-grow.md:25: topic 'data-protection' 0.33 (consider): 'GDPR' 1x in the body" in result.stdout
    assert card.read_text() == before.replace("topics:\n  - coaching\n", "topics: [coaching, wellbeing]\n")
    assert result.stdout.endswith("updated docs/resources/people/coaching-with-grow.md: topics coaching, wellbeing\n")
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_tag_without_write_changes_no_file(project_copy: Path) -> None:
    def files() -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in sorted(project_copy.rglob("*")) if p.is_file()}

    before = files()
    assert run_cli("tag", "docs/resources/people/giving-feedback.md", cwd=project_copy).returncode == 0
    assert files() == before  # not even validate's cache, which it reads when there is one


def test_tag_write_never_writes_a_role(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "old-privacy-course.md"
    card.write_text(card.read_text().replace("still work.", "still work, for a designer."))
    before = card.read_text()
    result = run_cli("tag", "--write", str(card), cwd=project_copy)
    assert result.returncode == 0
    assert "docs/resources/old-privacy-course.md:5: role 'designer' 0.50 (propose): 'designer' 1x in the summary" in result.stdout
    assert card.read_text() == before


def test_new_card_is_the_one_flagged_as_a_duplicate_even_on_the_same_day(project_copy: Path) -> None:
    existing = project_copy / "docs" / "resources" / "people" / "giving-feedback.md"
    import datetime as dt
    text = existing.read_text().replace("added: 2026-01-15", f"added: {dt.date.today()}")
    existing.write_text(text.replace("reviewed: 2026-06-01\n", ""))
    result = run_cli("new", "--no-input", "--title", "A feedback primer", "--type", "article", "--folder", "a",
                     "--url", "https://en.wikipedia.org/wiki/360-degree_feedback", "--summary",
                     "The same resource as an existing card, added again.", "--topics", "feedback",
                     "--contributor", "ana", cwd=project_copy)
    assert result.returncode == 1 and "duplicate-url" in result.stdout
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_new_writes_a_valid_card(project_copy: Path) -> None:
    result = run_cli("new", "--no-input", "--title", "Sleep: why it matters", "--type", "article",
                     "--url", "https://en.wikipedia.org/wiki/Sleep_hygiene", "--summary",
                     "What sleep hygiene is and five habits that help you rest.", "--topics", "wellbeing, Stress",
                     "--contributor", "ana", "--folder", "health", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    path = project_copy / "docs" / "resources" / "health" / "sleep-why-it-matters.md"
    assert result.stdout.startswith("created docs/resources/health/sleep-why-it-matters.md")
    assert "title: 'Sleep: why it matters'" in path.read_text()
    assert "duplicate-tag (warning)" in result.stdout  # Stress is a synonym of wellbeing
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_new_refuses_to_overwrite(project_copy: Path) -> None:
    path = project_copy / "docs" / "resources" / "first-week.md"
    before = path.read_bytes()
    result = run_cli("new", "--no-input", "--id", "first-week", "--title", "Another first week", "--type", "guide",
                     "--summary", "Another checklist for the first week at work.", "--topics", "onboarding",
                     "--contributor", "ana", cwd=project_copy)
    assert result.returncode == 1 and "already exists" in result.stderr
    assert path.read_bytes() == before


def test_new_does_not_write_an_invalid_card(project_copy: Path) -> None:
    result = run_cli("new", "--no-input", "--title", "Duplicate link", "--type", "article",
                     "--url", "https://en.wikipedia.org/wiki/360-degree_feedback", "--summary",
                     "The same resource as an existing card, added again.", "--topics", "leadershp",
                     "--contributor", "ana", cwd=project_copy)
    assert result.returncode == 1
    assert "unknown-topic 'leadershp' is not a topic (did you mean 'leadership'?)" in result.stdout
    assert "duplicate-url this resource already has a card: docs/resources/people/giving-feedback.md" in result.stdout
    assert not (project_copy / "docs" / "resources" / "duplicate-link.md").exists()


def test_new_without_required_flags_is_a_usage_error(project_copy: Path) -> None:
    result = run_cli("new", "--no-input", "--title", "Only a title", cwd=project_copy)
    assert result.returncode == 2
    assert "missing --type, --summary, --topics, --contributor" in result.stderr


def test_new_rejects_a_folder_outside_the_library(project_copy: Path) -> None:
    result = run_cli("new", "--no-input", "--title", "Escape", "--type", "guide", "--folder", "../../x",
                     "--summary", "Trying to write outside docs/resources.", "--topics", "onboarding",
                     "--contributor", "ana", cwd=project_copy)
    assert result.returncode == 2
    assert not (project_copy.parent / "x").exists()


@pytest.mark.parametrize("card_id", ["../../x", "../outside", "people/x", "/tmp/x", "Bad_Id", "a--b", "a" * 81])
def test_new_rejects_an_id_that_is_not_a_card_id(project_copy: Path, card_id: str) -> None:
    def everything() -> list[Path]:
        return sorted(project_copy.parent.rglob("*"))

    before = everything()
    result = run_cli("new", "--no-input", "--title", "Escape", "--type", "guide", "--id", card_id,
                     "--summary", "Trying to write outside docs/resources.", "--topics", "onboarding",
                     "--contributor", "ana", cwd=project_copy)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("learnshelf: --id takes a card id: lowercase letters, digits and single hyphens, "
                             "at most 80 characters, e.g. giving-feedback\n")
    assert everything() == before and not Path("/tmp/x.md").exists()


def test_schema_lists_fields_and_vocabularies(project_copy: Path) -> None:
    schema = json.loads(run_cli("schema", cwd=project_copy).stdout)
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["title", "type", "contributor", "added"]
    assert schema["properties"]["topics"]["items"]["enum"] == [
        "coaching", "data-protection", "feedback", "leadership", "onboarding", "wellbeing"]
    needs_url = schema["allOf"][0]["if"]["properties"]["type"]["enum"]
    assert "article" in needs_url and "guide" not in needs_url


def _front_matter(path: Path) -> dict[str, object]:
    """A card's front matter as an editor's YAML language server sees it (YAML 1.2: an unquoted
    date is a string, where PyYAML would make it a date)."""
    data = frontmatter.loads(path.read_text(encoding="utf-8")).metadata
    return json.loads(json.dumps(data, default=str))


def _schema_errors(schema: dict[str, object], data: dict[str, object]) -> list[str]:
    return sorted(e.message for e in Draft202012Validator(schema).iter_errors(data))


def test_the_schema_accepts_every_card_validate_accepts_drafts_included(project_copy: Path) -> None:
    """Editors check cards against `learnshelf schema` as they type: a card `validate` accepts,
    a draft without its summary and topics among them, must not be marked wrong there."""
    schema = json.loads(run_cli("schema", cwd=project_copy).stdout)
    draft = project_copy / "docs" / "resources" / "draft-idea.md"
    draft.write_text("---\ntitle: A link waiting for its summary\ntype: guide\ncontributor: example-curator\n"
                     "added: 2026-04-01\nstatus: draft\n---\nImported from a list.\n", encoding="utf-8")
    result = run_cli("validate", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    cards = sorted((project_copy / "docs" / "resources").rglob("*.md"))
    assert {card.name: _schema_errors(schema, _front_matter(card)) for card in cards} == {
        card.name: [] for card in cards}


def test_the_starter_library_passes_the_schema() -> None:
    schema = json.loads(run_cli("schema").stdout)
    cards = sorted((REPO / "docs" / "resources").rglob("*.md"))
    assert len(cards) > 40
    assert [(card.name, _schema_errors(schema, _front_matter(card))) for card in cards
            if _schema_errors(schema, _front_matter(card))] == []


def test_the_schema_refuses_what_validate_refuses(project_copy: Path) -> None:
    schema = json.loads(run_cli("schema", cwd=project_copy).stdout)
    card = _front_matter(project_copy / "docs" / "resources" / "people" / "giving-feedback.md")
    published = {k: v for k, v in card.items() if k not in ("summary", "topics")}
    assert _schema_errors(schema, published) == ["'summary' is a required property", "'topics' is a required property"]
    assert _schema_errors(schema, {**published, "status": "retired"}) == [
        "'summary' is a required property", "'topics' is a required property"]
    assert _schema_errors(schema, {**published, "status": "draft"}) == []
    linkless = {k: v for k, v in card.items() if k != "url"}
    assert _schema_errors(schema, {**linkless, "type": "article"}) == ["'url' is a required property"]
    assert _schema_errors(schema, {**card, "template": "main.html"}) == [
        "Additional properties are not allowed ('template' was unexpected)"]
