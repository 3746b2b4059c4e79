"""The curator report on a fixture library built to contain each kind of finding."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, REPO, run_cli

from learnshelf.catalog.audit import build_report, load_words
from learnshelf.catalog.catalog import build_catalog
from learnshelf.check.library import load_library
from learnshelf.load.project import Project

TODAY = dt.date(2026, 11, 23)


def card(folder: Path, card_id: str, **fields: str) -> None:
    values = {"type": "guide", "summary": "A summary long enough for the validator to accept.",
              "topics": "[wellbeing]", "contributor": "fixture", "added": "2026-11-01", **fields}
    lines = ["---", f"title: {values.pop('title', card_id.replace('-', ' ').capitalize())}"]
    lines += [f"{k}: {v}" for k, v in values.items()] + ["---", "Body.", ""]
    (folder / f"{card_id}.md").write_text("\n".join(lines))


def fixture_library(root: Path) -> Project:
    res = root / "docs" / "resources"
    card(res, "old-guide", added="2024-01-10")  # overdue: never reviewed, older than 365 days
    card(res, "older-guide", title="Stretching at your desk", added="2023-05-01", reviewed="2024-02-01")
    card(res, "gone-course", status="retired")  # retired without replacement
    card(res, "feedback-again", title="Giving feedback that helps!", type="article",
         url="https://example.org/feedback-primer")  # near-identical title to giving-feedback
    for n, subject in enumerate(["Sleep", "Breaks", "Posture", "Screen time", "Walking meetings"]):
        card(res, f"designer-{n}", title=f"{subject} for designers", roles="[designer]")  # a silo
    card(res, "privacy-for-designers", roles="[designer]", topics="[data-protection]")
    card(res, "ambitious-plan", title="An ambitious, supportive plan")
    card(res, "core-for-managers", core="true", roles="[people-manager]", topics="[onboarding]")
    return Project(root)


def test_each_kind_of_finding_names_its_cards(project_copy: Path) -> None:
    project = fixture_library(project_copy)
    taxonomy, _ = project.load_taxonomy()
    library = load_library(project, taxonomy)
    links = [{"card_id": "giving-feedback", "path": "docs/resources/people/giving-feedback.md",
              "url": "https://en.wikipedia.org/wiki/360-degree_feedback", "state": "broken",
              "broken_since": "2026-11-01", "http_status": 404, "detail": "404 Not Found"}]
    report = build_report(build_catalog(library, taxonomy), library.cards, TODAY, load_words(REPO / "curation")[0], links)
    found = {section: [(f.message, f.paths) for f in findings] for section, findings in report.sections.items()}
    r = "docs/resources/"
    assert found["Reviews overdue"] == [  # oldest first
        ("last checked 2024-01-10, 683 days overdue", [r + "old-guide.md"]),
        ("last checked 2024-02-01, 661 days overdue", [r + "older-guide.md"])]
    assert found["Drafts waiting"] == [("draft since 2026-04-01", [r + "draft-idea.md"])]
    assert found["Retired without replacement"] == [("retired with no replaced_by", [r + "gone-course.md"])]
    assert found["Duplicates"] == [("near-identical titles", [r + "feedback-again.md", r + "people/giving-feedback.md"])]
    assert found["Broken links"] == [("https://en.wikipedia.org/wiki/360-degree_feedback: broken since 2026-11-01 "
                                      "(404 Not Found)", [r + "people/giving-feedback.md"])]
    balance = found["Balance audit"]
    assert ("core card tagged with roles: it reads as role-specific, though every role sees it",
            [r + "core-for-managers.md"]) in balance
    assert ("5 of 6 cards tagged for role 'designer' (83%, warned above 75%) are in the topic family 'wellbeing'; "
            "is the role being siloed?",
            [r + f for f in ("designer-1.md", "designer-2.md", "privacy-for-designers.md", "designer-3.md",
                             "designer-0.md", "designer-4.md")]) in balance  # by title
    assert ("topic 'data-protection' is tagged only for designer; other roles see it only through search or the library",
            [r + "privacy-for-designers.md"]) in balance
    # One coded word of each kind is no evidence of anything: no card is named for it.
    assert not any(r + "ambitious-plan.md" in paths for _, paths in found["Wording balance"])
    assert not any("does not reach every core card" in m for m, _ in balance), "every role reaches every core card"
    assert report.matrix["data-protection"] == {"designer": 1, "people-manager": 0, "software-engineer": 0}
    assert ("no cards on topic 'data-protection' for 2 of 3 roles: people-manager, software-engineer", []) in found["Coverage gaps"]
    assert found["Contributors and recent activity"][0][0] == "9 card(s) added in the last 30 days"


def test_report_command_formats(project_copy: Path) -> None:
    fixture_library(project_copy)
    text = run_cli("report", cwd=project_copy)
    assert text.returncode == 0 and "== Retired without replacement (1)" in text.stdout
    assert ("  warning: near-identical titles ['Giving feedback that helps!' (docs/resources/feedback-again.md), "
            "'Giving feedback that helps' (docs/resources/people/giving-feedback.md)]") in text.stdout.splitlines()
    data = json.loads(run_cli("report", "--format", "json", cwd=project_copy).stdout)
    assert data["sections"]["Retired without replacement"][0]["paths"] == ["docs/resources/gone-course.md"]
    page = run_cli("report", "--format", "markdown", cwd=project_copy).stdout
    assert page.index("## Summary") < page.index('<figure class="ls-figure" id="ls-fig-heatmap">') < page.index("## Duplicates")
    assert '<th scope="col">Software engineer</th><th scope="col">People manager</th><th scope="col">Designer</th>' in page


def test_links_command_skips_internal_hosts_and_feeds_report_and_card_pages(project_copy: Path) -> None:
    policy = project_copy / "curation" / "policy.yml"
    policy.write_text(policy.read_text().replace("internal_domains: []",
                                                 "internal_domains: [en.wikipedia.org]"))
    result = run_cli("links", "--format", "json", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    states = {r["card_id"]: r["state"] for r in json.loads(result.stdout)}
    # Drafts are not checked; a retired card's page still links to its resource, so it is.
    assert states == {"giving-feedback": "skipped-internal", "old-privacy-course": "skipped-internal"}
    saved = project_copy / ".learnshelf-cache" / "link-report.json"
    assert json.loads(saved.read_text()) == json.loads(result.stdout)


#: A link check result for the example project's giving-feedback card.
BROKEN = {"card_id": "giving-feedback", "path": "docs/resources/people/giving-feedback.md",
          "url": "https://en.wikipedia.org/wiki/360-degree_feedback", "state": "broken",
          "broken_since": "2026-11-01", "http_status": 404, "detail": "404"}


def test_a_broken_link_shows_on_the_card_page_and_in_the_report(project_copy: Path) -> None:
    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    saved = project_copy / ".learnshelf-cache" / "link-report.json"
    saved.parent.mkdir()
    saved.write_text(json.dumps([BROKEN]))
    site = build_site(Project(project_copy), SiteOptions(today=TODAY))
    page = site.pages["resources/people/giving-feedback.md"]
    assert '!!! warning "Link reported broken"' in page and "could not reach this resource since 2026-11-01" in page
    assert "broken since 2026-11-01" in site.pages["curating/report.md"]


def test_a_fixed_link_loses_its_notice_and_odd_results_are_ignored(project_copy: Path) -> None:
    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    saved = project_copy / ".learnshelf-cache" / "link-report.json"
    saved.parent.mkdir()
    odd = [{"state": "broken"}, {"card_id": 7, "path": [], "url": None, "state": "broken"}]
    saved.write_text(json.dumps([BROKEN, *odd]))
    card = project_copy / "docs" / "resources" / "people" / "giving-feedback.md"
    card.write_text(card.read_text().replace("https://en.wikipedia.org/wiki/360-degree_feedback",
                                             "https://en.wikipedia.org/wiki/Feedback"))
    site = build_site(Project(project_copy), SiteOptions(today=TODAY))
    assert not site.problems or not any(p.is_error for p in site.problems)
    assert "Link reported broken" not in site.pages["resources/people/giving-feedback.md"]
    assert "broken since" not in site.pages["curating/report.md"]
    result = run_cli("report", cwd=project_copy)
    assert result.returncode == 0 and "360-degree_feedback" not in result.stdout, result.stdout + result.stderr


def test_published_report_page_stays_small_however_many_findings() -> None:
    from learnshelf.catalog.audit import PAGE_FINDINGS, Finding, Report, markdown

    report = Report(sections={"Duplicates": [Finding(f"pair {n}", []) for n in range(PAGE_FINDINGS + 10)]})
    page = markdown(report, "curating/report.md", set())
    assert page.count("- pair ") == PAGE_FINDINGS
    assert "- … and 10 more: run `learnshelf report` for the full list." in page


ALIAS_BOMB = """masculine: &a [lead*, lead*, lead*, lead*, lead*, lead*, lead*, lead*, lead*, lead*]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_in_the_gendered_words_is_a_located_problem_never_expanded(project_copy: Path) -> None:
    (project_copy / "curation" / "gendered-words.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    words, problems = load_words(project_copy / "curation")
    assert words == {}  # expanded, the last line alone would be 10**9 stems
    assert {(p.path, p.line, p.rule) for p in problems} >= {("curation/gendered-words.yml", 2, "yaml-alias"),
                                                              ("curation/gendered-words.yml", 9, "yaml-alias")}
    for command in (("report",), ("pages", "--out", str(project_copy.parent / "pages"))):
        result = run_cli(*command, cwd=project_copy, timeout=60)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "curation/gendered-words.yml:2:8: yaml-alias '*a' is a YAML alias; write the value out in full" in result.stdout
        assert result.stderr == "learnshelf: the curation files have problems (listed above); fix them first\n"
    assert not (project_copy.parent / "pages").exists()
    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    site = build_site(Project(project_copy), SiteOptions(today=TODAY))  # what the MkDocs plugin stops on
    assert site.pages == {} and {p.rule for p in site.problems} == {"yaml-alias"}


@pytest.mark.parametrize("text, found", [
    ("- lead*\n- warm*\n", [(1, "taxonomy-invalid", "the file must map each kind to a list of word stems, "
                                                  "e.g. 'feminine: [warm*, kind]'")]),
    ("masculine: lead*\n", [(1, "taxonomy-invalid", "the 'masculine' words must be a list, e.g. [a, b]")]),
    ("feminine: [warm*, [kind]]\n", [(1, "taxonomy-invalid", "the 'feminine' words must be a non-empty text")]),
    ("feminine: !!python/object:os.system [warm*]\n", [(1, "yaml-tag", "the YAML tag '!!python/object:os.system' "
                                                                       "is not allowed; remove it")]),
])
def test_a_misshapen_gendered_words_file_is_located(tmp_path: Path, text: str, found: list[tuple[int, str, str]]) -> None:
    (tmp_path / "gendered-words.yml").write_text(text, encoding="utf-8")
    _, problems = load_words(tmp_path)
    assert [(p.line, p.rule, p.message) for p in problems] == found


def test_the_gendered_words_keep_their_text() -> None:
    words, problems = load_words(REPO / "curation")
    assert problems == [] and "compet*" in words["masculine"] and "warm*" in words["feminine"]


def test_a_site_build_makes_one_catalog_for_its_pages_and_its_report(monkeypatch: pytest.MonkeyPatch) -> None:
    from learnshelf.catalog.catalog import Catalog
    from learnshelf.pages.card import SiteOptions
    from learnshelf.pages.site import build_site

    made: list[Catalog] = []
    init = Catalog.__init__

    def counted(self: Catalog, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(Catalog, "__init__", counted)  # sees a Catalog made anywhere
    site = build_site(Project(EXAMPLE_PROJECT), SiteOptions(today=TODAY))
    assert "curating/report.md" in site.pages and made == [site.catalog]


@pytest.mark.parametrize("text, located", [
    ("feminine: [warm*, kind\nmasculine: [lead*]\n",
     "curation/gendered-words.yml:2:10: yaml-syntax YAML syntax error: did not find expected ',' or ']'"),
    ("feminine:\n  - warm*\n\t- kind\n", "curation/gendered-words.yml:3:1: yaml-syntax YAML syntax error: found a tab"),
    ("feminine: [warm*]\nfeminine: [kind]\n",
     "curation/gendered-words.yml:2:1: yaml-duplicate-key 'feminine' is given twice (first on line 1); keep one"),
    ("masculine: lead*\n", "curation/gendered-words.yml:1:1: taxonomy-invalid the 'masculine' words must be a list"),
    (b"\xff\xfe", "curation/gendered-words.yml:1:1: taxonomy-invalid cannot read the file: 'utf-8' codec"),
])
def test_a_broken_gendered_words_file_stops_the_report_with_a_located_problem(
        project_copy: Path, text: str | bytes, located: str) -> None:
    target = project_copy / "curation" / "gendered-words.yml"
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = run_cli("report", cwd=project_copy, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith(located), result.stdout
    assert result.stderr == "learnshelf: the curation files have problems (listed above); fix them first\n"
