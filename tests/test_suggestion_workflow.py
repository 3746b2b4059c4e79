"""The "Suggestion to pull request" workflow: an issue labelled `accepted` becomes a card on the
branch suggestion/<N> and a pull request. Its script (scripts/suggestion.sh, the step's `run:`)
runs for real here, in a git copy of the example project with a bare `origin`, against a fake
`gh` that logs its calls. The issue is untrusted: hostile bodies change nothing but the card."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, REPO
from workflowkit import WORKFLOWS, bash, fake_gh, gh_calls, load, step, triggers

SUGGESTION = load(WORKFLOWS / "suggestion.yml")
STEP = "Make the card, then open or update the pull request"
ISSUE = (EXAMPLES / "issue" / "suggestion.md").read_text(encoding="utf-8")
CARD = "docs/resources/suggested/active-listening-a-primer.md"
PR_URL = "https://github.example/o/r/pull/9"

FAKE_GH = f"""#!/usr/bin/env bash
echo "gh $*" >> "$GH_LOG"
case "$1 $2" in
  "pr list") printf '%s\\n' "$FAKE_OPEN_PR" ;;
  "pr create"|"pr view") echo "{PR_URL}" ;;
esac
case "$1 $2" in "issue comment"|"pr create"|"pr edit")  # keep the text each call was given
  while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cat "$2" >> "$GH_LOG.bodies"; shift; done ;;
esac
"""


def test_the_workflow_runs_on_the_accepted_label_of_a_form_s_issue_with_the_least_permissions() -> None:
    assert triggers(SUGGESTION) == {"issues"} and SUGGESTION[True]["issues"]["types"] == ["labeled"]
    assert SUGGESTION["permissions"] == {}
    job = SUGGESTION["jobs"]["card"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    condition = " ".join(job["if"].split())
    assert condition.startswith("github.event.label.name == 'accepted' && (")
    forms = sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["labels"][0]
                   for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")
                   if p.name not in ("config.yml", "card-feedback.yml"))
    assert [f"contains(github.event.issue.labels.*.name, '{label}')" in condition for label in forms] == [True] * len(forms)
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"] == {"persist-credentials": False}
    assert "ref" not in checkout["with"] and "repository" not in checkout["with"]  # the default branch only
    run = step(SUGGESTION, "card", STEP)
    assert run["run"].strip() == 'scripts/suggestion.sh "$GITHUB_EVENT_PATH"'
    assert "${{" not in run["run"] and all("issue" not in v for v in run["env"].values())


def _git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                           *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(project_copy: Path, tmp_path: Path) -> Path:
    """The example project with the forms and the script, committed on main, with a bare origin."""
    shutil.copytree(REPO / ".github" / "ISSUE_TEMPLATE", project_copy / ".github" / "ISSUE_TEMPLATE")
    (project_copy / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "suggestion.sh", project_copy / "scripts")
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", str(origin))
    _git(project_copy, "init", "-q", "-b", "main")
    _git(project_copy, "add", ".")
    _git(project_copy, "commit", "-qm", "main")
    _git(project_copy, "remote", "add", "origin", str(origin))
    _git(project_copy, "push", "-q", "origin", "main")
    return project_copy


def _event(tmp_path: Path, body: str, labels: tuple[str, ...] = ("resource-suggestion", "accepted")) -> Path:
    event = {"action": "labeled", "label": {"name": "accepted"},
             "issue": {"number": 42, "title": "Suggest: $(touch /tmp/pwned)", "body": body,
                       "user": {"login": "sam-k", "id": 1234}, "labels": [{"name": n} for n in labels]}}
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def run_workflow(repo: Path, tmp_path: Path, body: str, open_pr: str = "", label: str = "resource-suggestion",
                 ) -> tuple[subprocess.CompletedProcess[str], list[str], str]:
    """Run the step's script as GitHub would; (result, gh calls, the texts gh was given)."""
    log = fake_gh(FAKE_GH, tmp_path)
    (tmp_path / "gh.log.bodies").write_text("", encoding="utf-8")
    env = {"GH_LOG": str(log), "FAKE_OPEN_PR": open_pr, "GH_TOKEN": "x", "GH_REPO": "o/r",
           "GITHUB_EVENT_PATH": str(_event(tmp_path, body, (label, "accepted"))), "LEARNSHELF": str(Path(sys.executable).parent / "learnshelf"),
           "PYTHONPATH": str(REPO)}
    done = bash(step(SUGGESTION, "card", STEP)["run"], repo, env, tmp_path)
    return done, gh_calls(log), (tmp_path / "gh.log.bodies").read_text(encoding="utf-8")


