"""Sharing made visible: the "Share what you learned" call (home, course/event/book cards,
pathway pages) and "Notes from colleagues" (the card a note names, and topic pages)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import REPO

from learnshelf.load.project import Project
from learnshelf.model.routes import CONTRIBUTING
from learnshelf.pages.card import SiteOptions
from learnshelf.pages.site import build_site

COURSE = "docs/resources/people/crucial-course.md"
NOTE = """---
title: "Notes & *stars* from the feedback course"
type: learning-note
summary: Three things I learned on the feedback course and how I will use them at work.
topics: [feedback]
contributor: "sam_k"
added: 2026-03-01
related: [crucial-course]
---
What I learned.
"""


def _project(project_copy: Path) -> Project:
    (project_copy / COURSE).write_text(
        "---\ntitle: A feedback course\ntype: course\nurl: https://example.org/course\n"
        "summary: A course on giving and receiving feedback at work, with practice.\ntopics: [feedback]\n"
        "contributor: tester\nadded: 2026-02-01\n---\nBody.\n")
    (project_copy / "docs" / "resources" / "people" / "course-note.md").write_text(NOTE)
    return Project(project_copy)


def test_the_share_call_links_to_the_form_on_home_pathway_and_course_pages(project_copy: Path) -> None:
    options = SiteOptions(today=dt.date(2026, 11, 23), repo_url="https://github.com/org/shelf")
    pages = build_site(_project(project_copy), options).pages
    call = "[Share what you learned](https://github.com/org/shelf/issues/new?template=share-what-you-learned.yml)"
    sharing = [path for path, text in pages.items() if call in text]
    pathways = [p for p in pages if p.startswith("pathways/") and p != "pathways/index.md"]
    assert pathways and sorted(sharing) == sorted(["index.md", "resources/people/crucial-course.md", *pathways])


def test_without_a_repository_the_call_goes_to_the_contributor_guide(project_copy: Path) -> None:
    pages = build_site(_project(project_copy), SiteOptions(today=dt.date(2026, 11, 23), guide=CONTRIBUTING)).pages
    assert "[Share what you learned](../../contributing/index.md)" in pages["resources/people/crucial-course.md"]
    assert "[Share what you learned](contributing/index.md)" in pages["index.md"]
    assert "Share what you learned" not in build_site(_project(project_copy), SiteOptions(
        today=dt.date(2026, 11, 23))).pages["index.md"]


def test_a_note_is_listed_on_its_card_and_its_topic_page_escaped(project_copy: Path) -> None:
    pages = build_site(_project(project_copy), SiteOptions(today=dt.date(2026, 11, 23))).pages
    item = '<li><a href="course-note.md">Notes &amp; *stars* from the feedback course</a> · shared by sam_k</li>'
    course = pages["resources/people/crucial-course.md"]
    assert f'## Notes from colleagues\n\n<ul class="ls-notes">\n{item}\n</ul>' in course
    topic = pages["topics/feedback/index.md"]
    assert "## Notes from colleagues" in topic and "../../resources/people/course-note.md" in topic
    assert "Notes from colleagues" not in pages["resources/people/giving-feedback.md"]
    assert "Notes from colleagues" not in pages["topics/onboarding/index.md"]


def test_a_note_the_card_also_names_as_related_is_listed_once_among_the_notes() -> None:
    pages = build_site(Project(REPO), SiteOptions(today=dt.date(2026, 11, 23))).pages
    book = pages["resources/skills/site-reliability-engineering-book.md"]  # related: [notes-sre-book-reading-group]
    assert book.count("notes-sre-book-reading-group.md") == 1 and book.index("## Notes from colleagues") < book.index(
        "notes-sre-book-reading-group.md")
    assert "## Related" not in book  # the note was its only related card
