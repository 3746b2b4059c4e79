"""Imported drafts carry the ranked tag suggestions, as comments of their front matter, for the
curator who finishes them; a card that is not a draft is written as before."""

from __future__ import annotations

from pathlib import Path

import frontmatter
from conftest import run_cli

LIST = ('title,url,summary,topics,notes\n'
        'Feedback geben,https://example.org/de,Eine praktische Einfuehrung in gutes Feedback im Team.,,'
        '"Was GDPR\nsagt: data\nprotection, ---\ntemplate: evil.html"\n'
        'Sleep well,https://example.org/sleep,Why rest matters and five habits that help you sleep.,wellbeing,\n')


def test_an_imported_draft_carries_the_suggestions_as_comments_the_validator_accepts(project_copy: Path) -> None:
    (project_copy / "list.csv").write_text(LIST, encoding="utf-8")
    result = run_cli("import", "list.csv", "--contributor", "ana", "--type", "book", cwd=project_copy)
    assert result.returncode == 0, result.stdout
    assert "2 card(s) created (1 draft(s) waiting for a curator: 1 need a topic)" in result.stdout
    folder = project_copy / "docs" / "resources" / "imported"
    draft = (folder / "feedback-geben.md").read_text(encoding="utf-8")
    front = draft.split("---\n")[1].splitlines()
    comments = [line for line in front if line.startswith("#")]
    assert comments[0].startswith("# Tag suggestions (learnshelf tag), highest first; a curator decides")
    assert comments[1] == ("#   topic 'feedback' 0.78 (write): 'Feedback' 1x in the title, 1x in the summary; "
                           "1 of the 2 most similar cards have it (giving-feedback)")
    # The phrase 'data\nprotection' spans a line of the body; the comment stays one line.
    assert comments[2] == "#   topic 'data-protection' 0.50 (write): 'GDPR' 2x in the body"
    assert front[-len(comments):] == comments  # at the end of the front matter, nothing after them
    metadata = frontmatter.loads(draft).metadata
    assert metadata["status"] == "draft" and "topics" not in metadata and "template" not in metadata
    assert "#" not in (folder / "sleep-well.md").read_text(encoding="utf-8").split("---\n")[1]
    assert run_cli("validate", cwd=project_copy).returncode == 0
    tagged = run_cli("tag", "--write", "docs/resources/imported/feedback-geben.md", cwd=project_copy)
    assert tagged.returncode == 0, tagged.stdout
    assert frontmatter.loads((folder / "feedback-geben.md").read_text(encoding="utf-8"))["topics"] == [
        "feedback", "data-protection"]
