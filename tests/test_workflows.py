"""The repository's GitHub set-up: hardened workflows, the inline scripts they run, and the
suggestion form kept in step with the card schema and curator policy.

``workflow_problems`` is the hardening checker; it runs on every file in .github/workflows and on
deliberately broken copies, so a check that stopped working would show.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

from learnshelf.load.taxonomy import load_taxonomy
from learnshelf.model.schema import FIELDS
from learnshelf.pages.site import LINK_REPORT

GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "suggest-a-resource.yml"

#: What every job may have; then what a given (workflow file, job) may add. None: any job.
BASE_PERMISSIONS = {"contents": "read"}
EXTRA_PERMISSIONS: dict[tuple[str, str | None], dict[str, str]] = {
    ("links.yml", None): {"issues": "write"},
    ("deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("deploy.yml", "build"): {"actions": "read"},  # to download the latest link check results
}
LEVELS = {"none": 0, "read": 1, "write": 2}
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses\s*:")
PINNED_LINE = re.compile(
    r"^\s*(?:-\s+)?uses\s*:\s*['\"]?[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}['\"]?\s+#\s*v\d[\w.-]*(?:\s.*)?$")
PINNED_VALUE = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def _triggers(doc: dict[Any, Any]) -> set[str]:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = doc.get(True, doc.get("on"))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return {str(e) for e in on}
    if isinstance(on, dict):
        return {str(e) for e in on}
    return set()


def _allowed(name: str, job: str) -> dict[str, str]:
    allowed = dict(BASE_PERMISSIONS)
    for (file, job_name), extra in EXTRA_PERMISSIONS.items():
        if file == name and job_name in (None, job):
            allowed.update(extra)
    return allowed


def workflow_problems(text: str, name: str = "workflow.yml") -> list[str]:
    """Every hardening rule ``text`` (a workflow file called ``name``) breaks, one line each."""
    problems: list[str] = []
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        return [f"not valid YAML: {err}"]
    if not isinstance(doc, dict):
        return ["not a workflow (no mapping at the top)"]

    triggers = _triggers(doc)
    if not triggers:
        problems.append("no `on:` triggers")
    if "pull_request_target" in triggers:
        problems.append("pull_request_target trigger: fork code would run with a write token")

    if doc.get("permissions") != BASE_PERMISSIONS:
        problems.append(f"top-level permissions must be exactly {BASE_PERMISSIONS}, "
                        f"not {doc.get('permissions')!r}")

    # Pins are checked on the raw lines: the version comment is invisible to the YAML parser.
    lines = text.splitlines()
    uses_lines = [(n, line) for n, line in enumerate(lines, 1) if USES_LINE.match(line)]
    for n, line in uses_lines:
        if not PINNED_LINE.match(line):
            problems.append(f"line {n}: `uses:` not pinned to a 40-hex commit SHA with a "
                            f"'# vX' comment: {line.strip()}")

    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        problems.append("no jobs")
        return problems
    uses_values = 0
    for job_id, job in jobs.items():
        if not isinstance(job, dict):
            problems.append(f"job {job_id}: not a mapping")
            continue
        if "uses" in job:  # a reusable-workflow call
            uses_values += 1
            if not PINNED_VALUE.match(str(job["uses"])):
                problems.append(f"job {job_id}: `uses: {job['uses']}` is not pinned to a commit SHA")
        elif "timeout-minutes" not in job:
            problems.append(f"job {job_id}: no timeout-minutes")

        if "permissions" in job:
            perms = job["permissions"]
            allowed = _allowed(name, str(job_id))
            if not isinstance(perms, dict):
                problems.append(f"job {job_id}: permissions must list scopes, not {perms!r}")
            else:
                for scope, level in perms.items():
                    level = str(level)
                    if level not in LEVELS:
                        problems.append(f"job {job_id}: unknown permission level {scope}: {level}")
                    elif LEVELS[level] > LEVELS[allowed.get(str(scope), "none")]:
                        problems.append(f"job {job_id}: `{scope}: {level}` is more than this "
                                        f"job needs (allowed: {allowed})")

        steps = job.get("steps") or []
        if not isinstance(steps, list):
            problems.append(f"job {job_id}: steps is not a list")
            continue
        for i, step in enumerate(steps, 1):
            if not isinstance(step, dict):
                continue
            where = f"job {job_id}, step {i} ({step.get('name') or step.get('uses') or 'run'})"
            uses = step.get("uses")
            if uses is not None:
                uses_values += 1
                if not PINNED_VALUE.match(str(uses)):
                    problems.append(f"{where}: `uses: {uses}` is not pinned to a commit SHA")
                if str(uses).startswith("actions/checkout@"):
                    with_ = step.get("with") or {}
                    if with_.get("persist-credentials") not in (False, "false"):
                        problems.append(f"{where}: actions/checkout without "
                                        "`persist-credentials: false`")
            run = step.get("run")
            if run is not None and "${{" in str(run):
                problems.append(f"{where}: `${{{{` expression inside `run:`; pass it through env:")
    if uses_values != len(uses_lines):
        problems.append(f"{uses_values} `uses:` values but {len(uses_lines)} `uses:` lines: "
                        "write each `uses:` on its own line so its pin can be checked")
    return problems


def load(path: Path) -> dict[Any, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def step(doc: dict[Any, Any], job: str, name: str) -> dict[str, Any]:
    matches = [s for s in doc["jobs"][job]["steps"] if s.get("name") == name]
    assert len(matches) == 1, f"expected one step named {name!r} in job {job}"
    found: dict[str, Any] = matches[0]
    return found


def all_steps(doc: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for job in doc["jobs"].values() for s in job.get("steps", [])]


def uses_of(doc: dict[Any, Any]) -> list[str]:
    return [str(s["uses"]).split("@")[0] for s in all_steps(doc) if "uses" in s]


# --- hardening of every workflow -------------------------------------------------------------

def test_the_three_workflows_exist() -> None:
    names = {p.name for p in workflow_files()}
    assert {"pr.yml", "deploy.yml", "links.yml"} <= names


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_is_hardened(path: Path) -> None:
    assert workflow_problems(path.read_text(encoding="utf-8"), path.name) == []


def test_same_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*(?:-\s+)?uses:\s*([^@\s]+)@(\S+)\s+#\s*(\S+)", line)
            if m:
                pins.setdefault(m.group(1), set()).add(f"{m.group(2)} {m.group(3)}")
    assert pins
    assert {action: sorted(p) for action, p in pins.items() if len(p) > 1} == {}


PR = (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
DEPLOY = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
LINKS = (WORKFLOWS / "links.yml").read_text(encoding="utf-8")
CHECKOUT_PIN = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"


@pytest.mark.parametrize(("source", "name", "old", "new", "expected"), [
    (PR, "pr.yml", "on:\n  pull_request:\n", "on:\n  pull_request_target:\n", "pull_request_target"),
    (PR, "pr.yml", "on:\n  pull_request:\n", "on: [push, pull_request_target]\n", "pull_request_target"),
    (PR, "pr.yml", "permissions:\n  contents: read\n", "permissions: write-all\n", "top-level permissions"),
    (PR, "pr.yml", "permissions:\n  contents: read\n", "permissions:\n  contents: write\n",
     "top-level permissions"),
    (PR, "pr.yml", "permissions:\n  contents: read\n", "", "top-level permissions"),
    (PR, "pr.yml", CHECKOUT_PIN, "actions/checkout@v4", "not pinned"),
    (PR, "pr.yml", CHECKOUT_PIN, "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
     "'# vX' comment"),
    (PR, "pr.yml", CHECKOUT_PIN, "actions/checkout@11bd719 # v4.2.2", "not pinned"),
    (PR, "pr.yml", "persist-credentials: false", "persist-credentials: true", "persist-credentials"),
    (PR, "pr.yml", "validate --format github\n",
     "validate --format github '${{ github.event.pull_request.title }}'\n", "inside `run:`"),
    (PR, "pr.yml", "    timeout-minutes: 10\n", "", "no timeout-minutes"),
    (PR, "pr.yml", "    timeout-minutes: 10\n",
     "    timeout-minutes: 10\n    permissions:\n      issues: write\n", "`issues: write`"),
    (PR, "pr.yml", "    timeout-minutes: 10\n",
     "    timeout-minutes: 10\n    permissions: write-all\n", "permissions must list scopes"),
    (DEPLOY, "deploy.yml", "      actions: read # to find the latest link check run and download its results\n",
     "      actions: write\n", "`actions: write`"),
    (DEPLOY, "deploy.yml", "      pages: write # deploy-pages publishes the site\n",
     "      pages: write\n      contents: write\n", "`contents: write`"),
    (LINKS, "links.yml", "    timeout-minutes: 30\n",
     "    timeout-minutes: 30\n    permissions:\n      pull-requests: write\n", "`pull-requests: write`"),
    (PR, "pr.yml", "      - uses: " + CHECKOUT_PIN,
     "      - {uses: actions/checkout@v4}\n      - uses: " + CHECKOUT_PIN, "its own line"),
])
def test_checker_flags_a_weakened_workflow(tmp_path: Path, source: str, name: str, old: str,
                                           new: str, expected: str) -> None:
    assert old in source, "the mutation must change something"
    bad = tmp_path / name
    bad.write_text(source.replace(old, new, 1), encoding="utf-8")
    problems = workflow_problems(bad.read_text(encoding="utf-8"), name)
    assert any(expected in p for p in problems), problems


def test_write_permissions_are_allowed_only_where_needed() -> None:
    # The deploy job's permissions are fine there and nowhere else, not even in the build job.
    moved = DEPLOY.replace("      contents: read\n", "      contents: read\n      pages: write\n", 1)
    assert any("`pages: write`" in p and "job build" in p for p in workflow_problems(moved, "deploy.yml"))
    assert any("`actions: read`" in p for p in workflow_problems(DEPLOY, "pr.yml"))
    # links.yml's report job may write issues; the same file under another name may not.
    assert workflow_problems(LINKS, "links.yml") == []
    assert any("`issues: write`" in p for p in workflow_problems(LINKS, "pr.yml"))
    assert any("`pages: write`" in p for p in workflow_problems(DEPLOY, "links.yml"))


# --- what each workflow does ---------------------------------------------------------------

def test_pr_workflow_validates_tests_builds_and_summarises() -> None:
    doc = load(WORKFLOWS / "pr.yml")
    assert _triggers(doc) == {"pull_request"}
    runs = "\n".join(str(s.get("run", "")) for s in all_steps(doc))
    assert "learnshelf validate --format github" in runs
    assert "scripts/dev test" in runs
    assert "mkdocs build --strict" in runs
    upload = [s for s in doc["jobs"]["build"]["steps"] if "upload-artifact" in str(s.get("uses"))]
    assert len(upload) == 1 and upload[0]["with"]["path"].rstrip("/") == "site"
    summary = step(doc, "changes", "Summarise card changes")
    assert summary["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert "GITHUB_STEP_SUMMARY" in summary["run"] and '"--name-status"' in summary["run"]
    checkout = doc["jobs"]["changes"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0
    for job in doc["jobs"].values():
        assert "permissions" not in job  # read-only everywhere
    for s in all_steps(doc):
        if "actions/setup-python@" in str(s.get("uses")):
            assert s["with"]["python-version"] == "3.11"


def test_deploy_workflow_publishes_to_pages_with_the_least_privilege() -> None:
    doc = load(WORKFLOWS / "deploy.yml")
    assert _triggers(doc) == {"push", "workflow_dispatch", "workflow_run"}
    assert doc[True]["push"]["branches"] == ["main"]
    # After each link check on main; the build job runs only after our own scheduled or manual
    # check that succeeded (a pull request could name a workflow of its own "Link check").
    assert doc[True]["workflow_run"] == {"workflows": [load(WORKFLOWS / "links.yml")["name"]], "types": ["completed"],
                                         "branches": ["main"]}
    assert doc["concurrency"]["group"]
    build, deploy = doc["jobs"]["build"], doc["jobs"]["deploy"]
    condition = " ".join(build["if"].split())
    assert condition.startswith("github.event_name != 'workflow_run' || (")
    for part in ("github.event.workflow_run.conclusion == 'success'",
                 """contains(fromJSON('["schedule", "workflow_dispatch"]'), github.event.workflow_run.event)""",
                 "github.event.workflow_run.head_repository.full_name == github.repository"):
        assert part in condition
    assert condition.count("&&") == 2 and condition.count("||") == 1
    assert build["permissions"] == {"contents": "read", "actions": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"
    assert not any("run" in s for s in deploy["steps"]), "the privileged job runs no project code"
    assert "actions/upload-pages-artifact" in uses_of({"jobs": {"b": build}})
    assert uses_of({"jobs": {"d": deploy}}) == ["actions/configure-pages", "actions/deploy-pages"]
    assert "mkdocs build --strict" in "\n".join(str(s.get("run", "")) for s in build["steps"])
    # The site is built with the results the link check publishes.
    names = [s.get("name") for s in build["steps"]]
    assert names.index("Fetch the latest link check results") < names.index("Build the site (strict)")
    fetch = step(doc, "build", "Fetch the latest link check results")
    upload = step(load(WORKFLOWS / "links.yml"), "check", "Publish the results")
    assert f"--name {upload['with']['name']} --dir {Path(LINK_REPORT).parent}" in fetch["run"]
    assert Path(LINK_REPORT).name in upload["with"]["path"].split()


def test_links_workflow_checks_weekly_and_reports_in_one_issue() -> None:
    doc = load(WORKFLOWS / "links.yml")
    assert _triggers(doc) == {"schedule", "workflow_dispatch"}
    assert len(doc[True]["schedule"]) == 1 and len(doc[True]["schedule"][0]["cron"].split()) == 5
    check, report = doc["jobs"]["check"], doc["jobs"]["report"]
    assert "permissions" not in check
    assert report["permissions"] == {"issues": "write"}
    assert not any("actions/checkout" in str(s.get("uses")) for s in report["steps"])
    run = step(doc, "check", "Check every card's links")["run"]
    assert "learnshelf links --format json --cache .learnshelf-cache/links.json --max-age 6" in run
    assert "> link-report.json || test $? -eq 1" in run  # broken links must not stop the report
    cache = [s for s in check["steps"] if "actions/cache@" in str(s.get("uses"))]
    assert len(cache) == 1 and cache[0]["with"]["path"] == ".learnshelf-cache/links.json"
    upload = [s for s in check["steps"] if "upload-artifact@" in str(s.get("uses"))]
    assert len(upload) == 1 and "link-report.json" in upload[0]["with"]["path"]
    issue = step(doc, "report", "Open, update or close the issue")
    assert issue["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert 'title="Broken links report"' in issue["run"] and "--label link-report" in issue["run"]


# --- the validation cache: main saves it, pull requests only restore it ----------------------

def _cache_steps(doc: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for s in all_steps(doc) if str(s.get("uses", "")).startswith("actions/cache")]


def test_only_main_saves_the_validation_cache_and_pull_requests_restore_it() -> None:
    from learnshelf.check.cache import CACHE_FILE

    for path in workflow_files():  # a pull request's workflow may restore a cache, never save one
        doc = load(path)
        if "pull_request" in _triggers(doc) or "pull_request_target" in _triggers(doc):
            assert {str(s["uses"]).split("@")[0] for s in _cache_steps(doc)} <= {"actions/cache/restore"}, path.name
    pr = load(WORKFLOWS / "pr.yml")
    restore, = _cache_steps(pr)
    assert restore["with"] == {"path": CACHE_FILE.as_posix(),
                               "key": "learnshelf-validate-${{ github.base_ref }}-${{ github.event.pull_request.base.sha }}",
                               "restore-keys": "learnshelf-validate-${{ github.base_ref }}-"}
    steps = pr["jobs"]["validate"]["steps"]
    assert steps.index(restore) < [i for i, s in enumerate(steps) if "learnshelf validate" in str(s.get("run"))][0]
    # main saves it, after validating main (deploy.yml's build job runs on main only, see above).
    deploy = load(WORKFLOWS / "deploy.yml")
    names = [s.get("name") for s in deploy["jobs"]["build"]["steps"]]
    assert names.index("Restore the validation cache") < names.index("Validate cards") < names.index(
        "Save the validation cache")
    main_restore = step(deploy, "build", "Restore the validation cache")
    save = step(deploy, "build", "Save the validation cache")
    assert str(main_restore["uses"]).startswith("actions/cache/restore@")
    assert str(save["uses"]).startswith("actions/cache/save@") and save["if"] == "github.ref == 'refs/heads/main'"
    assert save["with"] == {"path": CACHE_FILE.as_posix(), "key": "learnshelf-validate-main-${{ github.sha }}"}
    assert main_restore["with"]["restore-keys"] == "learnshelf-validate-main-"
    assert [s for path in workflow_files() for s in _cache_steps(load(path))
            if "save" in str(s["uses"])] == [save]  # the one place the validation cache is saved


# --- the inline scripts, run for real ------------------------------------------------------

def _bash(script: str, cwd: Path, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a workflow `run:` script as GitHub does (bash -eo pipefail), with python3 = this Python."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "python3").exists():
        (bin_dir / "python3").symlink_to(sys.executable)
    (tmp_path / "step.sh").write_text(script, encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
    full = {**base, **env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', os.environ['PATH'])}"}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(tmp_path / "step.sh")],
                          cwd=cwd, env=full, capture_output=True, text=True, timeout=60)


def _card(title: str, status: str = "") -> str:
    extra = f"status: {status}\n" if status else ""
    return f"---\ntitle: {title}\ntype: guide\n{extra}---\nBody.\n"


def _git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", *args],
                          cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def test_pr_summary_lists_added_changed_retired_and_removed_cards(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    res = repo / "docs" / "resources"
    (res / "a").mkdir(parents=True)
    files = {
        "a/kept.md": _card("Kept as it is"),
        "a/edited.md": _card("Edited card"),
        "a/retire-me.md": _card("Old course"),
        "a/already-retired.md": _card("Long gone", "retired"),
        "a/removed.md": _card("Removed card"),
        "a/moved.md": _card("Moved card"),
    }
    for rel, text in files.items():
        (res / rel).write_text(text, encoding="utf-8")
    (repo / "README.md").write_text("not a card\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    base = _git(repo, "rev-parse", "HEAD")

    (res / "a" / "edited.md").write_text(_card("Edited card, better"), encoding="utf-8")
    (res / "a" / "retire-me.md").write_text(_card("'Old course'", "retired"), encoding="utf-8")
    (res / "a" / "already-retired.md").write_text(_card("Long gone (typo fixed)", "retired"), encoding="utf-8")
    (res / "a" / "removed.md").unlink()
    (res / "b").mkdir()
    (res / "a" / "moved.md").rename(res / "b" / "moved.md")
    hostile = "@everyone <img src=x onerror=alert(1)> [click](javascript:alert(1)) `x` | *bold*"
    (res / "b" / "new-card.md").write_text(_card(f'"{hostile}"'), encoding="utf-8")
    (res / "b" / "notes.txt").write_text("not markdown\n", encoding="utf-8")
    (repo / "README.md").write_text("changed, but not a card\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "head")

    script = step(load(WORKFLOWS / "pr.yml"), "changes", "Summarise card changes")["run"]
    out = tmp_path / "summary.md"
    done = _bash(script, repo, {"BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(out)}, tmp_path)
    assert done.returncode == 0, done.stderr
    summary = out.read_text(encoding="utf-8")

    assert "**1 added, 3 changed, 1 retired, 1 removed**" in summary
    sections = dict(re.findall(r"### (\w+) \(\d+\)\n\n((?:- .*\n)+)", summary))
    assert set(sections) == {"Added", "Changed", "Retired", "Removed"}
    assert "`docs/resources/b/new-card.md`" in sections["Added"]
    assert "Old course" in sections["Retired"] and "retire-me.md" in sections["Retired"]
    assert "retire-me" not in sections["Changed"]
    assert "already-retired.md" in sections["Changed"]  # was retired before: just a change
    assert "edited.md" in sections["Changed"]
    assert "`docs/resources/a/moved.md` → `docs/resources/b/moved.md`" in sections["Changed"]
    assert "Removed card" in sections["Removed"]
    assert "kept.md" not in summary and "README" not in summary and "notes.txt" not in summary
    # The hostile title is shown as text: no HTML, link, mention or code span survives.
    added = sections["Added"]
    assert "<img" not in added and "](" not in added and "\\@everyone" in added
    assert "&lt;img" in added and "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in added
    assert "`x`" not in added


def test_pr_summary_with_no_card_changes_and_refuses_a_strange_base(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "only commit")
    script = step(load(WORKFLOWS / "pr.yml"), "changes", "Summarise card changes")["run"]
    out = tmp_path / "summary.md"
    base = _git(repo, "rev-parse", "HEAD")
    done = _bash(script, repo, {"BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(out)}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "No card was added, changed, retired or removed." in out.read_text(encoding="utf-8")
    done = _bash(script, repo, {"BASE_SHA": "HEAD; rm -rf /", "GITHUB_STEP_SUMMARY": str(out)}, tmp_path)
    assert done.returncode != 0 and "unexpected base SHA" in done.stderr


def _link_report(tmp_path: Path, results: object) -> tuple[subprocess.CompletedProcess[str], Path]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    (work / "link-report.json").write_text(json.dumps(results), encoding="utf-8")
    for name in ("out", "summary"):
        (tmp_path / name).write_text("", encoding="utf-8")
    script = step(load(WORKFLOWS / "links.yml"), "check", "Write the report")["run"]
    env = {"RUN_URL": "https://github.example/o/r/actions/runs/1",
           "GITHUB_OUTPUT": str(tmp_path / "out"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")}
    return _bash(script, work, env, tmp_path), work


def _result(n: int, state: str = "broken", **kw: object) -> dict[str, object]:
    return {"card_id": f"card-{n}", "path": f"docs/resources/x/card-{n}.md",
            "url": f"https://example.org/{n}", "state": state, "http_status": 404,
            "detail": "Not Found", "broken_since": "2026-11-01", **kw}


def test_link_report_lists_broken_links_as_inert_text(tmp_path: Path) -> None:
    results = [_result(1, "ok", http_status=200, detail="", broken_since=None),
               _result(2, detail="@maintainers `rm` | <b>x</b>\nsecond line",
                       url="https://example.org/a|b?`x`"),
               _result(3, http_status=None, detail="timeout")]
    done, work = _link_report(tmp_path, results)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "broken=2\n"
    body = (work / "link-report.md").read_text(encoding="utf-8")
    assert "**2 broken link(s)** out of 3 checked" in body
    rows = [line for line in body.splitlines() if line.startswith("| `card-")]
    assert [r.split()[1] for r in rows] == ["`card-2`", "`card-3`"]
    assert "card-1" not in body
    # Untrusted text stays inside code spans: no mention, HTML or extra table column escapes.
    assert "`@maintainers 'rm' \\| <b>x</b> second line`" in rows[0]
    assert "`https://example.org/a\\|b?'x'`" in rows[0]
    assert all(r.replace("\\|", "").count("|") == 7 for r in rows)
    assert "## Link check" in (tmp_path / "summary").read_text(encoding="utf-8")


def test_link_report_with_nothing_broken_and_with_a_huge_report(tmp_path: Path) -> None:
    done, work = _link_report(tmp_path, [_result(1, "ok")])
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "broken=0\n"
    assert "No broken links." in (work / "link-report.md").read_text(encoding="utf-8")

    done, work = _link_report(tmp_path, [_result(n, detail="x" * 150) for n in range(2000)])
    assert done.returncode == 0, done.stderr
    body = (work / "link-report.md").read_text(encoding="utf-8")
    assert len(body) < 65536 and "more in the artifact" in body

    done, _ = _link_report(tmp_path, {"results": []})
    assert done.returncode != 0 and "expected a JSON list" in done.stderr


FAKE_GH = """#!/usr/bin/env bash
echo "gh $*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then
  # Mimic gh's --jq over the open issues carrying the label.
  printf '%s' "$FAKE_ISSUES" | python3 -c '
