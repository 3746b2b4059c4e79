"""The stereotype guard: the curator report warns when the role suggestions for a topic family
would all go to the role its cards are already tagged for."""

from __future__ import annotations

import datetime as dt

from conftest import REPO
from test_suggest import card

from learnshelf.catalog.audit import build_report
from learnshelf.catalog.catalog import build_catalog
from learnshelf.catalog.tagsilos import suggestion_silos
from learnshelf.check.library import Library
from learnshelf.load.taxonomy import Taxonomy, load_taxonomy
from learnshelf.model.schema import Card

TEAM_TEXT = ("Leading your team", "How to lead a team through a hard quarter: set direction, build trust and "
             "help each person do their best work.")


def _taxonomy() -> Taxonomy:
    taxonomy, problems = load_taxonomy(REPO / "curation")
    assert problems == []
    return taxonomy


def _leadership(roles: list[tuple[str, ...]]) -> list[Card]:
    return [card(f"leading-{n}", f"{TEAM_TEXT[0]}, part {n}", TEAM_TEXT[1], topics=("people-management",),
                 roles=r, added="2026-01-01") for n, r in enumerate(roles, start=1)]


def test_a_family_whose_suggestions_all_go_to_one_role_is_a_warning() -> None:
    taxonomy = _taxonomy()
    cards = _leadership([("people-manager",)] * 6)
    catalog = build_catalog(Library(cards=cards), taxonomy)
    findings = suggestion_silos(catalog)
    assert [f.message for f in findings] == [
        "role suggestions for 'leadership' cards go only to 'people-manager' (6 of 6 proposals, 100%, warned "
        "above 60%), as the cards' current tags do: 'people-manager' on 6 of 6 role-tagged cards (100%). "
        "Suggestions learn from these tags, so accepting them would deepen the silo: do these cards help other "
        "roles' work too?"]
    assert findings[0].paths == [c.path for c in cards] and findings[0].severity == "warning"
    report = build_report(catalog, cards, dt.date(2026, 6, 1), {})
    assert findings[0] in report.sections["Balance audit"]


def test_a_family_tagged_for_several_roles_is_not() -> None:
    taxonomy = _taxonomy()
    roles = [("people-manager",), ("software-engineer",), ("designer",), ("sales",), ("operations",),
             ("customer-support",)]
    assert suggestion_silos(build_catalog(Library(cards=_leadership(roles)), taxonomy)) == []


def test_proposals_leaning_one_way_where_the_tags_are_mixed_are_not_a_silo() -> None:
    taxonomy = _taxonomy()  # people-manager on 4 of 7: the proposals lean, but there is no silo to deepen
    roles = [("people-manager",)] * 4 + [("software-engineer",)] * 3
    assert suggestion_silos(build_catalog(Library(cards=_leadership(roles)), taxonomy)) == []


def test_too_few_proposals_say_nothing() -> None:
    taxonomy = _taxonomy()
    assert suggestion_silos(build_catalog(Library(cards=_leadership([("people-manager",)] * 2)), taxonomy)) == []
