"""Getting cards in without writing YAML: ``import`` (CSV and awesome lists) and ``from-issue``."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLES, run_cli

from learnshelf.tools.fromissue import FORM, read_form

CSV = EXAMPLES / "import" / "resources.csv"
AWESOME = EXAMPLES / "import" / "awesome.md"
ISSUE = EXAMPLES / "issue" / "suggestion.md"
SUGGESTED = Path("docs") / "resources" / "suggested" / "active-listening-a-primer.md"


def test_csv_import_creates_valid_cards_and_reports_bad_rows(project_copy: Path) -> None:
    result = run_cli("import", str(CSV), "--map", "Resource name=title", "--map", "Link=url",
                     "--contributor", "importer", cwd=project_copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{CSV}:row 2: created docs/resources/imported/active-listening-basics.md",
        f"{CSV}:row 3: not imported: url-scheme 'javascript:' links are not allowed; use the full https:// address of the resource",
        f"{CSV}:row 3: not imported: text-length 'summary' has 9 characters; it must have 20 to 280",
        f"{CSV}:row 3: not imported: unknown-topic 'feedbak' is not a topic (did you mean 'feedback'?)",
        f"{CSV}:row 4: already in the library as docs/resources/people/giving-feedback.md; skipped",
        f"{CSV}:row 5: created docs/resources/imported/coaching-for-managers.md",
        "2 card(s) created, 1 already present, 1 row(s) not imported",
    ]
    card = (project_copy / "docs" / "resources" / "imported" / "coaching-for-managers.md").read_text()
    assert "topics: [coaching, leadership]\nroles: [people-manager]" in card
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_reimport_creates_nothing_and_overwrites_nothing(project_copy: Path) -> None:
    args = ("import", str(CSV), "--map", "Resource name=title", "--map", "Link=url", "--contributor", "importer")
    run_cli(*args, cwd=project_copy)
    created = project_copy / "docs" / "resources" / "imported" / "active-listening-basics.md"
    created.write_text(created.read_text().replace("Try it", "Edited by a curator: try it"))
    before = sorted(p.name for p in created.parent.iterdir())
    second = run_cli(*args, cwd=project_copy)
    assert "0 card(s) created, 3 already present, 1 row(s) not imported" in second.stdout
    assert sorted(p.name for p in created.parent.iterdir()) == before
    assert "Edited by a curator" in created.read_text()


LINE_BREAK_CSV = (
    "Resource name,type,url,summary,topics,contributor,added,notes\n"
    '"Active listening\nroles: x",article,https://en.wikipedia.org/wiki/Active_listening,'
    '"What active listening is, and how to practise it.",feedback,ana,,\n'
    "Coaching,article,https://en.wikipedia.org/wiki/Coaching,An overview of coaching and its approaches.,"
    'coaching,ana,"2026-01-01\ncore: true",\n'
    "Mentorship,article,https://en.wikipedia.org/wiki/Mentorship,What mentoring is and how it works in teams.,"
    '"coaching\nleadership",ana,,"First line.\n\n### A heading in the body\n\nroles: stays body text"\n'
)


def test_csv_line_breaks_are_refused_in_one_line_fields(project_copy: Path) -> None:
    (project_copy / "list.csv").write_text(LINE_BREAK_CSV, encoding="utf-8")
    result = run_cli("import", "list.csv", "--map", "Resource name=title", cwd=project_copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "list.csv:row 2: not imported: the title (column 'Resource name') has a line break; it is one line of "
        "front matter, so join its lines",
        "list.csv:row 3: not imported: the added has a line break; it is one line of front matter, so join its lines",
        "list.csv:row 4: created docs/resources/imported/mentorship.md",  # a list cell and the body may have lines
        "1 card(s) created, 0 already present, 2 row(s) not imported",
    ]
    card = (project_copy / "docs" / "resources" / "imported" / "mentorship.md").read_text()
    front, body = card.split("---\n")[1:]
    assert "topics: [coaching, leadership]" in front and "roles" not in front
    assert body == "\nFirst line.\n\n### A heading in the body\n\nroles: stays body text\n"
    assert sorted(p.name for p in (project_copy / "docs" / "resources" / "imported").iterdir()) == ["mentorship.md"]


def test_every_value_is_written_on_one_line_of_front_matter() -> None:
    """Whatever a caller passes: a date or boolean that is not one word is quoted, and the line
    breaks only YAML counts (NEL, U+2028, U+2029) are escaped like the others (PyYAML's escapes)."""
    from learnshelf.tools.cardwriter import card_text

    text = card_text({"title": "A\u2028roles: x", "added": "2026-01-01\ncore: true", "core": "true",
                      "topics": "a\x85b, c"})
    assert text.split("---\n")[1].split("\n") == [
        'title: "A\\Lroles: x"', 'topics: ["a\\Nb", c]', "core: true", 'added: "2026-01-01\\ncore: true"', ""]


def test_awesome_list_import_maps_headings_to_topics(project_copy: Path) -> None:
    result = run_cli("import", str(AWESOME), "--contributor", "importer", "--type", "article",
                     "--topic-map", "Miscellaneous=wellbeing", "--folder", "awesome", cwd=project_copy)
    lines = result.stdout.splitlines()
    assert lines == [
        f"{AWESOME}:line 7: created docs/resources/awesome/sleep-hygiene.md",
        f"{AWESOME}:line 8: not imported: text-length 'summary' has 5 characters; it must have 20 to 280",
        f"{AWESOME}:line 12: created docs/resources/awesome/onboarding.md",
        f"{AWESOME}:line 16: created docs/resources/awesome/pomodoro-technique.md",
        "3 card(s) created, 0 already present, 1 row(s) not imported",
    ]
    assert "topics: [onboarding]" in (project_copy / "docs" / "resources" / "awesome" / "onboarding.md").read_text()
    assert run_cli("validate", cwd=project_copy).returncode == 0


def test_an_unmapped_run_lists_the_distinct_headings_and_writes_nothing(project_copy: Path) -> None:
    result = run_cli("import", str(AWESOME), "--contributor", "importer", "--type", "article", cwd=project_copy)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "1 heading(s) are not topics; nothing was imported:", "     1 item(s) under 'Miscellaneous'",
        "Map them in a file (--topic-map-file map.yml, one 'heading: topic' a line) or give --default-topic TOPIC."]
    assert not (project_copy / "docs" / "resources" / "imported").exists()
    applied = run_cli("import", str(AWESOME), "--contributor", "importer", "--type", "article",
                      "--default-topic", "wellbeing", cwd=project_copy)
    assert "3 card(s) created, 0 already present, 1 row(s) not imported" in applied.stdout


