"""The ``docs/`` folder as files on disk, and nothing more: which files are cards, and which
files could publish something other than what a reviewer sees (or stop a build that reads them),
with the rules for those (``url-clash``, ``not-markdown``).

MkDocs follows symbolic links and publishes their targets, and two source files can publish to
the same URL (``a.md`` and ``a/index.md``), one silently overwriting the other. Both are
reported here for the whole ``docs/`` tree, not only for cards, and so is anything that is not a
regular file or a folder: reading a FIFO waits forever for a writer.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.load.cardfile import INVALID_ID
from learnshelf.load.fsio import NOT_A_FILE, SYMLINK
from learnshelf.model import problems as P
from learnshelf.model.routes import is_index, page_url
from learnshelf.model.rules import ERROR, Rule
from learnshelf.model.schema import ID_PATTERN

Display = Callable[[Path], str]

URL_CLASH = Rule(
    "url-clash", ERROR,
    ("Two files under docs/ would publish to the same address (a.md and a/index.md); one would "
     "overwrite the other."),
    bad="docs/guide.md and docs/guide/index.md",
    fixed="docs/guide.md and docs/guide/details.md")

NOT_MARKDOWN = Rule(
    "not-markdown", ERROR,
    "Only .md card files belong in docs/resources/.",
    bad="docs/resources/notes.txt",
    fixed="docs/resources/notes.md")


@dataclass
class DocsScan:
    """Card files found under the resources folder (display path -> file), and problems
    anywhere under docs/."""

    cards: dict[str, str] = field(default_factory=dict)  # file system paths as text: no Path per card
    problems: list[P.Problem] = field(default_factory=list)


def scan_docs(docs: Path, resources: Path, display: Display) -> DocsScan:
    """Walk ``docs`` without following links; collect cards under ``resources``."""
    scan = DocsScan()
    base = display(docs).rstrip("/")
    inside = Path(os.path.relpath(resources, docs)).as_posix()
    _walk(str(docs), "", inside, base, {}, scan)
    scan.cards = dict(sorted(scan.cards.items()))
    return scan


def _walk(folder: str, rel: str, resources: str, base: str, urls: dict[str, str], scan: DocsScan) -> None:
    """One folder of the scan; ``rel`` is its path below docs/ ('' at the top)."""
    in_resources = resources == "." or rel == resources or rel.startswith(resources + "/")
    with os.scandir(folder) as entries:
        listing = sorted(entries, key=_name)
    for entry in listing:
        name = entry.name
        child = f"{rel}/{name}" if rel else name
        shown = f"{base}/{child}" if base else child
        if in_resources and name.endswith(".md") and not is_index(name) and entry.is_file(follow_symlinks=False):
            # The usual entry, a card: what _file does for it, inline (this runs per card).
            url = child[:-3] + "/"
            other = urls.setdefault(url, shown)
            if other != shown:
                scan.problems.append(_clash(shown, other, url))
            scan.cards[shown] = entry.path
        elif entry.is_symlink():
            scan.problems.append(symlink_problem(shown))
        elif entry.is_dir(follow_symlinks=False):
            if in_resources and not ID_PATTERN.match(entry.name):
                scan.problems.append(INVALID_ID.problem(
                    shown, 1, 1, f"the folder name '{entry.name}' is not valid under docs/resources: "
                    "use lowercase letters, digits and single hyphens"))
            _walk(entry.path, child, resources, base, urls, scan)
        elif not entry.is_file(follow_symlinks=False):  # a FIFO would block the build reading it
            scan.problems.append(not_a_file_problem(shown))
        else:
            _file(entry.path, child, shown, in_resources, urls, scan)


_name = operator.attrgetter("name")


def _file(path: str, rel: str, shown: str, in_resources: bool, urls: dict[str, str], scan: DocsScan) -> None:
    markdown = rel.endswith(".md")
    if markdown:
        url = page_url(rel)[1:]  # shown without its leading slash
        other = urls.setdefault(url, shown)
        if other != shown:
            scan.problems.append(_clash(shown, other, url))
    if in_resources:
        if markdown:
            scan.cards[shown] = path
        else:
            scan.problems.append(NOT_MARKDOWN.problem(
                shown, 1, 1, "only card files ending in .md belong in docs/resources/; move or rename this file"))


def _clash(shown: str, other: str, url: str) -> P.Problem:
    return URL_CLASH.problem(shown, 1, 1, f"this page and {other} would both publish to /{url}; rename one")


def symlink_problem(where: str) -> P.Problem:
    """A symbolic link found under docs/ or named on the command line (one message for both, so
    a link that is both is reported once)."""
    return SYMLINK.problem(where, 1, 1,
                           "symbolic links are not allowed under docs/ (MkDocs would publish their target); copy the content instead")


def not_a_file_problem(where: str) -> P.Problem:
    """A FIFO, socket or device found under docs/ or named on the command line."""
    return NOT_A_FILE.problem(where, 1, 1,
                              "this is not a regular file (a named pipe, socket or device); only regular files are read")

