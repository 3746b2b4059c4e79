"""Writes never truncate or overwrite a card, even when interrupted half-way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from learnshelf import fsio


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
