"""What each GitHub workflow does, and its `gh` steps run for real against a fake `gh`.

Hardening (triggers, permissions, pins, credentials, template injection) is zizmor's job: see
tests/test_tooling.py. What is here is the project's own: which commands each workflow runs,
which job holds which permission, and how the link check's results reach the published site.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from workflowkit import GITHUB, WORKFLOWS, all_steps, bash, fake_gh, gh_calls, load, step, triggers, uses_of

from learnshelf.load.taxonomy import load_taxonomy
from learnshelf.model.schema import FIELDS
from learnshelf.pages.site import LINK_REPORT
from learnshelf.tools.fromissue import SECTION

PR, DEPLOY, LINKS = (load(WORKFLOWS / name) for name in ("pr.yml", "deploy.yml", "links.yml"))


def test_the_four_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS.glob("*.y*ml")} == {"pr.yml", "deploy.yml", "links.yml", "suggestion.yml"}


def test_same_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*(?:-\s+)?uses:\s*([^@\s]+)@(\S+)\s+#\s*(\S+)", line)
            if m:
                pins.setdefault(m.group(1), set()).add(f"{m.group(2)} {m.group(3)}")
    assert pins
    assert {action: sorted(p) for action, p in pins.items() if len(p) > 1} == {}


def test_pr_workflow_validates_tests_builds_and_summarises() -> None:
    assert triggers(PR) == {"pull_request"}
    runs = "\n".join(str(s.get("run", "")) for s in all_steps(PR))
    for command in ("learnshelf validate --format github", "scripts/dev test", "mkdocs build --strict"):
        assert command in runs
    upload = [s for s in PR["jobs"]["build"]["steps"] if "upload-artifact" in str(s.get("uses"))]
    assert len(upload) == 1 and upload[0]["with"]["path"].rstrip("/") == "site"
    summary = step(PR, "changes", "Summarise card changes")
    assert summary["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert PR["jobs"]["changes"]["steps"][0]["with"]["fetch-depth"] == 0
    assert all("permissions" not in job for job in PR["jobs"].values())  # read-only everywhere
    assert all(s["with"]["python-version"] == "3.11" for s in all_steps(PR) if "setup-python@" in str(s.get("uses")))


def test_deploy_workflow_publishes_to_pages_with_the_least_privilege() -> None:
    assert triggers(DEPLOY) == {"push", "workflow_dispatch"}
    assert DEPLOY[True]["push"]["branches"] == ["main"]
    assert set(DEPLOY[True]["workflow_dispatch"]["inputs"]) == {"link-check-run"}
    build, deploy = DEPLOY["jobs"]["build"], DEPLOY["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "actions": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"
    assert not any("run" in s for s in deploy["steps"]), "the privileged job runs no project code"
    assert uses_of(deploy["steps"]) == ["actions/deploy-pages"]
    assert "actions/upload-pages-artifact" in uses_of(build["steps"])
    # The site is built with the results the link check publishes.
    names = [s.get("name") for s in build["steps"]]
    assert names.index("Fetch the latest link check results") < names.index("Build the site (strict)")
    fetch = step(DEPLOY, "build", "Fetch the latest link check results")
    assert fetch["env"]["LINK_RUN"] == "${{ inputs.link-check-run }}"
    upload = step(LINKS, "check", "Publish the results")
    assert f"--name {upload['with']['name']} --dir {Path(LINK_REPORT).parent}" in fetch["run"]
    assert Path(LINK_REPORT).name in upload["with"]["path"].split()


def test_links_workflow_checks_weekly_reports_in_one_issue_and_starts_the_deploy() -> None:
    assert triggers(LINKS) == {"schedule", "workflow_dispatch"}
    assert len(LINKS[True]["schedule"]) == 1 and len(LINKS[True]["schedule"][0]["cron"].split()) == 5
    check, report, deploy = LINKS["jobs"]["check"], LINKS["jobs"]["report"], LINKS["jobs"]["deploy"]
    assert "permissions" not in check
    assert report["permissions"] == {"issues": "write"}
    assert deploy["permissions"] == {"actions": "write"} and deploy["needs"] == "check"
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert not any("actions/checkout" in str(s.get("uses")) for s in report["steps"] + deploy["steps"])
    run = step(LINKS, "check", "Check every card's links")["run"]
    assert "learnshelf links --format json --cache .learnshelf-cache/links.json --max-age 6" in run
    assert "> link-report.json || test $? -eq 1" in run  # broken links must not stop the report
    cache = [s for s in check["steps"] if "actions/cache@" in str(s.get("uses"))]
    assert len(cache) == 1 and cache[0]["with"]["path"] == ".learnshelf-cache/links.json"
    issue = step(LINKS, "report", "Open, update or close the issue")
    assert issue["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert 'title="Broken links report"' in issue["run"] and "--label link-report" in issue["run"]


# --- the validation cache: main saves it, pull requests only restore it ----------------------

def _cache_steps(doc: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for s in all_steps(doc) if str(s.get("uses", "")).startswith("actions/cache")]


def test_only_main_saves_the_validation_cache_and_pull_requests_restore_it() -> None:
    from learnshelf.check.cache import CACHE_FILE

    for path in sorted(WORKFLOWS.glob("*.yml")):  # a pull request's workflow may restore a cache, never save one
        doc = load(path)
        if "pull_request" in triggers(doc) or "pull_request_target" in triggers(doc):
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
    assert [s for path in sorted(WORKFLOWS.glob("*.yml")) for s in _cache_steps(load(path))
            if "save" in str(s["uses"])] == [save]  # the one place the validation cache is saved


# --- the `gh` steps, run for real against a fake gh ------------------------------------------

FAKE_GH_ISSUES = """#!/usr/bin/env bash
echo "gh $*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then
  # Mimic gh's --jq over the open issues carrying the label.
  printf '%s' "$FAKE_ISSUES" | python3 -c '
