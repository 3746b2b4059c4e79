"""YAML is read as data: hostile documents give located problems, never crashes or blow-ups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, run_cli
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from learnshelf.load.cardfile import parse_card
from learnshelf.load.yamldepth import MAX_BLOCK_DEPTH
from learnshelf.load.yamlnodes import Map, Scalar, parse


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
    assert {p.rule.id for p in problems} == {"yaml-alias"}
    assert len(problems) == 72


def test_deep_brackets_are_refused_before_the_parser_sees_them() -> None:
    card = b"---\ntitle: " + b"[" * 30_000 + b"\n---\n"
    problems = parse_card(card, "deep.md").problems
    assert [(p.line, p.rule) for p in problems] == [(2, "yaml-too-deep")]


def _card(front: str) -> bytes:
    return f"---\n{front}\ncontributor: tester\n---\nBody text.\n".encode()


#: Block nesting that crashed the reader: 900 levels raised a RecursionError, 28,000 made libyaml
#: overflow the C stack (a segfault). Each case is a card's front matter (starting on file line
#: 2) and where the 33rd nested collection starts: the root mapping is level 1.
BLOCK_BOMBS = {
    f"{form}-{n}": case
    for n in (900, 28_000)
    for form, case in {
        "dashes-on-one-line": ("topics:\n  " + "- " * n + "x", (3, 65)),
        "keys-on-one-line": ("topics:\n  " + "? " * n + "x", (3, 65)),
        "dashes-and-keys-on-one-line": ("topics:\n  " + "- ? " * (n // 2) + "x", (3, 65)),
        "dashes-at-the-root": ("- " * n + "x", (2, 65)),
    }.items()
} | {
    # One level per line costs ~n^2 bytes: 200 levels are the most a 64 KB card can hold.
    "dashes-indented-200": ("topics:\n" + "".join(" " * (2 * i + 2) + "- \n" for i in range(200)) + "  x", (34, 65)),
    "keys-indented-200": ("topics:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(200)) + "  x", (34, 33)),
}


@pytest.mark.parametrize("front, at", BLOCK_BOMBS.values(), ids=BLOCK_BOMBS.keys())
def test_deep_block_nesting_is_refused_where_it_gets_too_deep(front: str, at: tuple[int, int]) -> None:
    problems = parse_card(_card(front), "deep.md").problems
    assert [(p.line, p.col, p.rule) for p in problems] == [(*at, "yaml-too-deep")]


@pytest.mark.parametrize("indicator", ["- ", "? "])
def test_deep_block_nesting_in_a_curation_file_is_refused(indicator: str) -> None:
    # Curation files have no size cap: 900 levels, one more indented line each (810 KB).
    text = "".join(" " * (2 * i) + indicator + "\n" for i in range(900)) + "x\n"
    root, problems = parse(text)
    assert root is None and [(p.line, p.col, p.rule.id) for p in problems] == [(33, 65, "yaml-too-deep")]


def test_block_nesting_up_to_the_cap_is_read() -> None:
    root, problems = parse("a:\n  " + "- " * (MAX_BLOCK_DEPTH - 2) + "x\n" + "b:\n" + "".join(
        " " * (2 * i + 2) + "- \n" for i in range(MAX_BLOCK_DEPTH - 1)))
    assert problems == [] and isinstance(root, Map)


def test_a_text_that_breaks_lines_as_libyaml_does_is_measured_the_same() -> None:
    for br in ("\r", "\x85", "\u2028", "\u2029"):
        text = "a:" + br + "".join(" " * (2 * i + 2) + "- " + br for i in range(28_000 // 100)) + "x"
        assert [(p.line, p.rule.id) for p in parse(text)[1]] == [(33, "yaml-too-deep")], repr(br)


def test_a_quoted_line_at_the_margin_does_not_hide_the_depth_above_it() -> None:
    # A scalar's next line at column 0 leaves libyaml's indentation as it was: counting depth
    # per line, from its indentation, would start again at 1 there.
    text = "\n".join(" " * (18 * i) + "- " * 10 + '"q\nq"' for i in range(60)) + "\n"
    assert [(p.line, p.rule.id) for p in parse(text)[1]] == [(7, "yaml-too-deep")]


@pytest.mark.parametrize("indicator", ["- ", "? "])
def test_validate_reports_a_block_bomb_and_runs_to_the_end(project_copy: Path, indicator: str) -> None:
    (project_copy / "docs" / "resources" / "bomb.md").write_bytes(_card("topics:\n  " + indicator * 28_000 + "x"))
    result = run_cli("validate", cwd=project_copy)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "docs/resources/bomb.md:3:65: yaml-too-deep lists or 'key: value' blocks are nested more than 32 levels "
        "deep here (by indentation or '- - -'); nothing Learnshelf reads needs more than a few",
        "1 error(s), 0 warning(s) in 1 file(s)"]


def test_a_block_bomb_in_a_curation_file_is_a_located_configuration_error(project_copy: Path) -> None:
    topics = project_copy / "curation" / "topics.yml"
    lines = topics.read_text().splitlines()
    topics.write_text("\n".join([*lines, "- id: deep", "  label: Deep", "  synonyms:", "    " + "- " * 28_000 + "x", ""]))
    result = run_cli("validate", cwd=project_copy)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stdout.startswith(f"curation/topics.yml:{len(lines) + 4}:65: yaml-too-deep "), result.stdout


def test_a_bomb_among_450_cards_checked_by_worker_processes(project_copy: Path) -> None:
    # Before the cap, the worker that read the bomb crashed and took the pool down with it
    # (BrokenProcessPool): no card was reported at all.
    folder = project_copy / "docs" / "resources" / "many"
    folder.mkdir()
    card = (EXAMPLES / "invalid" / "giving-feedback.md").read_text()
    for number in range(449):
        (folder / f"card-{number}.md").write_text(card.replace("/unique/x", f"/many/{number}"))
    (folder / "bomb.md").write_bytes(_card("topics:\n  " + "- " * 28_000 + "x"))
    result = run_cli("validate", "--jobs", "2", cwd=project_copy)
    assert (result.returncode, result.stderr) == (1, "")
    assert [line.split(" ", 2)[:2] for line in result.stdout.splitlines()] == [
        ["docs/resources/many/bomb.md:3:65:", "yaml-too-deep"], ["1", "error(s),"]]


@pytest.mark.parametrize("text, at, code", [
    ("a: b\nc: 学习 x\ufffe", (2, 8), "U+FFFE"),
    ("a:\n" + " " * 20 + "- x\ud800", (2, 24), "U+D800"),  # and deep enough for the block depth pass
    ("a:\n  - \x1b[2J", (2, 5), "U+001B"),
])
def test_a_character_yaml_refuses_is_located_and_named(text: str, at: tuple[int, int], code: str) -> None:
    problems = parse(text)[1]
    assert [(p.line, p.col, p.rule.id) for p in problems] == [(*at, "yaml-syntax")]
    assert f"contains {code}, " in problems[0].message


def _block_depth(text: str) -> int:
    """The deepest nesting of block collections libyaml reports before it stops, if it does."""
    depth = deepest = flow = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                flow += bool(flow or event.flow_style)
                depth += not flow
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= not flow
                flow -= bool(flow)
    except yaml.YAMLError:
        pass
    return deepest


#: Lines as a reader of block YAML meets them: indentation, indicators, then some text (often a
#: quote or bracket opened on one line and closed on another, where libyaml ignores indentation).
BLOCK_LINE = st.builds(
    lambda indent, indicators, tail: indent + "".join(indicators) + "".join(tail),
    st.sampled_from(["", " ", "  ", "    ", "      ", "\ufeff", "\t"]),
    st.lists(st.sampled_from(["- ", "? ", ": ", "-", "-\t", "?  "]), max_size=5),
    st.lists(st.sampled_from(["a", "a:", "a: b", "'q", "q'", '"q', 'q"', "[", "]", "{", "}", ",", "|", "#", "&a ",
                              "!!seq ", " ", "- "]), max_size=3))


@settings(max_examples=1000, deadline=None)
@given(st.lists(BLOCK_LINE, min_size=1, max_size=16).map("\n".join))
def test_the_cheap_look_at_line_starts_bounds_the_block_nesting(text: str) -> None:
    """The reason the depth check may skip the parser: block nesting is at most twice the number
    of columns a line's leading spaces and indicators span, plus two."""
    prefix = max(len(m.group()) for m in re.finditer(r"^[\ufeff \t?:-]*", text, re.MULTILINE))
    assert _block_depth(text) <= 2 * (prefix + 1)


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
