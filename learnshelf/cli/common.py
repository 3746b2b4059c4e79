"""What every ``learnshelf`` subcommand shares: the exit codes, finding the project, and
stopping on problems in the curator-owned files (a configuration error, exit 2); nothing more."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from learnshelf.check import reporters
from learnshelf.cli.argfiles import UsageError
from learnshelf.load.project import Project, find_project
from learnshelf.model.problems import Problem

if TYPE_CHECKING:
    from learnshelf.load.taxonomy import Taxonomy

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def project_of(args: argparse.Namespace) -> Project:
    """The project ``--project`` names, or the one at or above the working folder."""
    start = Path(args.project) if args.project else Path.cwd()
    project = find_project(start)
    if project is None:
        raise UsageError(f"no Learnshelf project at or above '{start}' (looked for curation/topics.yml); "
                         "run inside the repository or pass --project DIR")
    return project


def stop_on(problems: list[Problem], fmt: str = "auto", what: str = "the curation files have") -> None:
    """Problems in curator-owned files are configuration errors: list them, then exit 2."""
    if any(p.is_error for p in problems):
        print(reporters.render(sorted(problems), fmt))
        raise UsageError(f"{what} problems (listed above); fix them first")


def taxonomy_of(project: Project, fmt: str = "auto") -> Taxonomy:
    """The project's taxonomy; exits 2 (listing them) when the curation files have problems."""
    taxonomy, problems = project.load_taxonomy()
    stop_on(problems, fmt)
    return taxonomy
