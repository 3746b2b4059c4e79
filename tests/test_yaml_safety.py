"""YAML is read as data: hostile documents give located problems, never crashes or blow-ups."""

from __future__ import annotations

from hypothesis import given, settings
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
