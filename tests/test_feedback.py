"""Readers' feedback on cards: the "Was this useful?" and "Report a problem" links of a card
page, and the curator report's count of open feedback issues (``report --feedback FILE``)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import EXAMPLES, REPO, run_cli

from learnshelf.load.project import Project
from learnshelf.model.routes import CONTRIBUTING, FEEDBACK_FORM
from learnshelf.pages.card import SiteOptions
from learnshelf.pages.site import build_site
from learnshelf.tools.issueforms import FORMS_DIR, load_form

EXPORT = EXAMPLES / "issue" / "feedback-export.json"
PAGE = "resources/people/giving-feedback.md"


def test_the_feedback_form_asks_for_the_card_and_the_answer_the_links_fill_in() -> None:
    form, problems = load_form(REPO / FORMS_DIR / FEEDBACK_FORM, FEEDBACK_FORM)
    assert problems == [] and form.labels == ("card-feedback",)
    assert [(f.id, f.type) for f in form.fields] == [("card", "input"), ("useful", "input"), ("comment", "textarea")]


def test_a_card_page_links_to_prefilled_feedback_and_problem_issues(project_copy: Path) -> None:
    options = SiteOptions(today=dt.date(2026, 11, 23), repo_url="https://github.com/org/shelf/")
    page = build_site(Project(project_copy), options).pages[PAGE]
    new = "https://github.com/org/shelf/issues/new?"
    assert (f"Was this useful? [Yes]({new}template=card-feedback.yml&card=giving-feedback&useful=Yes) · "
            f"[No]({new}template=card-feedback.yml&card=giving-feedback&useful=No)") in page
    assert "[Report a problem](" in page and "[Suggest an edit](" in page


def test_without_a_repository_the_links_go_to_the_contributor_guide(project_copy: Path) -> None:
    page = build_site(Project(project_copy), SiteOptions(today=dt.date(2026, 11, 23), guide=CONTRIBUTING)).pages[PAGE]
    guide = "../../contributing/index.md"
    assert f"Was this useful? [Yes]({guide}) · [No]({guide})" in page
    assert f"[Suggest an edit]({guide}) · [Report a problem]({guide})" in page
    assert "issues/new" not in page


def test_report_counts_open_feedback_per_card_from_an_export(project_copy: Path) -> None:
    (project_copy / FORMS_DIR).mkdir(parents=True)
    shutil.copy(REPO / FORMS_DIR / FEEDBACK_FORM, project_copy / FORMS_DIR)
    result = run_cli("report", "--feedback", str(EXPORT), cwd=project_copy)
    assert result.returncode == 0, result.stderr
    section = result.stdout[result.stdout.index("Reader feedback"):].splitlines()
    assert section == [
        "Reader feedback (open 'Was this useful?' issues)",
        "  giving-feedback: 1 yes, 2 no",  # closed (#5) and other labels (#6) are not counted
        "  first-week: 0 yes, 1 no",  # #9: a heading that is not the form's is part of an answer
        "  coaching-with-grow: 1 yes, 0 no",
        "  not counted: #7: 'no-such-card' is not a card",
        "  not counted: #8: the answer 'maybe' is not Yes or No",
    ]


def test_report_without_feedback_has_no_section_and_a_bad_export_is_a_usage_error(project_copy: Path,
                                                                                  tmp_path: Path) -> None:
    (project_copy / FORMS_DIR).mkdir(parents=True)
    shutil.copy(REPO / FORMS_DIR / FEEDBACK_FORM, project_copy / FORMS_DIR)
    assert "Reader feedback" not in run_cli("report", cwd=project_copy).stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"issues": []}', encoding="utf-8")
    result = run_cli("report", "--feedback", str(bad), cwd=project_copy)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "expected a JSON list of issues" in result.stderr