import json, sys
issues = [i for i in json.load(sys.stdin) if i["title"] == "Broken links report"]
print(issues[0]["number"] if issues else "")'
fi
"""


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
    log = fake_gh(FAKE_GH_ISSUES, tmp_path)
    script = step(LINKS, "report", "Open, update or close the issue")["run"]
    env = {"GH_LOG": str(log), "FAKE_ISSUES": json.dumps(issues), "BROKEN": broken, "GH_TOKEN": "x", "GH_REPO": "o/r"}
    done = bash(script, tmp_path, env, tmp_path)
    assert done.returncode == 0, done.stderr
    calls = gh_calls(log)
    assert calls[0].startswith("label create link-report")
    assert calls[1].startswith("issue list --state open --label link-report")
    assert len(calls[2:]) == len(expected)
    for call, want in zip(calls[2:], expected):
        assert call.startswith(want), (call, want)


def test_link_check_starts_the_deploy_with_its_own_run_id(tmp_path: Path) -> None:
    log = fake_gh('#!/usr/bin/env bash\necho "gh $*" >> "$GH_LOG"\n', tmp_path)
    script = step(LINKS, "deploy", "Start the deploy workflow")["run"]
    done = bash(script, tmp_path, {"GH_LOG": str(log), "RUN_ID": "61", "GH_TOKEN": "x", "GH_REPO": "o/r"}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert gh_calls(log) == ["workflow run deploy.yml --ref main -f link-check-run=61"]
    assert step(LINKS, "deploy", "Start the deploy workflow")["env"]["RUN_ID"] == "${{ github.run_id }}"


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
#: Runs of links.yml on main, newest first, as `gh run list --json databaseId,event,conclusion`
#: lists them: 61 is the scheduled run that started this deploy, still finishing.
RUNS = [{"databaseId": 61, "event": "schedule", "conclusion": ""},
        {"databaseId": 50, "event": "pull_request", "conclusion": "success"},
        {"databaseId": 42, "event": "schedule", "conclusion": "success"},
        {"databaseId": 30, "event": "workflow_dispatch", "conclusion": "success"}]
BROKEN = [{"card_id": "giving-feedback", "path": "docs/resources/people/giving-feedback.md",
           "url": "https://en.wikipedia.org/wiki/360-degree_feedback", "state": "broken",
           "broken_since": "2026-11-01", "http_status": 404, "detail": "404"}]


def _fetch_results(project: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    assert shutil.which("jq"), "jq is required: apt-get install jq (.ci/run does it)"
    log = fake_gh(FAKE_GH_RUNS, tmp_path)
    script = step(DEPLOY, "build", "Fetch the latest link check results")["run"]
    done = bash(script, project, {"GH_LOG": str(log), "GH_TOKEN": "x", "GH_REPO": "o/r", "LINK_RUN": "", **env},
                tmp_path)
    return done, gh_calls(log)


@pytest.mark.parametrize(("link_run", "downloaded"), [("", "42"), ("61", "61"), ("30", "30")])
def test_deploy_builds_the_site_with_the_link_check_results(project_copy: Path, tmp_path: Path, link_run: str,
                                                            downloaded: str) -> None:
    from learnshelf.load.project import Project
    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    done, calls = _fetch_results(project_copy, tmp_path, RUNS=json.dumps(RUNS), ARTIFACT=json.dumps(BROKEN),
                                 LINK_RUN=link_run)
    assert done.returncode == 0, done.stderr
    assert calls[0].startswith("run list --workflow links.yml --branch main --limit 20 ")
    # On a push, the newest finished scheduled or manual run; on a dispatch, the run it names.
    assert calls[1:] == [f"run download {downloaded} --name link-report --dir .learnshelf-cache"]
    site = build_site(Project(project_copy), SiteOptions(today=dt.date(2026, 11, 23)))
    page = site.pages["resources/people/giving-feedback.md"]
    assert '!!! warning "Link reported broken"' in page and "since 2026-11-01" in page


NOT_OURS = "::warning::the link-check-run input is not a scheduled or manual link check on main"


@pytest.mark.parametrize(("env", "says", "downloads"), [
    ({"RUNS": "[]"}, "No link check has finished yet", False),
    ({"RUNS": json.dumps(RUNS[:2])}, "No link check has finished yet", False),
    ({"LIST_FAILS": "1"}, "::warning::could not list the link check runs", False),
    ({"RUNS": json.dumps(RUNS), "DOWNLOAD_FAILS": "1"}, "::warning::could not fetch the results of link check run 42",
     True),
    ({"RUNS": json.dumps(RUNS), "LINK_RUN": "50"}, NOT_OURS, False),  # a pull request's run carries any report
    ({"RUNS": json.dumps(RUNS), "LINK_RUN": "99"}, NOT_OURS, False),
    ({"RUNS": json.dumps(RUNS), "LINK_RUN": "42 x"}, NOT_OURS, False),
])
def test_deploy_without_link_check_results_still_builds(project_copy: Path, tmp_path: Path, env: dict[str, str],
                                                        says: str, downloads: bool) -> None:
    done, calls = _fetch_results(project_copy, tmp_path, **env)
    assert done.returncode == 0, done.stderr
    assert says in done.stdout
    assert any(c.startswith("run download") for c in calls) == downloads
    assert not (project_copy / LINK_REPORT).exists()


def test_deploy_builds_the_site_at_the_address_pages_gives_through_the_environment(project_copy: Path,
                                                                                   tmp_path: Path) -> None:
    """configure-pages' ``base_url`` reaches the build as an environment variable (never as an
    expression inside the script), and the plugin reads it as ``site_url``."""
    from xml.etree import ElementTree

    pages = step(DEPLOY, "build", "Find the Pages address")
    assert str(pages["uses"]).startswith("actions/configure-pages@") and pages["id"] == "pages"
    build = step(DEPLOY, "build", "Build the site (strict)")
    assert build["env"] == {"LEARNSHELF_SITE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert "${{" not in build["run"]
    names = [s.get("name") for s in DEPLOY["jobs"]["build"]["steps"]]
    assert names.index("Find the Pages address") < names.index("Build the site (strict)")
    config = project_copy / "mkdocs.yml"  # the address comes from Pages alone
    config.write_text(re.sub(r"^site_url: .*\n", "", config.read_text(encoding="utf-8"), flags=re.MULTILINE),
                      encoding="utf-8")
    (project_copy / ".venv").symlink_to(Path(__file__).parents[1] / ".venv")
    log = fake_gh("", tmp_path)
    base_url = "https://octo-org.github.io/learnshelf"  # as configure-pages outputs it: no final slash
    done = bash(build["run"], project_copy, {"GH_LOG": str(log), "NO_MKDOCS_2_WARNING": "1",
                                             "LEARNSHELF_SITE_URL": base_url}, tmp_path)
    assert done.returncode == 0, done.stderr
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in ElementTree.parse(project_copy / "site" / "sitemap.xml").getroot().iter(f"{{{ns['s']}}}loc")]
    assert locs and all(loc.startswith(base_url + "/") for loc in locs)
    assert f'href="{base_url}/feed.xml"' in (project_copy / "site" / "feed.xml").read_text(encoding="utf-8")
    assert gh_calls(log) == []  # the build asks GitHub for nothing


# --- the issue forms the suggestion workflow reads, in step with the card schema and policy ---

#: The forms that make cards (card-feedback.yml only counts answers).
CARD_FORMS = ("suggest-a-resource.yml", "share-what-you-learned.yml", "share-a-tip.yml", "offer-to-mentor.yml")


def _form_fields(form: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in load(form)["body"] if e["type"] != "markdown"}


def test_the_forms_options_are_the_policy_ids_and_their_ids_card_keys() -> None:
    taxonomy, problems = load_taxonomy(REPO / "curation")
    assert problems == []
    keys = {f.name for f in FIELDS} | {"body"}
    labels = []
    assert "Issues are visible to everyone" in load(GITHUB / "ISSUE_TEMPLATE" / "card-feedback.yml")["body"][0][
        "attributes"]["value"]
    for name in CARD_FORMS:
        form = GITHUB / "ISSUE_TEMPLATE" / name
        doc = load(form)
        labels += doc["labels"]
        assert "Issues are visible to everyone" in doc["body"][0]["attributes"]["value"]
        fields = _form_fields(form)
        assert {"title", "summary", "topics", "contributor"} <= set(fields), name
        assert all(key in keys or key.startswith(SECTION) for key in fields), name
        assert not {"core", "reviewed", "status", "added", "replaced_by"} & set(fields), name
        if "type" in fields:
            assert set(fields["type"]["attributes"]["options"]) <= set(taxonomy.vocabularies["types"])
        else:
            assert taxonomy.form_types[doc["labels"][0]] in taxonomy.vocabularies["types"], name
        for key, vocabulary in (("level", "levels"), ("cost", "costs")):
            if key in fields:
                assert fields[key]["attributes"]["options"] == list(taxonomy.vocabularies[vocabulary])
    assert len(labels) == len(set(labels)) == len(CARD_FORMS)  # the label says which form
    offer = _form_fields(GITHUB / "ISSUE_TEMPLATE" / "offer-to-mentor.yml")
    assert set(offer["type"]["attributes"]["options"]) == {"mentor", "community"}
    assert taxonomy.form_types["work-tip"] in ("learning-note", "guide")
