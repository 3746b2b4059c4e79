"""The workflows' inline Python scripts, run for real: the pull request's summary of card changes
and the link check's report. Their input (titles, paths, URLs, server replies) is untrusted text."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from workflowkit import WORKFLOWS, bash, load, step

PR, LINKS = load(WORKFLOWS / "pr.yml"), load(WORKFLOWS / "links.yml")


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

    script = step(PR, "changes", "Summarise card changes")["run"]
    out = tmp_path / "summary.md"
    done = bash(script, repo, {"BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(out)}, tmp_path)
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
    script = step(PR, "changes", "Summarise card changes")["run"]
    out = tmp_path / "summary.md"
    base = _git(repo, "rev-parse", "HEAD")
    done = bash(script, repo, {"BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(out)}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "No card was added, changed, retired or removed." in out.read_text(encoding="utf-8")
    done = bash(script, repo, {"BASE_SHA": "HEAD; rm -rf /", "GITHUB_STEP_SUMMARY": str(out)}, tmp_path)
    assert done.returncode != 0 and "unexpected base SHA" in done.stderr


def _link_report(tmp_path: Path, results: object) -> tuple[subprocess.CompletedProcess[str], Path]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    (work / "link-report.json").write_text(json.dumps(results), encoding="utf-8")
    for name in ("out", "summary"):
        (tmp_path / name).write_text("", encoding="utf-8")
    script = step(LINKS, "check", "Write the report")["run"]
    env = {"RUN_URL": "https://github.example/o/r/actions/runs/1",
           "GITHUB_OUTPUT": str(tmp_path / "out"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")}
    return bash(script, work, env, tmp_path), work


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
