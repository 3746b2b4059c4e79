"""YAML is read as data: hostile documents give located problems, never crashes or blow-ups."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from learnshelf.cardfile import parse_card
from learnshelf.yamlnodes import Map, Scalar, parse


def test_values_keep_their_text() -> None:
    root, problems = parse("a: 1.10\nb: 012345\nc: 2024-02-30\nd: yes\ne: ~\n")
    assert problems == [] and isinstance(root, Map)
    values = {k: v for k, (_, v) in root.entries.items()}
    assert [(v.text, v.kind) for v in values.values() if isinstance(v, Scalar)] == [
        ("1.10", "float"), ("012345", "int"), ("2024-02-30", "timestamp"), ("yes", "bool"), ("~", "null")]


def test_billion_laughs_is_refused_without_expanding() -> None:
    doc = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    root, problems = parse(doc)
    assert {p.rule for p in problems} == {"yaml-alias"}
    assert len(problems) == 72


def test_deep_brackets_are_refused_before_the_parser_sees_them() -> None:
    card = b"---\ntitle: " + b"[" * 30_000 + b"\n---\n"
    problems = parse_card(card, "deep.md").problems
    assert [(p.line, p.rule) for p in problems] == [(2, "yaml-too-deep")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!#'\"|>\n\t ,?%@`~019")), max_size=200))
def test_random_front_matter_never_raises_and_problems_are_located(front: str) -> None:
    card = parse_card(f"---\n{front}\n---\nbody\n".encode(), "x.md")
    for problem in card.problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.rule and problem.message
    if card.front is None and front.strip():
        assert card.problems, "a front matter that was not read must say why"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    card = parse_card(data, "x.md")
    assert card.front is not None or card.problems


LINE_PARTS = ["---", "-", " ", "\t", "\r", "\x0c", "\u00a0", "\u2028", "a", "b: c", "----"]


def _fences_by_lines(text: str) -> tuple[str, int, str] | str:
    """The card's parts found line by line, the plain way: (front matter, body line, body)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return "front-matter-missing"
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if close is None:
        return "front-matter-unclosed"
    return "\n".join(lines[1:close]), close + 2, "\n".join(lines[close + 1:])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINE_PARTS), max_size=4).map("".join), min_size=1, max_size=8).map("\n".join))
def test_the_front_matter_fences_are_found_as_a_reader_sees_lines(text: str) -> None:
    assume(text.encode("utf-8").strip())  # an empty file is its own problem
    card = parse_card(text.encode("utf-8"), "docs/resources/x/card.md")
    rules = {p.rule for p in card.problems}
    expected = _fences_by_lines(text.replace("\r\n", "\n"))
    if isinstance(expected, str):
        assert expected in rules
    else:
        assert not rules & {"front-matter-missing", "front-matter-unclosed"}
        _, body_line, body = expected
        assert (card.body_line, card.body) == (body_line, body)