import json, sys
issues = [i for i in json.load(sys.stdin) if i["title"] == "Broken links report"]
print(issues[0]["number"] if issues else "")'
fi
"""


def _fake_gh(script: str, tmp_path: Path) -> Path:
    """Put ``script`` on the PATH ``_bash`` uses as ``gh``; the (empty) log it writes its calls to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(script, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    log.write_text("", encoding="utf-8")
    return log


@pytest.mark.parametrize(("issues", "broken", "expected"), [
    ([{"number": 7, "title": "Broken links report"}], "3", ["issue edit 7 --body-file link-report.md"]),
    ([{"number": 7, "title": "Broken links report"}], "0",
     ["issue edit 7 --body-file link-report.md", "issue close 7"]),
    ([{"number": 5, "title": "Something else"}], "2",
     ["issue create --title Broken links report --label link-report --body-file link-report.md"]),
    ([], "0", []),
])
def test_report_job_opens_updates_or_closes_one_issue(tmp_path: Path, issues: list[dict[str, object]],
                                                      broken: str, expected: list[str]) -> None:
    log = _fake_gh(FAKE_GH, tmp_path)
    script = step(load(WORKFLOWS / "links.yml"), "report", "Open, update or close the issue")["run"]
    env = {"GH_LOG": str(log), "FAKE_ISSUES": json.dumps(issues), "BROKEN": broken,
           "GH_TOKEN": "x", "GH_REPO": "o/r"}
    done = _bash(script, tmp_path, env, tmp_path)
    assert done.returncode == 0, done.stderr
    calls = [c.removeprefix("gh ") for c in log.read_text(encoding="utf-8").splitlines()]
    assert calls[0].startswith("label create link-report")
    assert calls[1].startswith("issue list --state open --label link-report")
    actions = calls[2:]
    assert len(actions) == len(expected)
    for call, want in zip(actions, expected):
        assert call.startswith(want), (call, want)


FAKE_GH_RUNS = """#!/usr/bin/env bash
echo "gh $*" >> "$GH_LOG"
case "$1 $2" in
  "run list")
    [ "$LIST_FAILS" = 1 ] && exit 1
    while [ $# -gt 0 ]; do [ "$1" = --jq ] && query=$2; shift; done
    printf '%s' "$RUNS" | jq -r "$query" ;;  # the runs gh would list, through the step's own --jq
  "run download")
    [ "$DOWNLOAD_FAILS" = 1 ] && exit 1
    while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir=$2; shift; done
    printf '%s' "$ARTIFACT" > "$dir/link-report.json" ;;  # the artifact's files, unpacked
esac
"""
#: Runs of links.yml on main, newest first, as `gh run list --json databaseId,event` lists them.
RUNS = [{"databaseId": 50, "event": "pull_request"}, {"databaseId": 42, "event": "schedule"},
        {"databaseId": 30, "event": "workflow_dispatch"}]
BROKEN = [{"card_id": "giving-feedback", "path": "docs/resources/people/giving-feedback.md",
           "url": "https://en.wikipedia.org/wiki/360-degree_feedback", "state": "broken",
           "broken_since": "2026-11-01", "http_status": 404, "detail": "404"}]


def _fetch_results(project: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    assert shutil.which("jq"), "jq is required: apt-get install jq (.ci/run does it)"
    log = _fake_gh(FAKE_GH_RUNS, tmp_path)
    script = step(load(WORKFLOWS / "deploy.yml"), "build", "Fetch the latest link check results")["run"]
    done = _bash(script, project, {"GH_LOG": str(log), "GH_TOKEN": "x", "GH_REPO": "o/r", **env}, tmp_path)
    return done, [c.removeprefix("gh ") for c in log.read_text(encoding="utf-8").splitlines()]


def test_deploy_builds_the_site_with_the_latest_link_check_results(project_copy: Path, tmp_path: Path) -> None:
    from learnshelf.load.project import Project
    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    done, calls = _fetch_results(project_copy, tmp_path, RUNS=json.dumps(RUNS), ARTIFACT=json.dumps(BROKEN))
    assert done.returncode == 0, done.stderr
    assert calls[0].startswith("run list --workflow links.yml --branch main --status success ")
    # The newest scheduled or manual run, never a pull request's.
    assert calls[1:] == ["run download 42 --name link-report --dir .learnshelf-cache"]
    site = build_site(Project(project_copy), SiteOptions(today=dt.date(2026, 11, 23)))
    page = site.pages["resources/people/giving-feedback.md"]
    assert '!!! warning "Link reported broken"' in page and "since 2026-11-01" in page


@pytest.mark.parametrize(("env", "says", "downloads"), [
    ({"RUNS": "[]"}, "No link check has finished yet", False),
    ({"RUNS": json.dumps(RUNS[:1])}, "No link check has finished yet", False),
    ({"LIST_FAILS": "1"}, "::warning::could not list the link check runs", False),
    ({"RUNS": json.dumps(RUNS), "DOWNLOAD_FAILS": "1"}, "::warning::could not fetch the results of link check run 42",
     True),
])
def test_deploy_without_link_check_results_still_builds(project_copy: Path, tmp_path: Path, env: dict[str, str],
                                                        says: str, downloads: bool) -> None:
    done, calls = _fetch_results(project_copy, tmp_path, **env)
    assert done.returncode == 0, done.stderr
    assert says in done.stdout
    assert any(c.startswith("run download") for c in calls) == downloads
    assert not (project_copy / LINK_REPORT).exists()


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
