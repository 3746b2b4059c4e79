"""Every issue form makes its card: "Suggest a resource", "Share what you learned", "Share a tip
from your work" and "Offer to mentor or start a community". ``from-issue`` chooses the form by
the issue's label and reads only that form's headings; an example body per form gives exactly
the expected card (``tests/examples/issue/forms/<case>.md`` -> ``<case>.card``); hostile bodies
set nothing the form does not ask for; mentor and community cards refuse personal data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, REPO, run_cli

from learnshelf.tools.fromissue import SECTION
from learnshelf.tools.issueforms import FORMS_DIR, form_files, load_form

CASES = EXAMPLES / "issue" / "forms"
SUGGESTED = Path("docs") / "resources" / "suggested"
#: case -> the label of the form it is an issue of
LABELS = {"share-what-you-learned": "learning-note", "share-a-tip": "work-tip",
          "offer-to-mentor": "mentor-or-community", "offer-a-community": "mentor-or-community"}


@pytest.fixture
def forms_project(project_copy: Path) -> Path:
    """The example project with every issue form of the repository."""
    shutil.copytree(REPO / FORMS_DIR, project_copy / FORMS_DIR)
    return project_copy


def _allow_domain(project: Path, domain: str) -> None:
    policy = project / "curation" / "policy.yml"
    policy.write_text(policy.read_text().replace("internal_domains: []", f"internal_domains: [{domain}]"))


def _made(project: Path) -> list[Path]:
    folder = project / SUGGESTED
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("case", sorted(LABELS))
def test_each_form_s_example_gives_exactly_the_expected_card(forms_project: Path, case: str) -> None:
    if case == "offer-a-community":
        _allow_domain(forms_project, "example.org")  # its contact is a work address
    result = run_cli("from-issue", "--label", LABELS[case], str(CASES / f"{case}.md"), cwd=forms_project)
    assert result.returncode == 0, result.stdout + result.stderr
    card, = _made(forms_project)
    assert result.stdout == f"created {SUGGESTED.as_posix()}/{card.name}\n"
    lines = ["added: (today)" if line.startswith("added: ") else line for line in card.read_text().split("\n")]
    assert "\n".join(lines) == (CASES / f"{case}.card").read_text()
    assert run_cli("validate", cwd=forms_project).returncode == 0


def test_a_learning_note_names_its_card_by_id_page_or_resource_address(forms_project: Path) -> None:
    body = (CASES / "share-what-you-learned.md").read_text()
    link = "https://en.wikipedia.org/wiki/360-degree_feedback"
    for n, named in enumerate(("giving-feedback", "https://shelf.example.org/resources/people/giving-feedback/",
                               "https://www.en.wikipedia.org/wiki/360-degree_feedback")):
        text = body.replace(link, named).replace("360-degree feedback\n", f"360-degree feedback {n}\n", 1)
        assert run_cli("from-issue", "--label", "learning-note", cwd=forms_project, stdin=text).returncode == 0
    elsewhere = body.replace(link, "https://example.org/a-talk").replace("feedback\n", "feedback 3\n", 1)
    assert run_cli("from-issue", "--label", "learning-note", cwd=forms_project, stdin=elsewhere).returncode == 0
    fronts = [yaml.safe_load(card.read_text().split("---\n")[1]) for card in _made(forms_project)]
    assert sorted(str(f.get("related")) for f in fronts) == ["None"] + ["['giving-feedback']"] * 3
    assert [f["url"] for f in fronts if "url" in f] == ["https://example.org/a-talk"]


def test_the_tip_form_makes_the_type_the_policy_gives_it(forms_project: Path) -> None:
    policy = forms_project / "curation" / "policy.yml"
    policy.write_text(policy.read_text().replace("work-tip: learning-note", "work-tip: guide"))
    assert run_cli("from-issue", "--label", "work-tip", str(CASES / "share-a-tip.md"), cwd=forms_project).returncode == 0
    assert "\ntype: guide\n" in _made(forms_project)[0].read_text()
    policy.write_text(policy.read_text().replace("work-tip: guide", "work-tip: tip"))
    result = run_cli("from-issue", "--label", "work-tip", str(CASES / "share-a-tip.md"), cwd=forms_project)
    assert result.returncode == 2
    assert "curation/policy.yml:" in result.stdout and "form_types: 'tip' is not a type; allowed: article" in result.stdout


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("feedback-practice@example.org", "Write to kim.lee@gmail.com",
     "12:10: personal-data 'kim.lee@gmail.com' is an e-mail address outside the internal domains "
     "(curation/policy.yml lists none); give an internal channel or address instead"),
    ("feedback-practice@example.org", "#feedback-practice, or call 07700 900123",
     "12:29: personal-data '07700 900123' looks like a phone number; a mentor or community card never gives one "
     "(give an internal channel instead)"),
])
def test_mentor_and_community_cards_refuse_personal_data(forms_project: Path, old: str, new: str, problem: str) -> None:
    body = (CASES / "offer-a-community.md").read_text().replace(old, new)
    result = run_cli("from-issue", "--label", "mentor-or-community", cwd=forms_project, stdin=body)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == ["not created; the suggestion needs these fixes:",
                                              f"{SUGGESTED.as_posix()}/feedback-practice-group.md:{problem}"]
    assert _made(forms_project) == []


def test_the_form_is_chosen_by_the_issue_s_label(forms_project: Path, tmp_path: Path) -> None:
    def event(labels: list[str], body: str) -> str:
        path = tmp_path / "event.json"
        path.write_text(json.dumps({"issue": {"number": 3, "body": body, "user": {"login": "kim", "id": 9},
                                              "labels": [{"name": n} for n in labels]}}))
        return str(path)

    tip = (CASES / "share-a-tip.md").read_text()
    assert run_cli("from-issue", "--event", event(["accepted", "work-tip"], tip), cwd=forms_project).returncode == 0
    # Read as another form, the same body has none of that form's headings.
    result = run_cli("from-issue", "--event", event(["learning-note"], tip), cwd=forms_project)
    assert result.returncode == 1 and "the issue has no title field" in result.stdout
    result = run_cli("from-issue", "--event", event(["card-feedback"], tip), cwd=forms_project)
    assert result.returncode == 1 and "does not make cards" in result.stdout
    result = run_cli("from-issue", "--event", event(["question"], tip), cwd=forms_project)
    assert result.returncode == 2 and "no issue form (exactly one) carries the label(s) question" in result.stderr
    assert len(_made(forms_project)) == 1


def _fields(form: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in yaml.safe_load(form.read_text())["body"] if e["type"] != "markdown"}


#: Headings and YAML a submitter might type to set what the form does not ask for.
HOSTILE = ("\n\n### Core\n\ntrue\n\n### Related\n\ngiving-feedback\n\n### Type\n\nguide\n\n---\ntemplate: evil.html\n"
           "core: true\n---\n\n$(touch pwned) `touch pwned` ; rm -rf ~\n")


@pytest.mark.parametrize("case", sorted(LABELS))
def test_a_hostile_answer_sets_nothing_the_form_does_not_ask_for(forms_project: Path, case: str) -> None:
    _allow_domain(forms_project, "example.org")
    label = LABELS[case]
    form = next(p for p in form_files(forms_project) if load_form(p, p.name)[0].labels == (label,))
    body = (CASES / f"{case}.md").read_text()
    section = next(f for f in load_form(form, form.name)[0].fields if f.id.startswith(SECTION))
    end = body.index("\n\n###", body.index(f"### {section.label}\n"))  # the end of a section's answer
    hostile = body[:end] + HOSTILE + body[end:]
    result = run_cli("from-issue", "--label", label, cwd=forms_project, stdin=hostile)
    made = _made(forms_project)
    assert result.returncode == 0 and len(made) == 1, result.stdout  # the hostile text is the answer's text
    front = yaml.safe_load(made[0].read_text().split("---\n")[1]) if made else {}
    asked = {key for key in _fields(form) if not key.startswith(SECTION) and key != "body"}
    assert set(front) <= asked | {"added", "type"}, result.stdout
    assert "core" not in front and "template" not in front and "reviewed" not in front
    assert front.get("type", "") in ("", "learning-note", "mentor", "community")
    assert not list(forms_project.rglob("pwned*"))
    assert sorted(p.name for p in (forms_project / "docs" / "resources").iterdir()) == sorted(
        [p.name for p in (EXAMPLES / "project" / "docs" / "resources").iterdir()] + ["suggested"])
    assert "$(touch pwned) `touch pwned`" in made[0].read_text()  # kept as the note's text


@pytest.mark.parametrize("event", ["not json", '{"issue": {"number": 1}}', '{"issue": {"body": 7, "user": {"login": "x"}}}',
                                   "[]"])
def test_a_malformed_event_is_a_usage_error_in_plain_words(forms_project: Path, tmp_path: Path, event: str) -> None:
    path = tmp_path / "event.json"
    path.write_text(event)
    result = run_cli("from-issue", "--event", str(path), cwd=forms_project)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("learnshelf: ") and str(path) in result.stderr
    assert _made(forms_project) == []
