"""``learnshelf export``: published cards by default, everything with --all; the CSV imports back
into an empty project as the same cards; JSON and JSON-LD read back as data."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_PROJECT, REPO

from learnshelf.model.schema import is_placeholder_body


def learnshelf(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "learnshelf", "--project", str(project), *args],
                          capture_output=True, text=True, timeout=300)


def normalised(csv_text: str) -> list[dict[str, str]]:
    """Rows of an export, with a body still the import scaffold's prompt taken as no body (an
    import writes the prompt where a card has none)."""
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    return [{**row, "body": "" if is_placeholder_body(row["body"]) else row["body"]} for row in rows]


@pytest.mark.parametrize("source", [EXAMPLE_PROJECT, REPO], ids=["example", "starter"])  # starter: related both ways
def test_an_export_imported_into_an_empty_project_gives_the_same_cards(source: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(source / "curation", project / "curation")
    (project / "docs" / "resources").mkdir(parents=True)
    exported = learnshelf(source, "export", "--all", "--out", str(tmp_path / "all.csv"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    imported = learnshelf(project, "import", str(tmp_path / "all.csv"))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    again = learnshelf(project, "export", "--all")
    assert again.returncode == 0, again.stdout
    before = normalised((tmp_path / "all.csv").read_text(encoding="utf-8"))
    assert len(before) >= 5 and normalised(again.stdout) == before


def test_published_only_by_default_and_everything_with_all() -> None:
    published = json.loads(learnshelf(EXAMPLE_PROJECT, "export", "--format", "json").stdout)
    everything = json.loads(learnshelf(EXAMPLE_PROJECT, "export", "--format", "json", "--all").stdout)
    assert {c["status"] for c in published} == {"published"}
    assert {c["status"] for c in everything} == {"published", "draft", "retired"}
    assert {c["id"] for c in published} < {c["id"] for c in everything}
    [grow] = [c for c in published if c["id"] == "coaching-with-grow"]
    assert grow["roles"] == ["people-manager"] and grow["duration"] == "1h"


def test_the_jsonld_export_is_an_item_list_of_the_published_cards() -> None:
    data = json.loads(learnshelf(EXAMPLE_PROJECT, "export", "--format", "jsonld").stdout)
    assert data["@type"] == "ItemList" and data["numberOfItems"] == len(data["itemListElement"]) == 3
    assert {i["item"]["@id"] for i in data["itemListElement"]} >= {"/resources/people/coaching-with-grow/"}
