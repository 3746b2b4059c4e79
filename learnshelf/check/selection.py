"""The cards a command line names: files and folders -> the card files to read, and which
problems belong to them; nothing more."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.check.library import discover
from learnshelf.load.project import Project
from learnshelf.model.problems import Problem


@dataclass
class Selection:
    """Card files named (a folder: the cards under it), the display paths or folder prefixes
    they select, and problems with files in those folders that cannot be cards."""

    files: list[Path] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def keep(self, problems: list[Problem]) -> list[Problem]:
        """The ``problems`` of the selected files (all of them when nothing was named)."""
        if not self.prefixes:
            return problems
        return [p for p in problems
                if any(p.path == s or (s.endswith("/") and p.path.startswith(s)) for s in self.prefixes)]


def select(project: Project, names: list[str]) -> Selection:
    """The selection ``names`` make; an ``OSError`` (its ``filename`` the name as given) for a
    name that cannot be looked at."""
    selection = Selection()
    for name in names:
        st = os.lstat(name)  # a link is not followed, even to a folder
        path = Path(name)
        if stat.S_ISDIR(st.st_mode):
            found, problems = discover(project, path)
            selection.files += found
            selection.problems += problems
            selection.prefixes.append(project.display(path).rstrip("/") + "/")
        else:  # links, FIFOs and oversized files are reported as problems of that path when read
            selection.files.append(path)
            selection.prefixes.append(project.display(path))
    return selection
