"""The validation cache: a repeated run reuses results, and is never fooled by an edit, a
rename, a touched file or a taxonomy change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, run_cli


def validate(project: Path, *args: str) -> tuple[int, str]:
    result = run_cli("validate", "--format", "text", *args, cwd=project)
    return result.returncode, result.stdout


def test_cached_runs_match_uncached_runs_through_edits_renames_and_taxonomy_changes(project_copy: Path) -> None:
    resources = project_copy / "docs" / "resources"
    shutil.copy(EXAMPLES / "invalid" / "core-yes.md", resources)

    def both() -> tuple[int, str]:
        cached = validate(project_copy)
        assert cached == validate(project_copy, "--no-cache"), "the cache changed the result"
        return cached

    first = both()
    assert first[0] == 1 and "not-a-boolean" in first[1]
    assert (project_copy / ".learnshelf-cache" / "validate.json").is_file()
    assert both() == first  # a repeated run

    card = resources / "core-yes.md"
    card.write_text(card.read_text().replace("core: yes", "core: true"))  # an edit
    assert "not-a-boolean" not in both()[1]

    card.rename(resources / "Core_Yes.md")  # a rename: the id is part of the result
    assert "invalid-id" in both()[1]

    (resources / "Core_Yes.md").unlink()
    first_week = resources / "first-week.md"
    stat = first_week.stat()
    first_week.write_text(first_week.read_text().replace("[onboarding]", "[onbording]"))
    os.utime(first_week, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime, new content
    assert "unknown-topic 'onbording'" in both()[1]

    topics = project_copy / "curation" / "topics.yml"
    topics.write_text(topics.read_text().replace("synonyms: [induction, orientation]",
                                                 "synonyms: [induction, orientation, onbording]"))
    code, out = both()  # a taxonomy change: the synonym now resolves, with a warning
    assert code == 0 and "tag-synonym (warning) 'onbording' means the topic 'onboarding'" in out

    both()  # stored as a repeatable run; a broken curation file must still stop the next one
    topics.write_text(topics.read_text() + "- id: Not An Id\n  label: Broken\n  description: Broken.\n")
    code, out = both()
    assert code == 2 and "curation/topics.yml" in out


def test_a_repeated_run_neither_loads_the_taxonomy_nor_checks_a_card(project_copy: Path) -> None:
    from learnshelf.library import Project, load_library
    from learnshelf.vcache import CACHE_FILE, ValidationCache, salt

    validate(project_copy)  # stores the run

    def taxonomy() -> Any:
        raise AssertionError("the taxonomy was loaded")

    cache = ValidationCache(project_copy / CACHE_FILE, salt(project_copy / "curation"))
    library = load_library(Project(project_copy), taxonomy, cache=cache)
    assert library.cards == [] and library.result.problems == []
    (project_copy / "docs" / "resources" / "first-week.md").touch()  # a changed stat: cards are checked
    with pytest.raises(AssertionError, match="taxonomy was loaded"):
        load_library(Project(project_copy), taxonomy, cache=ValidationCache(project_copy / CACHE_FILE, cache.salt))


def test_a_damaged_cache_is_ignored(project_copy: Path) -> None:
    validate(project_copy)
    for name in ("validate.json", "validate-run.json"):
        (project_copy / ".learnshelf-cache" / name).write_text("{not json")
    assert validate(project_copy) == (0, "")
