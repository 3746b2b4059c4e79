"""Writes never truncate or overwrite a card, even when interrupted half-way; reads take only
regular files within a cap, never following a link or opening a FIFO."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from learnshelf.load import fsio


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_new_refuses_an_existing_file(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_text("original")
    with pytest.raises(FileExistsError):
        fsio.write_new(card, "replacement")
    assert card.read_text() == "original" and leftovers(tmp_path) == ["card.md"]


def test_interrupted_new_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsio.write_new(tmp_path / "card.md", "text")
    assert leftovers(tmp_path) == []


def test_interrupted_replace_keeps_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = tmp_path / "card.md"
    card.write_text("original")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsio.replace_unchanged(card, b"original", "edited")
    assert card.read_text() == "original" and leftovers(tmp_path) == ["card.md"]


def test_replace_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_text("edited by someone else")
    with pytest.raises(fsio.ChangedUnderfoot):
        fsio.replace_unchanged(card, b"what we read", "our edit")
    assert card.read_text() == "edited by someone else" and leftovers(tmp_path) == ["card.md"]


def test_read_regular_reads_a_regular_file_whole(tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(b"x" * 1000)
    data, st = fsio.read_regular(card, 1000)
    assert data == b"x" * 1000 and st.st_size == 1000


@pytest.mark.parametrize("make, kind, words", [
    (lambda p: p.symlink_to(p.parent / "target.md"), "symlink", "symbolic link"),
    (lambda p: os.mkfifo(p), "not-a-file", "named pipe (FIFO)"),
    (lambda p: p.mkdir(), "not-a-file", "a folder"),
    (lambda p: p.write_bytes(b"x" * 1001), "too-large", "1,001 bytes; at most 1,000"),
], ids=["symlink", "fifo", "folder", "oversized"])
def test_read_regular_refuses_what_is_not_a_regular_file_within_the_cap(
        tmp_path: Path, make: Callable[[Path], object], kind: str, words: str) -> None:
    (tmp_path / "target.md").write_text("secret")
    path = tmp_path / "card.md"
    make(path)
    for look in (fsio.check_regular, fsio.read_regular):
        with pytest.raises(fsio.Refused) as refused:
            look(path, 1000)  # a FIFO would block here if it were opened
        assert refused.value.kind == kind and words in str(refused.value)


def test_a_file_swapped_for_a_link_after_the_check_is_not_followed(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "target.md").write_text("secret")
    path = tmp_path / "card.md"
    path.write_text("card")
    check = fsio.check_regular

    def swap(p: Path, limit: int) -> os.stat_result:
        st = check(p, limit)
        path.unlink()
        path.symlink_to(tmp_path / "target.md")
        return st

    monkeypatch.setattr(fsio, "check_regular", swap)
    with pytest.raises(fsio.Refused) as refused:
        fsio.read_regular(path, 1000)
    assert refused.value.kind == "symlink"
