"""The validation cache: a repeated run reuses results, also from another checkout (the bytes
decide, not the stat), and is never fooled by an edit, a rename, a touched file or a taxonomy
change."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
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

    both()  # every card answered from the cache; a broken curation file must still stop the next run
    topics.write_text(topics.read_text() + "- id: Not An Id\n  label: Broken\n  description: Broken.\n")
    code, out = both()
    assert code == 2 and "curation/topics.yml" in out


def _load(project: Path, cache: bool = True) -> Any:
    from learnshelf.check.cache import CACHE_FILE, ValidationCache, salt
    from learnshelf.check.library import load_library
    from learnshelf.load.project import Project

    taxonomy, _ = Project(project).load_taxonomy()
    store = ValidationCache(project / CACHE_FILE, salt(project / "curation")) if cache else None
    return load_library(Project(project), taxonomy, cache=store)


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths of the cards checked (not answered from the cache) from now on."""
    from learnshelf.check import library

    checked: list[str] = []
    real = library.check_bytes

    def check_bytes(data: bytes, display: str, *args: Any) -> Any:
        checked.append(display)
        return real(data, display, *args)

    monkeypatch.setattr(library, "check_bytes", check_bytes)
    return checked


def test_a_cached_run_returns_the_same_library_with_bodies_and_checks_no_unchanged_card(
        project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(EXAMPLES / "invalid" / "core-yes.md", project_copy / "docs" / "resources")
    fresh = _load(project_copy, cache=False)
    assert any(card.body for card in fresh.cards)  # so that comparing the cards compares bodies
    _load(project_copy)  # fills the cache
    checked = _counting_checks(monkeypatch)
    cached = _load(project_copy)
    assert checked == []
    assert cached.cards == fresh.cards and cached.pathways == fresh.pathways  # bodies included
    assert cached.result.sorted() == fresh.result.sorted()

    first_week = project_copy / "docs" / "resources" / "first-week.md"
    first_week.write_text(first_week.read_text() + "\nOne more line.\n")
    assert _load(project_copy).cards != fresh.cards and checked == [FIRST_WEEK]


def test_a_cache_restored_in_another_checkout_is_reused_by_content(
        project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(project_copy)
    other = tmp_path / "checkout"  # as CI restores the cache: every file new, so every stat differs
    shutil.copytree(project_copy, other)
    for card in (other / "docs" / "resources").rglob("*.md"):
        os.utime(card, ns=(0, 0))
    first_week = other / "docs" / "resources" / "first-week.md"
    first_week.write_text(first_week.read_text().replace("[onboarding]", "[onbording]"))
    checked = _counting_checks(monkeypatch)
    library = _load(other)
    assert checked == [FIRST_WEEK]  # the one card whose bytes changed
    assert "unknown-topic" in {p.rule for p in library.result.problems if p.path == FIRST_WEEK}
    assert library.cards == _load(other, cache=False).cards
    checked.clear()
    _load(other)  # the entries were stored under the new stats: nothing is read again or checked
    assert checked == []


def test_a_cache_rewritten_after_one_change_holds_what_one_written_afresh_holds(
        project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from learnshelf.check import cache as cache_module

    _load(project_copy)
    first_week = project_copy / "docs" / "resources" / "first-week.md"
    first_week.write_text(first_week.read_text() + "\nOne more line.\n")
    encoded: list[str] = []
    real = cache_module._member
    monkeypatch.setattr(cache_module, "_member", lambda display, entry: encoded.append(display) or real(display, entry))
    _load(project_copy)
    assert encoded == [FIRST_WEEK]  # the other cards' entries are written back as they were read
    cache = project_copy / ".learnshelf-cache" / "validate.json"
    rewritten = cache.read_bytes()
    cache.unlink()
    _load(project_copy)
    assert json.loads(rewritten) == json.loads(cache.read_bytes())
    assert rewritten.count(b"\n") == len(json.loads(rewritten)["cards"]) + 1  # one card per line


def test_a_damaged_cache_is_ignored(project_copy: Path) -> None:
    validate(project_copy)
    (project_copy / ".learnshelf-cache" / "validate.json").write_text("{not json")
    assert validate(project_copy) == (0, "")


FIRST_WEEK = "docs/resources/first-week.md"
CORE_YES = "docs/resources/core-yes.md"
Change = Callable[[dict[str, Any]], Any]


def _entry(key: str, value: object, in_card: bool = False) -> Change:
    """Breaks the first card's entry (its stat and bytes still match, so it would be used)."""
    def change(data: dict[str, Any]) -> Any:
        entry = data["cards"][FIRST_WEEK]
        (entry["card"] if in_card else entry)[key] = value
        return data
    return change


def _card(key: str, value: object) -> Change:
    return _entry(key, value, in_card=True)


#: A change to the cache file written by a run, and the reason the warning gives.
MALFORMED_CACHES: dict[str, tuple[Change, str]] = {
    "a list": (lambda data: [data], "it is not a mapping of salt and cards"),
    "cards a list": (lambda data: {**data, "cards": list(data["cards"])}, "it is not a mapping of salt and cards"),
    "an entry a string": (lambda data: {**data, "cards": {**data["cards"], FIRST_WEEK: "first-week"}},
                          f"the entry for '{FIRST_WEEK}' is malformed (it is not a mapping)"),
    "no card": (_entry("card", None), "its card does not have the card fields"),
    "card a list": (_entry("card", []), "its card does not have the card fields"),
    "topics a text": (_card("topics", "onboarding"), "its card's 'topics' is not a list"),
    "topics not texts": (_card("topics", [{"id": "x"}]), "its card's 'topics' is not a list of texts"),
    "core a number": (_card("core", 1), "its card's 'core' is not true or false"),
    "line true": (_card("body_line", True), "its card's 'body_line' is not a number"),
    "url a number": (_card("url", 7), "its card's 'url' is not a text or null"),
    "positions odd": (_card("positions", {"title": "2:8"}), "its card's 'positions' are not (line, column) pairs"),
    "another card": (_card("path", CORE_YES), f"its card is for another path, '{CORE_YES}'"),
    "problems a mapping": (_entry("problems", {}), "its problems are not a list"),
    "problem short": (_entry("problems", [[FIRST_WEEK, 1]]), "a problem is not [path, line, column, rule, message]"),
    "problem unknown rule": (_entry("problems", [[FIRST_WEEK, 1, 1, "no-such-rule", "x"]]),
                             "a problem names the unknown rule 'no-such-rule'"),
    "problem elsewhere": (_entry("problems", [[CORE_YES, 1, 1, "unknown-key", "x"]]),
                          f"a problem is about another path, '{CORE_YES}'"),
    "not JSON": (lambda data: json.dumps(data)[:-5], "it is not valid JSON"),
}


@pytest.mark.parametrize("case", MALFORMED_CACHES)
def test_a_malformed_cache_is_ignored_with_one_warning(project_copy: Path, case: str) -> None:
    shutil.copy(EXAMPLES / "invalid" / "core-yes.md", project_copy / "docs" / "resources")
    expected = validate(project_copy, "--no-cache")
    assert expected[0] == 1
    validate(project_copy)
    cache = project_copy / ".learnshelf-cache"
    change, reason = MALFORMED_CACHES[case]
    changed = change(json.loads((cache / "validate.json").read_text(encoding="utf-8")))
    (cache / "validate.json").write_text(changed if isinstance(changed, str) else json.dumps(changed), encoding="utf-8")
    result = run_cli("validate", "--format", "text", cwd=project_copy)
    assert (result.returncode, result.stdout) == expected
    warning, = result.stderr.splitlines()
    assert warning.startswith("learnshelf: warning: ignoring the cache .learnshelf-cache/validate.json: ")
    assert warning.endswith(reason) or warning.endswith(reason + ")")
    assert run_cli("validate", "--format", "text", cwd=project_copy).stderr == ""  # rewritten whole


def test_a_cache_that_is_a_link_is_not_read(project_copy: Path, tmp_path: Path) -> None:
    validate(project_copy)
    cache = project_copy / ".learnshelf-cache" / "validate.json"
    elsewhere = tmp_path / "elsewhere.json"
    cache.rename(elsewhere)
    cache.symlink_to(elsewhere)
    result = run_cli("validate", cwd=project_copy)
    assert (result.returncode, result.stdout) == (0, "")
    assert "validate.json: it is a symbolic link" in result.stderr
    assert not cache.is_symlink()  # replaced by a file of this run's results; the target is untouched
