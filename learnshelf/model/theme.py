"""The markup in generated pages that only some themes or Markdown set-ups give a meaning to:
Material for MkDocs' button classes and page front matter, and the ``admonition`` extension's
notes; and nothing more. Every generated page asks here, so a move to another engine or theme
changes this module only (Zensical, Material's successor, reads all of it the same).
"""

from __future__ import annotations

#: Material's classes for a call-to-action link or button (other themes show a plain link).
BUTTON = "md-button md-button--primary"


def warning(title: str, text: str) -> list[str]:
    """A warning note (lines of Markdown): an admonition, which the site's ``mkdocs.yml``
    enables; ``title`` is ours, ``text`` already escaped Markdown."""
    return [f'!!! warning "{title}"', f"    {text}"]


def without_toc() -> list[str]:
    """Front matter (lines) for a page shown without Material's table-of-contents sidebar."""
    return ["---", "hide: [toc]", "---"]
