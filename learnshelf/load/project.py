"""The project: where a Learnshelf repository keeps its cards, its curation data and its site
configuration; and nothing more."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from learnshelf.load.siteconfig import MarkdownConfig, site_markdown
from learnshelf.model import problems as P
from learnshelf.model.schema import ID_PATTERN

if TYPE_CHECKING:
    from learnshelf.load.taxonomy import Taxonomy

RESOURCES = Path("docs") / "resources"
FOLDER_USAGE = "--folder takes lowercase folder names under docs/resources, e.g. leadership"
CURATION = Path("curation")
#: The folder, under the project root, of everything Learnshelf keeps between runs (the
#: validation cache, link-check results, the preview); never committed. Named only here.
CACHE_FOLDER = Path(".learnshelf-cache")


@dataclass(frozen=True)
class Project:
    """Where a Learnshelf repository keeps its cards and curation data."""

    root: Path
    #: The site's Markdown configuration, when the caller has it (the MkDocs plugin); otherwise
    #: it is read from mkdocs.yml.
    markdown_config: MarkdownConfig | None = field(default=None, compare=False, repr=False)

    @property
    def resources(self) -> Path:
        """Folder of card files."""
        return self.root / RESOURCES

    @property
    def docs(self) -> Path:
        """The site's source folder."""
        return self.root / RESOURCES.parts[0]

    @property
    def curation(self) -> Path:
        """Folder of curator-owned data."""
        return self.root / CURATION

    def display(self, path: Path) -> str:
        """``path`` as shown in messages: relative to the project root when inside it."""
        full = os.path.abspath(path)  # string work: this runs once per card file
        root = os.path.join(os.path.abspath(self.root), "")
        return full[len(root):].replace(os.sep, "/") if full.startswith(root) else path.as_posix()

    def card_folder(self, name: str) -> Path | None:
        """The folder under the resources folder named by ``name`` ("a/b"), or None when a part
        is not a lowercase-hyphen name (so nothing can be written outside the library)."""
        parts = [part for part in name.strip("/").split("/") if part]
        return self.resources.joinpath(*parts) if all(ID_PATTERN.match(p) for p in parts) else None

    def markdown(self) -> MarkdownConfig:
        """The Markdown configuration the site renders pages with (read from mkdocs.yml)."""
        return self.markdown_config or site_markdown(self.root)

    def load_taxonomy(self) -> tuple[Taxonomy, list[P.Problem]]:
        """The project's taxonomy and any problems in its curation files."""
        from learnshelf.load.taxonomy import load_taxonomy

        return load_taxonomy(self.curation, self.display(self.curation))


def cores() -> int:
    """Processor cores this process may use (a container's CPU set, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def find_project(start: Path) -> Project | None:
    """The nearest folder at or above ``start`` that has ``curation/topics.yml``."""
    for folder in (start.absolute(), *start.absolute().parents):
        if (folder / CURATION / "topics.yml").is_file():
            return Project(folder)
    return None
