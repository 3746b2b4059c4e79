"""Per-topic and per-role Atom feeds in the built site: each one well formed, holding the cards its
listing holds (role feeds: the core curriculum too), newest first, linked from its listing page."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_PROJECT
from test_site import SITE_URL, mkdocs_build

CORE = {"Your first week", "Giving feedback that helps"}
COACHING = "Coaching with GROW: goal, reality, options, will"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("feeds") / "project"
    shutil.copytree(EXAMPLE_PROJECT, project)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def read(path: Path) -> Any:
    import feedparser

    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_every_role_feed_holds_the_core_curriculum_and_the_cards_for_the_role(site: Path) -> None:
    titles = {}
    for role in ("software-engineer", "people-manager", "designer"):
        feed = read(site / "roles" / role / "feed.xml")
        assert feed.feed.link == f"{SITE_URL}roles/{role}/"
        assert [e.updated for e in feed.entries] == sorted((e.updated for e in feed.entries), reverse=True)
        titles[role] = {e.title for e in feed.entries}
    assert titles["people-manager"] == CORE | {COACHING}
    assert titles["designer"] == titles["software-engineer"] == CORE


def test_a_topic_feed_holds_its_listed_cards_only(site: Path) -> None:
    coaching = read(site / "topics" / "coaching" / "feed.xml")
    assert [e.title for e in coaching.entries] == [COACHING]
    assert coaching.entries[0].link == SITE_URL + "resources/people/coaching-with-grow/"
    retired = read(site / "topics" / "data-protection" / "feed.xml")
    assert retired.entries == []  # the retired course is not listed, so not in the feed
    ids = [read(site / "topics" / t / "feed.xml").feed.id for t in ("coaching", "feedback")]
    assert len(set(ids)) == 2 and all(i.startswith(SITE_URL) for i in ids)


def test_listing_pages_link_to_their_feed(site: Path) -> None:
    for page in (site / "topics" / "coaching" / "index.html", site / "roles" / "designer" / "index.html"):
        assert 'href="feed.xml"' in page.read_text(encoding="utf-8")