def _branch_files(repo: Path) -> list[str]:
    """The files the pushed branch changes against main."""
    return _git(repo, "diff", "--name-only", "origin/main", "origin/suggestion/42").splitlines()


def test_a_valid_suggestion_opens_one_pull_request_and_says_so(repo: Path, tmp_path: Path) -> None:
    done, calls, texts = run_workflow(repo, tmp_path, ISSUE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert calls == ["auth setup-git", "pr list --head suggestion/42 --state open --json number --jq .[0].number // empty",
                     "pr create --base main --head suggestion/42 --title Add the card suggested in #42 --body-file "
                     + calls[2].rsplit(" ", 1)[1], "issue comment 42 --body-file " + calls[3].rsplit(" ", 1)[1]]
    _git(repo, "fetch", "-q", "origin")
    assert _branch_files(repo) == [CARD]
    message = _git(repo, "log", "-1", "--format=%B", "origin/suggestion/42")
    assert "Co-authored-by: sam-k <1234+sam-k@users.noreply.github.com>" in message
    assert texts.startswith("Closes #42\n") and "Suggested by @sam-k" in texts
    assert texts.endswith(f"Thanks! The card is ready for review: opened {PR_URL}.\n")


def test_the_pull_request_body_carries_the_ranked_tag_suggestions(repo: Path, tmp_path: Path) -> None:
    issue = ISSUE.replace("What active listening is, with three habits",
                          "What active listening is for a designer, with three habits against stress")
    done, _, texts = run_workflow(repo, tmp_path, issue)
    assert done.returncode == 0, done.stdout + done.stderr
    body = texts.split("Thanks! The card is ready for review")[0]
    section = body.split("\n### Tag suggestions\n", 1)[1]
    fenced = section.split("~~~text\n", 1)[1].split("\n~~~\n", 1)[0]
    assert f"{CARD}:5: topic 'wellbeing' 0.50 (write): 'stress' 1x in the summary" in fenced.splitlines()
    assert f"{CARD}:5: role 'designer' 0.50 (propose): 'designer' 1x in the summary" in fenced.splitlines()
    _git(repo, "fetch", "-q", "origin")
    front = _front(_git(repo, "show", f"origin/suggestion/42:{CARD}"))
    assert front["topics"] == ["feedback"] and "roles" not in front  # proposed to the curator, not applied


def test_an_invalid_suggestion_gets_its_problems_and_loses_the_label(repo: Path, tmp_path: Path) -> None:
    body = ISSUE.replace("feedback\n", "feedbak\n").replace("https://en.wikipedia.org/wiki/Active_listening",
                                                            "javascript:alert(`x`)")
    done, calls, texts = run_workflow(repo, tmp_path, body)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [c.split(" --")[0] for c in calls] == ["issue comment 42", "issue edit 42"]
    assert calls[1] == "issue edit 42 --remove-label accepted"
    assert f"{CARD}:" in texts and "unknown-topic 'feedbak' is not a topic" in texts and "url-scheme" in texts
    assert "~~~text\n" in texts and "`x`" not in texts and "Traceback" not in texts
    assert _git(repo, "ls-remote", "origin", "suggestion/42") == ""
    assert _git(repo, "status", "--porcelain") == ""


def test_a_second_label_event_updates_the_same_branch_and_pull_request(repo: Path, tmp_path: Path) -> None:
    done, _, _ = run_workflow(repo, tmp_path, ISSUE)
    assert done.returncode == 0, done.stderr
    _git(repo, "checkout", "-q", "main")
    edited = ISSUE.replace("Use it in your next one-to-one", "Try it in your next one-to-one")
    done, calls, texts = run_workflow(repo, tmp_path, edited, open_pr="9")
    assert done.returncode == 0, done.stdout + done.stderr
    assert [c.split(" --")[0] for c in calls] == ["auth setup-git", "pr list", "pr edit 9", "pr view 9", "issue comment 42"]
    _git(repo, "fetch", "-q", "origin")
    assert _branch_files(repo) == [CARD]
    assert "Try it in your next" in _git(repo, "show", f"origin/suggestion/42:{CARD}")
    assert _git(repo, "rev-list", "--count", "origin/main..origin/suggestion/42") == "1"
    assert f"updated {PR_URL}" in texts


def _front(card: str) -> dict[str, Any]:
    front = yaml.safe_load(card.split("---\n")[1])
    assert isinstance(front, dict)
    return front


HOSTILE = {
    "shell": ("Active listening: a primer", "Active listening $(touch pwned) `touch pwned2` ; rm -rf . && echo | x"),
    "front matter break": ("Use it in your next one-to-one: **summarise** before you answer.",
                           "Use it.\n---\ntemplate: evil.html\ncore: true\n---\n\n$(touch pwned)"),
    "template keys": ("What active listening is, with three habits",
                      "template: evil.html hooks: [x] What active listening is, with three habits"),
}


@pytest.mark.parametrize("where", sorted(HOSTILE))
def test_a_hostile_body_changes_nothing_but_the_card(repo: Path, tmp_path: Path, where: str) -> None:
    old, new = HOSTILE[where]
    done, _, _ = run_workflow(repo, tmp_path, ISSUE.replace(old, new))
    assert done.returncode == 0, done.stdout + done.stderr
    _git(repo, "fetch", "-q", "origin")
    files = _branch_files(repo)
    assert len(files) == 1 and files[0].startswith("docs/resources/suggested/")
    card = _git(repo, "show", f"origin/suggestion/42:{files[0]}")
    assert set(_front(card)) <= {"title", "type", "url", "summary", "topics", "level", "accessibility",
                                 "contributor", "added"}
    assert "core" not in _front(card) and "template" not in _front(card)
    assert not list(repo.rglob("pwned*")) and not list(tmp_path.glob("pwned*"))


def test_a_huge_body_is_refused_in_plain_words(repo: Path, tmp_path: Path) -> None:
    done, calls, texts = run_workflow(repo, tmp_path, ISSUE + "x" * 1_000_000)
    assert done.returncode == 1, done.stdout + done.stderr  # GitHub never sends one: the run fails as well
    assert [c.split(" --")[0] for c in calls] == ["issue comment 42", "issue edit 42"]
    assert "is not a text of at most 262,144 bytes" in texts and "Traceback" not in texts
    assert _git(repo, "status", "--porcelain") == "" and _git(repo, "ls-remote", "origin", "suggestion/42") == ""


FORMS = EXAMPLES / "issue" / "forms"


@pytest.mark.parametrize(("case", "label", "card"), [
    ("share-what-you-learned", "learning-note", "what-i-learned-about-360-degree-feedback"),
    ("share-a-tip", "work-tip", "close-every-meeting-with-the-decisions-out-loud"),
    ("offer-to-mentor", "mentor-or-community", "coaching-circle-for-new-managers"),
])
def test_every_form_s_issue_becomes_one_pull_request(repo: Path, tmp_path: Path, case: str, label: str,
                                                     card: str) -> None:
    done, calls, texts = run_workflow(repo, tmp_path, (FORMS / f"{case}.md").read_text(encoding="utf-8"), label=label)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [c.split(" --")[0] for c in calls] == ["auth setup-git", "pr list", "pr create", "issue comment 42"]
    _git(repo, "fetch", "-q", "origin")
    assert _branch_files(repo) == [f"docs/resources/suggested/{card}.md"]
    assert texts.startswith("Closes #42\n") and f"opened {PR_URL}" in texts


def test_a_mentor_offer_with_a_phone_number_gets_the_problem_and_loses_the_label(repo: Path, tmp_path: Path) -> None:
    body = (FORMS / "offer-to-mentor.md").read_text(encoding="utf-8").replace(
        "The #coaching-circle channel on the company chat", "Text me on +44 7700 900123")
    done, calls, texts = run_workflow(repo, tmp_path, body, label="mentor-or-community")
    assert done.returncode == 0, done.stdout + done.stderr
    assert calls[-1] == "issue edit 42 --remove-label accepted"
    assert "personal-data '+44 7700 900123' looks like a phone number" in texts
    assert _git(repo, "ls-remote", "origin", "suggestion/42") == ""
