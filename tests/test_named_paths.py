"""Files named on the command line are read by the docs/ scan's rules: regular files only,
within a size cap, never through a symbolic link, and never by opening a FIFO (which would
wait for a writer forever). Each refusal is a clear message, and the command returns at once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

from learnshelf.load.cardfile import MAX_CARD_BYTES
from learnshelf.load.fsio import MAX_LINK_FILE_BYTES
from learnshelf.tools.fromissue import MAX_ISSUE_BYTES
from learnshelf.tools.importer import MAX_IMPORT_BYTES

#: Far below the time a blocked read would take (forever), far above a normal run.
PROMPTLY = 30
CARD = "docs/resources/first-week.md"


def _symlink(path: Path, _: int) -> str:
    path.symlink_to(path.parent.parent / CARD)  # a real card: following the link would "work"
    return "it is a symbolic link, which is never followed; name the file itself"


def _fifo(path: Path, _: int) -> str:
    os.mkfifo(path)
    return "it is a named pipe (FIFO); only regular files are read"


def _oversized(path: Path, limit: int) -> str:
    with open(path, "wb") as handle:
        handle.truncate(limit + 1)  # sparse: no need to write the bytes
    return f"it is {limit + 1:,} bytes; at most {limit:,} bytes are read"


HAZARDS: dict[str, Callable[[Path, int], str]] = {"symlink": _symlink, "fifo": _fifo, "oversized": _oversized}
#: Each command with a file argument, its cap and how it words the refusal.
COMMANDS = {
    "tag": (MAX_CARD_BYTES, "cannot be used as a card"),
    "preview": (MAX_CARD_BYTES, "cannot be used as a card"),
    "import": (MAX_IMPORT_BYTES, "cannot be read"),
    "from-issue": (MAX_ISSUE_BYTES, "cannot be read"),
    "report --links": (MAX_LINK_FILE_BYTES, "cannot be used as link results"),
    "links --cache": (MAX_LINK_FILE_BYTES, "cannot be used as the link cache"),  # refused before any request
}


@pytest.mark.parametrize("hazard", HAZARDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_refused_file_argument_is_a_usage_error(issue_project: Path, command: str, hazard: str) -> None:
    limit, words = COMMANDS[command]
    (issue_project / "incoming").mkdir()
    path = issue_project / "incoming" / "named.md"
    reason = HAZARDS[hazard](path, limit)
    result = run_cli(*command.split(), "incoming/named.md", cwd=issue_project, timeout=PROMPTLY)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"learnshelf: 'incoming/named.md' {words}: {reason}\n"
    assert not (issue_project / "docs" / "resources" / "suggested").exists()
    assert not (issue_project / "docs" / "resources" / "imported").exists()


@pytest.mark.parametrize("where", ["incoming", "docs/resources"])
def test_validate_reports_refused_paths_as_located_problems(project_copy: Path, where: str) -> None:
    folder = project_copy / where
    folder.mkdir(exist_ok=True)
    for hazard, make in HAZARDS.items():
        make(folder / f"{hazard}.md", MAX_CARD_BYTES)
    names = [f"{where}/{hazard}.md" for hazard in HAZARDS]
    result = run_cli("validate", *names, cwd=project_copy, timeout=PROMPTLY)
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.splitlines() == [  # once each, also when the docs/ scan finds them too
        f"{where}/fifo.md:1:1: not-a-file this is not a regular file (a named pipe, socket or device); "
        "only regular files are read",
        f"{where}/oversized.md:1:1: card-too-large the card is {MAX_CARD_BYTES + 1:,} bytes; a card may be at most "
        f"{MAX_CARD_BYTES:,} bytes (link to long material instead of pasting it)",
        f"{where}/symlink.md:1:1: symlink symbolic links are not allowed under docs/ (MkDocs would publish their "
        "target); copy the content instead",
        "3 error(s), 0 warning(s) in 3 file(s)",
    ]


def test_validate_does_not_follow_a_link_to_a_folder(project_copy: Path) -> None:
    (project_copy / "elsewhere").symlink_to(project_copy / "docs" / "resources")
    result = run_cli("validate", "elsewhere", cwd=project_copy, timeout=PROMPTLY)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("elsewhere:1:1: symlink ")


def test_standard_input_is_capped_too(issue_project: Path) -> None:
    result = run_cli("from-issue", cwd=issue_project, stdin="x" * (MAX_ISSUE_BYTES + 1), timeout=PROMPTLY)
    assert result.returncode == 2
    assert result.stderr == (f"learnshelf: standard input is over {MAX_ISSUE_BYTES:,} bytes; "
                             f"at most {MAX_ISSUE_BYTES:,} bytes are read\n")


def test_an_issue_body_that_is_not_utf8_is_a_usage_error(issue_project: Path) -> None:
    body = issue_project / "issue.md"
    body.write_bytes((EXAMPLES / "issue" / "suggestion.md").read_bytes() + b"\xff")
    result = run_cli("from-issue", "issue.md", cwd=issue_project, timeout=PROMPTLY)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'issue.md' is not UTF-8 text" in result.stderr


@pytest.mark.parametrize("name", ["roles.yml", "gendered-words.yml", "pathways/waiting.yml"])
def test_a_curation_file_that_is_a_fifo_or_link_is_a_located_problem(project_copy: Path, name: str) -> None:
    path = project_copy / "curation" / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    command = "report" if name == "gendered-words.yml" else "validate"
    result = run_cli(command, cwd=project_copy, timeout=PROMPTLY)
    assert result.returncode == (1 if name.startswith("pathways") else 2) and "Traceback" not in result.stderr
    assert (f"curation/{name}:1:1: " in result.stdout
            and "cannot read the file: it is a named pipe (FIFO); only regular files are read" in result.stdout)
    path.unlink()
    path.symlink_to(project_copy / "curation" / "topics.yml")
    assert "cannot read the file: it is a symbolic link" in run_cli(command, cwd=project_copy, timeout=PROMPTLY).stdout
