"""The ``docs/`` folder as files on disk, and nothing more: which files are cards, and which
files could publish something other than what a reviewer sees.

MkDocs follows symbolic links and publishes their targets, and two source files can publish to
the same URL (``a.md`` and ``a/index.md``), one silently overwriting the other. Both are
reported here for the whole ``docs/`` tree, not only for cards.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf import problems as P
from learnshelf.cardfile import ID_PATTERN

Display = Callable[[Path], str]


@dataclass
class DocsScan:
    """Card files found under the resources folder, and problems anywhere under docs/."""

    cards: list[Path] = field(default_factory=list)
    problems: list[P.Problem] = field(default_factory=list)


def published_url(relative: str) -> str:
    """The URL MkDocs gives a Markdown file (directory URLs): ``a/b.md`` -> ``a/b/``."""
    folder, name = posixpath.split(relative)
    stem = name[:-3]
    if stem in ("index", "README"):
        return folder + "/" if folder else ""
    return posixpath.join(folder, stem) + "/"


def scan_docs(docs: Path, resources: Path, display: Display) -> DocsScan:
    """Walk ``docs`` without following links; collect cards under ``resources``."""
    scan = DocsScan()
    urls: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(docs):
        here = Path(dirpath)
        in_resources = here == resources or resources in here.parents
        for name in sorted(dirnames):
            path = here / name
            if path.is_symlink():
                scan.problems.append(_symlink(display(path)))
                dirnames.remove(name)
            elif in_resources and not ID_PATTERN.match(name):
                scan.problems.append(P.make(display(path), 1, 1, "invalid-id",
                                            f"the folder name '{name}' is not valid under docs/resources: "
                                            "use lowercase letters, digits and single hyphens"))
        for name in sorted(filenames):
            _file(here / name, in_resources, docs, display, urls, scan)
    scan.cards.sort()
    return scan


def _file(path: Path, in_resources: bool, docs: Path, display: Display, urls: dict[str, str],
          scan: DocsScan) -> None:
    if path.is_symlink():
        scan.problems.append(_symlink(display(path)))
        return
    if path.suffix == ".md":
        url = published_url(path.relative_to(docs).as_posix())
        other = urls.setdefault(url, display(path))
        if other != display(path):
            scan.problems.append(P.make(display(path), 1, 1, "url-clash",
                                        f"this page and {other} would both publish to /{url}; rename one"))
    if in_resources:
        if path.suffix == ".md":
            scan.cards.append(path)
        else:
            scan.problems.append(P.make(display(path), 1, 1, "not-markdown",
                                        "only card files ending in .md belong in docs/resources/; move or rename this file"))


def _symlink(where: str) -> P.Problem:
    return P.make(where, 1, 1, "symlink",
                  "symbolic links are not allowed under docs/ (MkDocs would publish their target); copy the content instead")