def test_from_issue_turns_a_form_into_a_valid_card(issue_project: Path) -> None:
    result = run_cli("from-issue", str(ISSUE), cwd=issue_project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == ["created docs/resources/suggested/active-listening-a-primer.md"]
    card = (issue_project / "docs" / "resources" / "suggested" / "active-listening-a-primer.md").read_text()
    assert "title: 'Active listening: a primer'" in card
    assert "summary: What active listening is, with three habits that make people feel heard." in card
    assert "accessibility: [screen-reader-friendly]" in card and "contributor: sam" in card
    assert card.endswith("---\n\nUse it in your next one-to-one: **summarise** before you answer.\n")
    assert run_cli("validate", cwd=issue_project).returncode == 0


def test_from_issue_with_problems_writes_nothing(issue_project: Path) -> None:
    body = ISSUE.read_text().replace("feedback\n", "feedbak\n").replace("https://en.wikipedia.org/wiki/Active_listening",
                                                                        "http://169.254.169.254/latest")
    result = run_cli("from-issue", cwd=issue_project, stdin=body)
    assert result.returncode == 1
    assert "url-private-host" in result.stdout and "unknown-topic 'feedbak'" in result.stdout
    assert not (issue_project / "docs" / "resources" / "suggested").exists()


#: Headings a submitter might type into an answer to set fields the form does not ask for.
INJECTED = ("### Core\n\ntrue\n\n### Reviewed\n\n2026-01-01\n\n### Related\n\ngiving-feedback\n\n"
            "### Status of this card\n\ndraft\n\n### Title\n\nInjected title")


def test_headings_inside_an_answer_are_its_text_and_set_nothing(issue_project: Path) -> None:
    body = ISSUE.read_text().replace("that make people feel heard.\n", f"that make people feel heard.\n\n{INJECTED}\n")
    body = body.replace("**summarise** before you answer.", "**summarise** before you answer.\n\n### Core\n\ntrue")
    result = run_cli("from-issue", cwd=issue_project, stdin="### Core\n\ntrue\n\n" + body)
    assert result.returncode == 0, result.stdout
    card = (issue_project / SUGGESTED).read_text()
    front = card.split("---\n")[1]
    assert [line.split(":")[0] for line in front.splitlines()] == [
        "title", "type", "url", "summary", "topics", "level", "accessibility", "contributor", "added"]
    assert "title: 'Active listening: a primer'" in front
    assert ("summary: 'What active listening is, with three habits that make people feel heard. ### Core true "
            "### Reviewed 2026-01-01 ### Related giving-feedback ### Status of this card draft ### Title Injected title'"
            ) in front  # kept as written: validation judges it (a plain-text summary is allowed)
    assert card.endswith("before you answer.\n\n### Core\n\ntrue\n")  # the body is Markdown: a heading is fine


def test_an_injected_answer_that_breaks_a_field_is_judged_by_validation(issue_project: Path) -> None:
    body = ISSUE.read_text().replace("that make people feel heard.\n",
                                     "that make people feel heard.\n\n### Core\n\n" + "true " * 60 + "\n")
    result = run_cli("from-issue", cwd=issue_project, stdin=body)
    assert result.returncode == 1
    assert "text-length 'summary' has" in result.stdout and "not-a-boolean" not in result.stdout
    assert not (issue_project / SUGGESTED).exists()


def test_only_the_form_s_fields_are_read(issue_project: Path) -> None:
    """A form without the Level field: its heading in an issue is the previous answer's text."""
    form = issue_project / FORM
    text = form.read_text()
    start = text.index("  - type: dropdown\n    id: level")
    form.write_text(text[:start] + text[text.index("  - type: input\n    id: duration"):])
    fields, problems = read_form(form, "form.yml")
    assert problems == [] and "level" not in [f.id for f in fields]
    result = run_cli("from-issue", str(ISSUE), cwd=issue_project)
    assert result.returncode == 1 and "not created" in result.stdout  # roles is now "_No response_ ### Level intro"
    assert "unknown-role" in result.stdout


def test_a_broken_issue_form_is_a_configuration_error(issue_project: Path) -> None:
    shutil.copy(EXAMPLES / "issue" / "broken-form.yml", issue_project / FORM)
    result = run_cli("from-issue", str(ISSUE), cwd=issue_project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == "learnshelf: the issue form has problems (listed above); fix them first\n"
    lines = [line for line in result.stdout.splitlines() if "issue-form-invalid" in line]
    want = [int(line.split(":")[0]) for line in (EXAMPLES / "issue" / "broken-form.expected").read_text().splitlines()]
    assert [int(line.split(":")[1]) for line in lines] == want
    assert lines[0] == (".github/ISSUE_TEMPLATE/suggest-a-resource.yml:7:5: issue-form-invalid "
                        "a field's id (the card key it fills) must be a non-empty text")


def test_a_project_without_the_issue_form_cannot_take_issues(project_copy: Path) -> None:
    result = run_cli("from-issue", str(ISSUE), cwd=project_copy)
    assert result.returncode == 2
    assert (".github/ISSUE_TEMPLATE/suggest-a-resource.yml:1:1: issue-form-invalid cannot read the file: "
            "No such file or directory") in result.stdout


def test_card_ids_are_transliterated_from_any_script_and_never_placeholders() -> None:
    from learnshelf.tools.new import slugify

    assert slugify("نامه\u200cنگاری اداری") == "nmhngry-dry"
    assert slugify("プログラミング入門") == "hurokuraminkuru-men"
    assert slugify("C#") == "c-sharp" and slugify("C++") == "c-plus-plus"
    assert slugify("\uff11", "https://example.org/books/one.pdf") == "example-org-books-one-pdf"  # full-width 1
    assert slugify("\U0001f469\u200d\U0001f4bb", "https://www.example.com/") == "example-com"
    assert slugify("\uff11").startswith("card-") and slugify("\uff11") != slugify("\uff12")


MULTILINGUAL = EXAMPLES / "import" / "multilingual.md"
MULTILINGUAL_MAP = EXAMPLES / "import" / "multilingual-map.yml"


def _front(path: Path) -> dict[str, object]:
    import frontmatter

    return dict(frontmatter.loads(path.read_text(encoding="utf-8")).metadata)


def test_a_multilingual_awesome_list_imports_in_one_command_with_a_mapping_file(project_copy: Path) -> None:
    result = run_cli("import", str(MULTILINGUAL), "--topic-map-file", str(MULTILINGUAL_MAP),
                     "--contributor", "importer", "--type", "book", cwd=project_copy)
    lines = result.stdout.splitlines()
    assert lines[-2:] == ["48 table-of-contents link(s) (to #anchors of the list) skipped",
                          "280 card(s) created (160 draft(s) waiting for a curator: 160 need a summary), "
                          "0 already present, 16 row(s) not imported"]
    refused = [line for line in lines if ": not imported: " in line]
    assert len(refused) == 16 and refused[:2] == [
        f"{MULTILINGUAL}:line 107: not imported: the list item has no [title](https://...) link",
        f"{MULTILINGUAL}:line 108: not imported: url-scheme 'javascript:' links are not allowed; "
        "use the full https:// address of the resource"]
    # Every item of the list is accounted for: a card, a located refusal or a skipped TOC link.
    items = [line for line in MULTILINGUAL.read_text(encoding="utf-8").splitlines() if line.lstrip()[:2] in ("* ", "- ")]
    assert len(items) == 280 + 16 + 48
    assert run_cli("validate", cwd=project_copy).returncode == 0
    folder = project_copy / "docs" / "resources" / "imported"
    assert not [p for p in folder.iterdir() if p.name.startswith("new-card")]
    persian = _front(folder / "bzkhwrdddn-bh-hmkhrn-1.md")
    assert persian["title"] == "بازخورد\u200cدادن به همکاران 1" and persian["language"] == "fa"
    assert persian["source"] == "Karl Fogel" and persian["status"] == "draft" and "summary" not in persian
    assert "Format: HTML, EPUB." in (folder / "bzkhwrdddn-bh-hmkhrn-1.md").read_text(encoding="utf-8")
    entity = _front(folder / "die-erste-woche-and-2.md")  # "Die erste Woche &amp; 2&rlm;" ... (PDF)
    assert entity["title"] == "Die erste Woche & 2\u200f" and str(entity["summary"]).startswith("Eine praktische")
    assert entity["topics"] == ["onboarding"] and entity.get("status") is None
    escaped = _front(folder / "leading-a-small-team-and-co-3.md")  # under "C\# \& C\+\+ teams"
    assert escaped["title"] == "Leading a small team & co 3" and escaped["topics"] == ["leadership"]
    assert _front(folder / "gei-chu-you-yong-de-fan-kui-2.md")["title"] == "给出有用的反馈 ２"  # full-width digit


def test_a_rerun_that_adds_nothing_exits_0(project_copy: Path) -> None:
    listing = project_copy / "list.md"
    listing.write_text("## <a id=\"x\"></a>C\\#\n\n* [C](https://example.org/c) (PDF)\n"
                       "* [R](https://example.org/r) - The R Team\n", encoding="utf-8")
    args = ("import", str(listing), "--topic-map", '<a id="x"></a>C#=coaching', "--contributor", "ana",
            "--type", "book", "--language", "en")
    first = run_cli(*args, cwd=project_copy)
    assert first.returncode == 0, first.stdout
    assert first.stdout.splitlines()[-1] == ("2 card(s) created (2 draft(s) waiting for a curator: 2 need a summary), "
                                             "0 already present, 0 row(s) not imported")
    second = run_cli(*args, cwd=project_copy)
    assert second.returncode == 0 and "0 card(s) created, 2 already present, 0 row(s) not imported" in second.stdout


def test_csv_rows_take_their_language_column_and_lacking_a_topic_become_drafts(project_copy: Path) -> None:
    (project_copy / "list.csv").write_text(
        "title,url,language,topics,summary,Owner\n"
        "フィードバック入門,https://example.org/ja,ja,feedback,チームで建設的なフィードバックを伝えるための実践的なガイドです。,ana\n"
        "Feedback geben,https://example.org/de,,,Eine praktische Einführung in gutes Feedback im Team.,\n",
        encoding="utf-8")
    result = run_cli("import", "list.csv", "--contributor", "ana", "--type", "book", "--language", "de", cwd=project_copy)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[0] == (
        "list.csv: column 'Owner' is not a card field, so its cells were not imported; "
        "map it with --map \"Owner=<field>\" or name it 'notes' to keep it in the body")
    assert "2 card(s) created (1 draft(s) waiting for a curator: 1 need a topic)" in result.stdout
    folder = project_copy / "docs" / "resources" / "imported"
    assert _front(folder / "huitohatukuru-men.md")["language"] == "ja"
    german = _front(folder / "feedback-geben.md")
    assert german["language"] == "de" and german["status"] == "draft" and "topics" not in german


ITEM_SHAPES = {
    "* [Book](https://example.org/b) - [Karl Fogel](https://example.org/k) (PDF)":
        ({"title": "Book", "url": "https://example.org/b", "source": "Karl Fogel"}, "Format: PDF."),
    "* \U0001f195 [C\\+\\+ &amp; you](https://example.org/c) (HTML, EPUB)":
        ({"title": "C++ & you", "url": "https://example.org/c"}, "\U0001f195\n\nFormat: HTML, EPUB."),
    "- [Book](https://example.org/d) \u2013 A long description of what the resource teaches.":
        ({"title": "Book", "url": "https://example.org/d", "summary": "A long description of what the resource teaches."}, ""),
    "1. [\u0643\u062a\u0627\u0628&rlm;](https://example.org/e) - \u0645\u0631\u064a\u0645":
        ({"title": "\u0643\u062a\u0627\u0628\u200f", "url": "https://example.org/e", "source": "\u0645\u0631\u064a\u0645"}, ""),
}


def test_list_items_keep_every_part_in_its_own_field() -> None:
    from learnshelf.load.taxonomy import load_taxonomy
    from learnshelf.tools.awesome import HeadingMap, scan_markdown

    taxonomy, _ = load_taxonomy(EXAMPLES / "project" / "curation")
    text = "## Feedback\n\n* [Contents](#contents)\n" + "\n".join(ITEM_SHAPES) + "\n* Nothing to link to\n"
    scan = scan_markdown(text, "list.md", HeadingMap({}), taxonomy)
    assert scan.toc_links == 1 and scan.unmapped == {}
    assert [(r.values, r.body) for r in scan.rows[:-1]] == [({**v, "topics": "feedback"}, b) for v, b in ITEM_SHAPES.values()]
    assert (scan.rows[-1].source, scan.rows[-1].problem) == ("list.md:line 8", "the list item has no [title](https://...) link")


def test_rows_may_name_later_rows_and_a_card_naming_a_refused_row_is_taken_back(project_copy: Path) -> None:
    (project_copy / "list.csv").write_text(
        "id,title,url,topics,related,summary\n"
        "pair-a,Pair A,https://example.org/a,feedback,\"pair-b, lonely\",Names the next row and one that fails.\n"
        "pair-b,Pair B,https://example.org/b,feedback,pair-a,Names the row before it: a pair both ways.\n"
        "lonely,Lonely,javascript:alert(1),feedback,,A row refused for its link.\n"
        "named,Names A,https://example.org/n,feedback,pair-a,Names a card that was taken back.\n",
        encoding="utf-8")
    result = run_cli("import", "list.csv", "--contributor", "ana", "--type", "article", cwd=project_copy)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "list.csv:row 2: not imported: unknown-card related names 'lonely', but no card has that id" in lines
    assert "list.csv:row 3: not imported: unknown-card related names 'pair-a', whose entry (list.csv:row 2) was not "\
           "imported; fix that entry and import again" in lines
    assert "list.csv:row 5: not imported: unknown-card related names 'pair-a', whose entry (list.csv:row 2) was not "\
           "imported; fix that entry and import again" in lines
    assert not list((project_copy / "docs" / "resources" / "imported").glob("*.md"))
    assert run_cli("validate", cwd=project_copy).returncode == 0
