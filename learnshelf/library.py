"""The library: finding the project and its card files, and loading every card with its problems.

This is the one entry point the CLI, the MkDocs plugin and the page generator share:
``load_library`` returns every card (valid or not) and every problem, sorted, never raising
for anything a contributor wrote.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf import problems as P
from learnshelf.body import check_body
from learnshelf.cardfile import parse_card
from learnshelf.crosscheck import check_across
from learnshelf.docstree import DocsScan, scan_docs
from learnshelf.fields import check_card
from learnshelf.pathways import Pathway, load_pathways
from learnshelf.schema import Card
from learnshelf.taxonomy import Taxonomy, load_taxonomy

RESOURCES = Path("docs") / "resources"
CURATION = Path("curation")


@dataclass(frozen=True)
class Project:
    """Where a Learnshelf repository keeps its cards and curation data."""

    root: Path

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

    def load_taxonomy(self) -> tuple[Taxonomy, list[P.Problem]]:
        """The project's taxonomy and any problems in its curation files."""
        return load_taxonomy(self.curation, self.display(self.curation))


def find_project(start: Path) -> Project | None:
    """The nearest folder at or above ``start`` that has ``curation/topics.yml``."""
    for folder in (start.absolute(), *start.absolute().parents):
        if (folder / CURATION / "topics.yml").is_file():
            return Project(folder)
    return None


@dataclass
class Library:
    """Every card found, in path order, and every problem found while loading them."""

    cards: list[Card] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)
    result: P.Result = field(default_factory=P.Result)

    def published(self) -> list[Card]:
        """Valid cards that are not drafts."""
        return [c for c in self.cards if c.valid and c.status != "draft"]


def discover(project: Project, folder: Path) -> tuple[list[Path], list[P.Problem]]:
    """Card files under any ``folder`` (sorted), and problems with files that cannot be cards."""
    scan = scan_docs(folder, folder, project.display)
    return scan.cards, scan.problems


def load_card(project: Project, path: Path, taxonomy: Taxonomy) -> tuple[Card, list[P.Problem]]:
    """Read, parse and check one card file."""
    display = project.display(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        return Card(path.stem, display, valid=False), [
            P.make(display, 1, 1, "unreadable", f"the file cannot be read: {err.strerror}")]
    return check_bytes(data, display, taxonomy)


def check_bytes(data: bytes, display: str, taxonomy: Taxonomy) -> tuple[Card, list[P.Problem]]:
    """Parse and check one card's content; ``display`` is the path shown in messages."""
    card_file = parse_card(data, display)
    card, problems = check_card(card_file, taxonomy)
    problems = card_file.problems + problems
    if card_file.front is not None:
        problems += check_body(card_file.body, card_file.body_line, display)
    card.valid = card.valid and not any(p.is_error for p in problems)
    return card, problems


def check_text(project: Project, taxonomy: Taxonomy, path: Path, text: str) -> list[P.Problem]:
    """Problems that ``text`` would have if it were the card at ``path``, checked against the
    whole library (so duplicate ids and URLs count) without writing anything."""
    display = project.display(path)
    card, problems = check_bytes(text.encode("utf-8"), display, taxonomy)
    others = [c for c in load_library(project, taxonomy).cards if c.path != display]
    across = check_across(sorted([*others, card], key=lambda c: c.path), newest=card)
    return sorted(problems + [p for p in across if p.path == display])


def load_library(project: Project, taxonomy: Taxonomy, extra: list[Path] | None = None) -> Library:
    """Load every card under the project's resources folder, plus ``extra`` card files."""
    scan = scan_docs(project.docs, project.resources, project.display) if project.docs.is_dir() else DocsScan()
    files, problems = scan.cards, scan.problems
    by_display = {project.display(path): path for path in [*files, *(extra or [])]}
    library = Library()
    for _, path in sorted(by_display.items()):
        card, card_problems = load_card(project, path, taxonomy)
        library.cards.append(card)
        library.result.checked.append(card.path)
        problems += card_problems
    problems += check_across(library.cards)
    statuses = {c.id: c.status for c in library.cards}
    library.pathways, pathway_problems = load_pathways(project.curation, project.display(project.curation),
                                                       taxonomy, statuses)
    library.result.problems = problems + pathway_problems
    invalid = {p.path for p in problems if p.is_error}
    for card in library.cards:
        card.valid = card.valid and card.path not in invalid
    return library
