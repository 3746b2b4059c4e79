"""The rest of the repository's GitHub set-up: the suggestion form kept in step with the card
schema and curator policy, Dependabot, code owners, pre-commit and the pull request template."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import REPO
from workflowkit import GITHUB, load

from learnshelf.load.taxonomy import load_taxonomy
from learnshelf.model.schema import FIELDS

ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "suggest-a-resource.yml"


# --- the suggestion form, in step with the card schema and curator policy -------------------

def _form() -> dict[str, Any]:
    return load(ISSUE_FORM)


def _fields() -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in _form()["body"] if e["type"] != "markdown"}


def test_issue_form_fields_are_card_keys() -> None:
    form = _form()
    assert form["labels"] == ["resource-suggestion"]
    assert form["body"][0]["type"] == "markdown"
    elements = [e for e in form["body"] if e["type"] != "markdown"]
    assert all("id" in e for e in elements)
    ids = [e["id"] for e in elements]
    assert len(ids) == len(set(ids))
    keys = {f.name for f in FIELDS}
    assert set(ids) <= keys | {"body"}
    assert "core" not in ids  # curators decide what everyone must see
    assert ids[-1] == "body"
    labels = [e["attributes"]["label"] for e in elements]
    assert len(labels) == len(set(labels)), "from-issue finds fields by label"
    assert _fields()["body"]["attributes"]["label"] == "Why is it worth someone's time?"


def test_issue_form_labels_are_read_back_as_their_fields() -> None:
    """`learnshelf from-issue` reads the form itself: each label's heading fills its id."""
    from learnshelf.tools.fromissue import parse_form, read_form

    form, problems = read_form(ISSUE_FORM, "suggest-a-resource.yml")
    assert problems == []
    fields = _fields()
    assert [(f.id, f.label, f.type) for f in form] == [
        (key, e["attributes"]["label"], e["type"]) for key, e in fields.items()]
    # The body as GitHub renders a submitted form.
    rendered = "\n\n".join(
        f"### {e['attributes']['label']}\n\n" + (
            "- [X] captions\n- [ ] transcript\n- [X] easy-read" if key == "accessibility"
            else "_No response_" if key == "roles" else f"value of {key}")
        for key, e in fields.items())
    values, body, unknown = parse_form(rendered, form)
    assert unknown == [] and body == "value of body"
    assert values["accessibility"] == "captions, easy-read" and "roles" not in values
    assert values["url"] == "value of url"
    assert set(values) == set(fields) - {"body", "roles"}


def test_issue_form_requires_what_a_card_requires() -> None:
    fields = _fields()
    required_keys = {f.name for f in FIELDS if f.required} - {"added"}  # set when the card is made
    assert required_keys <= set(fields)
    for key, element in fields.items():
        required = bool(element.get("validations", {}).get("required", False))
        assert required == (key in required_keys or key == "body"), key


def test_issue_form_options_are_the_policy_ids() -> None:
    taxonomy, problems = load_taxonomy(REPO / "curation")
    assert problems == []
    fields = _fields()
    for key, vocabulary in (("type", "types"), ("level", "levels"), ("cost", "costs")):
        assert fields[key]["type"] == "dropdown"
        assert fields[key]["attributes"]["options"] == list(taxonomy.vocabularies[vocabulary]), key
    access = fields["accessibility"]
    assert access["type"] == "checkboxes"
    assert [o["label"] for o in access["attributes"]["options"]] == list(taxonomy.vocabularies["accessibility"])


def test_issue_config_has_no_invented_links() -> None:
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    assert all(link["url"].startswith("https://") for link in config.get("contact_links", []))


# --- dependabot, code owners, pre-commit, pull request template ----------------------------

def test_dependabot_updates_pip_and_actions_weekly() -> None:
    updates = {u["package-ecosystem"]: u for u in load(GITHUB / "dependabot.yml")["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    assert updates["pip"]["directory"] == "/"
    assert all(u["schedule"]["interval"] == "weekly" for u in updates.values())


def _owners(path: str) -> list[str]:
    """Owners of ``path`` under the patterns this CODEOWNERS uses (last match wins)."""
    owners: list[str] = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *who = line.split()
        if pattern == "*":
            hit = True
        else:
            assert pattern.startswith("/"), f"use anchored patterns: {pattern}"
            hit = path.startswith(pattern[1:]) if pattern.endswith("/") else path == pattern[1:]
        if hit:
            owners = who
    return owners


@pytest.mark.parametrize(("path", "owners"), [
    ("docs/resources/communication/active-listening.md", ["@learnshelf/curators"]),
    ("curation/topics.yml", ["@learnshelf/curators"]),
    ("learnshelf/cli/main.py", ["@learnshelf/maintainers"]),
    ("docs/contributing/index.md", ["@learnshelf/maintainers"]),
    ("mkdocs.yml", ["@learnshelf/maintainers"]),
    (".github/workflows/pr.yml", ["@learnshelf/maintainers"]),
    (".github/CODEOWNERS", ["@learnshelf/maintainers"]),
])
def test_codeowners(path: str, owners: list[str]) -> None:
    assert _owners(path) == owners


def test_pre_commit_validates_changed_cards_and_everything_on_curation_changes() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    (local,) = config["repos"]
    assert local["repo"] == "local"
    hooks = {h["id"]: h for h in local["hooks"]}
    cards, curation = hooks["learnshelf-validate-cards"], hooks["learnshelf-validate-curation"]
    for hook in (cards, curation):
        assert hook["language"] == "system" and "learnshelf validate" in hook["entry"]
    assert re.search(cards["files"], "docs/resources/a/b.md")
    assert not re.search(cards["files"], "docs/index.md")
    assert cards.get("pass_filenames", True) is True
    assert re.search(curation["files"], "curation/topics.yml") and curation["pass_filenames"] is False


def test_pull_request_template_has_the_curator_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(items) == 8
    for words in ("Real resource", "internal guide", "No invented links", "summary helps",
                  "fit the work, not the person", "core: true", "No duplicate", "validate` passes"):
        assert any(words in item for item in items), words
