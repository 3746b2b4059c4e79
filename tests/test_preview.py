"""``learnshelf preview``: one edited card and every listing that shows it, built quickly."""

from __future__ import annotations

from pathlib import Path

from conftest import broken_links, run_cli


def test_preview_shows_the_edit_on_the_card_and_its_listings(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "people" / "coaching-with-grow.md"
    card.write_text(card.read_text().replace("Coaching with GROW", "Coaching with GROW, edited"))
    result = run_cli("preview", str(card), cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project_copy / ".learnshelf-cache" / "preview" / "site"
    assert result.stdout.strip() == f"preview of 5 page(s): {site}/resources/people/coaching-with-grow/index.html"
    for page in ("resources/people/coaching-with-grow", "topics/coaching", "topics/leadership", "roles/people-manager", ""):
        assert "Coaching with GROW, edited" in (site / page / "index.html").read_text(), page
    assert not (site / "topics" / "feedback").exists(), "pages that do not show the card are not built"
    card_links = [link for link in broken_links(site) if "coaching-with-grow" in link[1]]
    assert card_links == []  # the listings' links to the card work in the preview


def test_preview_of_an_invalid_card_lists_its_problems(project_copy: Path) -> None:
    card = project_copy / "docs" / "resources" / "first-week.md"
    card.write_text(card.read_text().replace("topics: [onboarding]", "topics: [onbording]"))
    result = run_cli("preview", str(card), cwd=project_copy)
    assert result.returncode == 1 and "unknown-topic 'onbording'" in result.stdout


def test_preview_never_clears_a_folder_it_did_not_write(project_copy: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    (precious / "docs").mkdir(parents=True)
    (precious / "docs" / "keep.md").write_text("mine")
    card = project_copy / "docs" / "resources" / "first-week.md"
    result = run_cli("preview", str(card), "--out", str(precious), cwd=project_copy)
    assert result.returncode == 2 and "is not a preview folder" in result.stderr
    assert (precious / "docs" / "keep.md").read_text() == "mine"
