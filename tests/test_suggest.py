"""Tag suggestions (learnshelf.catalog.suggest): words weighted by where they are, neighbours by
BM25, every suggestion explained; measured leave-one-out on the starter library."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO

from learnshelf.catalog.suggest import Suggester, Suggestion, explain, ranked, role_proposals, topics_to_write
from learnshelf.catalog.tageval import leave_one_out
from learnshelf.check.library import load_library
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy, load_taxonomy
from learnshelf.model.schema import Card


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    taxonomy, problems = load_taxonomy(REPO / "curation")
    assert problems == []
    return taxonomy


def card(card_id: str, title: str, summary: str, body: str = "", topics: tuple[str, ...] = (),
         roles: tuple[str, ...] = (), **more: object) -> Card:
    return Card(card_id, f"docs/resources/{card_id}.md", title=title, summary=summary, body=body,
                topics=list(topics), roles=list(roles), positions={"title": (2, 8), "summary": (4, 10)},
                body_line=10, **more)  # type: ignore[arg-type]


MANAGERS = [
    card("weekly-team-check-ins", "Weekly check-ins with your team", "Short weekly conversations with each "
         "person you manage about priorities, blockers and how they are doing.", topics=("people-management",),
         roles=("people-manager",)),
    card("delegating-work-well", "Delegating work well", "How to hand over a task to someone on your team "
         "with the context, the authority and the check-ins they need.", topics=("people-management",),
         roles=("people-manager",)),
    card("hiring-your-first-report", "Hiring the first person for your team", "Writing the role, running "
         "fair interviews and the first weeks of the person you manage.", topics=("people-management",),
         roles=("people-manager",)),
    card("performance-conversations", "Performance conversations with your team", "Preparing honest "
         "conversations about performance with the people you manage.", topics=("feedback",),
         roles=("people-manager",)),
]


def test_a_passing_mention_in_the_body_is_shown_but_not_written(taxonomy: Taxonomy) -> None:
    library = [card("sleep-basics", "Sleep basics", "Why rest matters and five habits that help you sleep well.",
                    topics=("wellbeing",))]
    suggester = Suggester(taxonomy, library)
    draft = card("code-review-checklist", "A code review checklist", "What to look for when you review a "
                 "colleague's change, from tests to naming.", body="Good reviews also help accessibility.")
    found = {s.term: s for s in suggester.suggest(draft)}
    assert found["accessibility"].words == "'accessibility' 1x in the body"
    assert found["accessibility"].line == 10
    assert found["accessibility"].score < taxonomy.tagging.write_confidence
    assert "accessibility" not in topics_to_write(suggester.suggest(draft), taxonomy)


def test_a_phrase_in_the_title_and_summary_is_written(taxonomy: Taxonomy) -> None:
    suggester = Suggester(taxonomy, [])
    draft = card("gdpr-in-ten-minutes", "GDPR in ten minutes", "What personal data is and what GDPR asks of you.")
    suggestions = suggester.suggest(draft)
    assert suggestions[0].term == "data-protection"
    assert suggestions[0].words == "'GDPR' 1x in the title, 2x in the summary"
    assert topics_to_write(suggestions, taxonomy) == ["data-protection"]


def test_neighbours_propose_a_role_with_the_cards_that_have_it(taxonomy: Taxonomy) -> None:
    suggester = Suggester(taxonomy, MANAGERS)
    draft = card("running-team-check-ins", "Running check-ins with your team", "A weekly conversation with "
                 "each person you manage, about priorities and how they are doing.")
    proposals = role_proposals(suggester.suggest(draft), taxonomy)
    assert [p.term for p in proposals] == ["people-manager"]
    assert proposals[0].neighbours.startswith("4 of the 4 most similar cards have it (weekly-team-check-ins, ")
    assert proposals[0].words == ""


def test_a_card_is_never_its_own_neighbour(taxonomy: Taxonomy) -> None:
    suggester = Suggester(taxonomy, MANAGERS)
    neighbours = suggester.similar.similar(MANAGERS[0], 5)
    assert MANAGERS[0].id not in [n.card.id for n in neighbours] and len(neighbours) == 3


def test_who_contributed_a_card_changes_nothing(taxonomy: Taxonomy) -> None:
    library = [dataclasses.replace(c, contributor=name) for c, name in zip(MANAGERS, ["ana", "bo", "cy", "di"])]
    suggester = Suggester(taxonomy, library)
    draft = card("team-check-ins", "Check-ins with your team", "Weekly conversations with the people you manage.")
    by_ana = suggester.suggest(dataclasses.replace(draft, contributor="ana"))
    assert by_ana == suggester.suggest(dataclasses.replace(draft, contributor="someone-else")) and by_ana


def test_core_cards_get_no_role_proposals_and_listed_tags_are_not_suggested(taxonomy: Taxonomy) -> None:
    suggester = Suggester(taxonomy, MANAGERS)
    draft = card("team-check-ins", "Check-ins with your team for a manager", "Weekly conversations with the "
                 "people you manage.", topics=("people-management",), core=True)
    found = suggester.suggest(draft)
    assert [s for s in found if s.field == "roles"] == []
    assert not {"people-management", "leadership"} & {s.term for s in found}


@pytest.mark.parametrize(("setting", "message"), [
    ("neighbours: 0", "3:15: taxonomy-invalid tagging: neighbours must be a whole number from 1 to 50"),
    ("write_confidence: high", "3:21: taxonomy-invalid tagging: write_confidence must be a number from 0 to 1"),
    ("neighbors: 5", "3:3: taxonomy-invalid unknown tagging setting 'neighbors'"),
])
def test_a_bad_tagging_setting_is_a_located_problem(tmp_path: Path, setting: str, message: str) -> None:
    for name in ("topics.yml", "roles.yml"):
        (tmp_path / name).write_text((REPO / "curation" / name).read_text(encoding="utf-8"), encoding="utf-8")
    policy = (REPO / "curation" / "policy.yml").read_text(encoding="utf-8")
    (tmp_path / "policy.yml").write_text(f"tagging:\n  # a comment\n  {setting}\n" +
                                         policy.split("\ntagging:")[0], encoding="utf-8")
    _, problems = load_taxonomy(tmp_path)
    assert [f"{p.line}:{p.col}: {p.rule} {p.message}" for p in problems][0].startswith(message)


def test_leave_one_out_on_the_starter_library_stays_above_its_floor(taxonomy: Taxonomy) -> None:
    """A little under what scripts/bench_tagging.py measures on the starter library (topics P
    0.76 R 0.56, roles P 0.66 R 0.53; the issue's targets are not met there, see the
    benchmark's output): a change that makes the suggestions worse fails here."""
    scores = leave_one_out(load_library(Project(REPO), taxonomy).cards, taxonomy)
    assert scores.cards >= 45
    assert scores.topics.precision >= 0.72 and scores.topics.recall >= 0.52
    assert scores.roles.precision >= 0.63 and scores.roles.recall >= 0.5


def _fixture() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tagging_fixture", REPO / "scripts" / "tagging_fixture.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_labelled_fixture_is_what_its_script_makes() -> None:
    fixture = _fixture()
    records = [json.loads(line) for line in fixture.OUT.read_text(encoding="utf-8").splitlines()]
    assert records == fixture.cards() and len(records) >= 300
    assert len({t for r in records for t in r["topics"]}) >= 15
    assert {r for c in records for r in c["roles"]} == set(load_taxonomy(REPO / "curation")[0].roles.terms)


def test_leave_one_out_on_the_labelled_fixture_stays_above_its_floor(taxonomy: Taxonomy) -> None:
    """Measured: topics P 0.88 R 0.81, roles P 0.84 R 0.85 (both floors are above the issue's
    targets, which the fixture meets: topics P 0.8 at R 0.7, roles P 0.7 at R 0.5)."""
    records = [json.loads(line) for line in _fixture().OUT.read_text(encoding="utf-8").splitlines()]
    cards = [card(r["id"], r["title"], r["summary"], r["body"], tuple(r["topics"]), tuple(r["roles"]),
                  core=r["core"]) for r in records]
    scores = leave_one_out(cards, taxonomy)
    assert scores.cards == len(records)
    assert scores.topics.precision >= 0.85 and scores.topics.recall >= 0.78
    assert scores.roles.precision >= 0.8 and scores.roles.recall >= 0.82


def test_only_published_valid_cards_are_neighbours(taxonomy: Taxonomy) -> None:
    hidden = [dataclasses.replace(MANAGERS[0], id="a-draft", status="draft"),
              dataclasses.replace(MANAGERS[1], id="a-retired-card", status="retired"),
              dataclasses.replace(MANAGERS[2], id="an-invalid-card", valid=False)]
    suggester = Suggester(taxonomy, [*hidden, MANAGERS[3]])
    assert [c.id for c in suggester.similar.cards] == ["performance-conversations"]


def _cards_with(word: str, roles: tuple[str, ...], count: int, start: int = 0) -> list[Card]:
    return [card(f"{word}-{n}", f"Notes number {n}", f"Something about {word} and topic {n}.",
                 roles=roles, topics=("productivity",)) for n in range(start, start + count)]


def test_a_word_most_cards_with_a_role_use_speaks_for_the_role(taxonomy: Taxonomy) -> None:
    library = _cards_with("backlog", ("product-manager",), 6) + _cards_with("weather", (), 20)
    draft = card("new-one", "Ordering work", "How to keep a backlog short.")
    found = {s.term: s for s in Suggester(taxonomy, library).suggest(draft) if s.field == "roles"}
    telling = found["product-manager"].telling
    assert telling == "6 of the 6 other cards with the word stem 'backlog' have it"
    # 6 of 6, pulled towards the role's library share (6 of 26) by one imaginary card
    assert found["product-manager"].score >= round((6 + 6 / 26) / 7, 2)
    assert [s.term for s in role_proposals(list(found.values()), taxonomy)] == ["product-manager"]


def test_a_word_chance_explains_does_not_speak(taxonomy: Taxonomy) -> None:
    # 3 of 3 cards with 'backlog' have the role, but so do half the library's cards: luck, not a sign
    library = _cards_with("backlog", ("product-manager",), 3) + _cards_with("weather", ("product-manager",), 3)
    library += _cards_with("rain", (), 6)
    draft = card("new-one", "Ordering work", "How to keep a backlog short.")
    found = {s.term: s for s in Suggester(taxonomy, library).suggest(draft) if s.field == "roles"}
    assert "product-manager" not in found or not found["product-manager"].telling


def test_a_cards_own_tags_are_never_evidence_for_itself(taxonomy: Taxonomy) -> None:
    library = _cards_with("backlog", ("product-manager",), 3) + _cards_with("weather", (), 20)
    hidden = dataclasses.replace(library[0], roles=[], topics=[])
    found = {s.term: s for s in Suggester(taxonomy, library).suggest(hidden) if s.field == "roles"}
    # the other two cards only: fewer than telling_cards (3), so the word does not speak
    assert "product-manager" not in found or not found["product-manager"].telling


def test_no_role_is_the_answer_when_a_words_cards_are_for_anyone(taxonomy: Taxonomy) -> None:
    library = _cards_with("whatever", (), 8) + _cards_with("backlog", ("product-manager",), 20)
    draft = card("new-one", "Useful whatever your job is", "Whatever you do, it helps.")
    suggestions = Suggester(taxonomy, library).suggest(draft)
    anyone = [s for s in suggestions if s.field == "roles" and s.term == ""]
    assert anyone and anyone[0].evidence == "8 of the 8 other cards with the word stem 'whatev' have no roles"
    assert role_proposals(suggestions, taxonomy) == []
    assert [explain(v, s) for v, s in ranked(suggestions, taxonomy) if v == "anyone"] == [
        f"no role {anyone[0].score:.2f} (anyone): {anyone[0].evidence}"]


def test_a_telling_word_must_say_more_for_a_topic_than_for_a_role(taxonomy: Taxonomy) -> None:
    def library(count: int) -> list[Card]:
        return ([card(f"kanban-{n}", f"Board {n}", "Limits on a kanban board.", topics=("project-management",))
                 for n in range(count)] + _cards_with("weather", (), 20))
    draft = card("new-one", "Limits", "Why kanban works.")
    # 8 of 8 other cards, pulled towards 8 of 28 by one imaginary card: 0.92, above topic_telling_share
    found = {s.term: s for s in Suggester(taxonomy, library(8)).suggest(draft)}
    assert found["project-management"].telling == "8 of the 8 other cards with the word stem 'kanban' have it"
    # 5 of 5, towards 5 of 25: 0.87, enough for a role (telling_share 0.8) but not for a topic
    found = {s.term: s for s in Suggester(taxonomy, library(5)).suggest(draft)}
    assert "project-management" not in found or not found["project-management"].telling


def test_beside_a_role_a_telling_word_speaks_for_a_neighbours_only_role_is_not_proposed(taxonomy: Taxonomy) -> None:
    told = Suggestion("roles", "product-manager", 0.8, neighbours="2 of the 7 most similar cards have it (a, b)",
                      telling="4 of the 4 other cards with the word stem 'backlog' have it")
    near = Suggestion("roles", "people-manager", 0.6, neighbours="4 of the 7 most similar cards have it (c, d, e, f)")
    assert role_proposals([told, near], taxonomy) == [told]
    assert role_proposals([near], taxonomy) == [near]  # no telling word: the neighbours speak


def test_a_library_whose_cards_have_no_words_has_no_neighbours(taxonomy: Taxonomy) -> None:
    # every word a stop word: bm25s cannot index such a library (it raised ValueError)
    library = [card("to-be", "To be", "Or not to be.")]
    draft = card("gdpr-now", "GDPR now", "What GDPR asks of you.")
    suggestions = Suggester(taxonomy, library).suggest(draft)
    assert [s.term for s in suggestions] == ["data-protection"] and not suggestions[0].neighbours


def test_leave_one_out_leaves_no_trace_of_the_held_out_card(taxonomy: Taxonomy) -> None:
    """Its words do not count in BM25's IDF: the neighbours and their scores are those of a
    library it was never part of."""
    held_out = MANAGERS[0]
    others = Suggester(taxonomy, MANAGERS[1:]).similar.similar(held_out, 5)
    without = Suggester(taxonomy, MANAGERS).without(held_out.id)
    assert [c.id for c in without.similar.cards] == sorted(c.id for c in MANAGERS[1:])
    assert without.similar.similar(held_out, 5) == others


def test_a_roles_work_named_in_a_card_proposes_the_role_with_the_phrases(taxonomy: Taxonomy) -> None:
    """``work:`` in curation/roles.yml: the phrases are compared by their stems ("prioritising
    the backlog" meets "prioritise the backlog") and weighted by place as a role's name is."""
    draft = card("ordering-work", "Ordering what comes next", "How to prioritise the backlog with a "
                 "product roadmap everyone can read.")
    suggestions = Suggester(taxonomy, []).suggest(draft)
    proposals = role_proposals(suggestions, taxonomy)
    assert [p.term for p in proposals] == ["product-manager"]
    assert proposals[0].work == ("its work: 'product roadmap' 1x in the summary, "
                                 "'prioritising the backlog' 1x in the summary")
    assert proposals[0].score == round(1 - 2 / (2 * 2 + 2), 2) and proposals[0].words == ""
    assert explain("propose", proposals[0]).startswith("role 'product-manager' 0.67 (propose): its work: ")


def test_work_is_a_roles_key_only(tmp_path: Path) -> None:
    for name in ("roles.yml", "policy.yml"):
        (tmp_path / name).write_text((REPO / "curation" / name).read_text(encoding="utf-8"), encoding="utf-8")
    topics = (REPO / "curation" / "topics.yml").read_text(encoding="utf-8")
    (tmp_path / "topics.yml").write_text(topics.replace("  synonyms: [induction,", "  work: [induction]\n"
                                                        "  synonyms: [induction,", 1), encoding="utf-8")
    taxonomy, problems = load_taxonomy(tmp_path)
    assert [p.message for p in problems] == [
        "unknown key 'work' in a topic; allowed: description, id, label, parent, synonyms"]
    assert "writing code" in taxonomy.roles.terms["software-engineer"].work
