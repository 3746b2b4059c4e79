"""The repository's own content: a starter library a company could adopt on day one."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import REPO

from learnshelf.check.library import Library, load_library
from learnshelf.load.project import Project


@pytest.fixture(scope="module")
def library() -> Library:
    project = Project(REPO)
    taxonomy, problems = project.load_taxonomy()
    assert problems == []
    return load_library(project, taxonomy)


def test_starter_library_has_no_problems_at_all(library: Library) -> None:
    assert library.result.problems == []


def test_starter_library_is_broad(library: Library) -> None:
    cards = library.cards
    assert len(cards) >= 40
    assert len({t for c in cards for t in c.topics}) >= 12
    assert len({r for c in cards for r in c.roles}) >= 6
    assert sum(c.core for c in cards) >= 8


def test_every_type_is_represented(library: Library) -> None:
    project = Project(REPO)
    taxonomy, _ = project.load_taxonomy()
    assert set(taxonomy.vocabularies["types"]) == {c.type for c in library.cards}


def test_internal_guides_are_written_in_the_body(library: Library) -> None:
    internal = [c for c in library.cards if c.url is None]
    assert len(internal) >= 8
    assert all(len(c.body.split()) >= 60 for c in internal), "an internal guide must carry its content"


def test_core_cards_are_for_everyone(library: Library) -> None:
    """Core means every role sees it; a role-tagged core card would read as 'for them'."""
    assert [c.id for c in library.cards if c.core and c.roles] == []


def test_no_role_gets_only_one_topic_family(library: Library) -> None:
    """Guard against siloing: each role's tagged cards span several topics."""
    by_role: Counter[str] = Counter()
    topics_by_role: dict[str, set[str]] = {}
    for card in library.cards:
        for role in card.roles:
            by_role[role] += 1
            topics_by_role.setdefault(role, set()).update(card.topics)
    assert all(len(topics_by_role[r]) >= 2 for r in by_role)
