"""The fast reader of flat front matter returns exactly what the full YAML parser returns, or
declines; and it does read the shapes real cards have (else it would only cost time)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from learnshelf.load.flatyaml import read_flat
from learnshelf.load.yamlnodes import parse

REPO = Path(__file__).resolve().parent.parent
#: Characters and words YAML treats specially, mixed into ordinary text (ordinary text is
#: drawn more often, so that many texts are read and compared, not just declined).
TRICKY = st.sampled_from(list("aZé学1 0.:#'\"[]{},-&*!|>?%@`\\~=<+_") + ["\t", "\r", "\x85", "\u2028", "\ufeff", "\x07"])
ODD_WORDS = st.sampled_from(["true", "no", "on", "null", "~", "2026-01-31", "1.5", "0x1F", "1_000", "12:30", ".inf",
                             "<<", "=", "-5", "it''s", "x: y", "a #b", "a#b", "...", "a:", "b ", " c"])
PLAIN_WORDS = st.sampled_from(["alpha", "b c", "Zürich", "学习", "pt-BR", "24m", "https://x.org/a?b#c", "a, b", "x.y",
                               "Q&A", "it's", "say \"hi\"", "50%", "a-b", "n"])
PIECE = st.one_of(PLAIN_WORDS, PLAIN_WORDS, PLAIN_WORDS, ODD_WORDS, TRICKY)
VALUE = st.lists(PIECE, min_size=1, max_size=4).map("".join)
QUOTED = st.builds(lambda q, v: f"{q}{v}{q}", st.sampled_from(["'", '"']), VALUE)
FLOW = st.lists(st.one_of(PLAIN_WORDS, VALUE), max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
KEY = st.one_of(st.sampled_from(["title", "topics", "summary", "url", "roles", "core", "added", "a_b"]),
                st.sampled_from(["yes", "on", "n", "Title", "x-y", "<<", "title ", "b1"]))
SEP = st.sampled_from([" ", " ", "  ", "", "\t"])
INDENT = st.sampled_from(["", "", "  ", " "])
LINE = st.one_of(
    st.builds(lambda k, sep, v: f"{k}:{sep}{v}", KEY, SEP, st.one_of(VALUE, QUOTED, FLOW)),
    st.builds(lambda k, sep, v: f"{k}:{sep}{v}", KEY, SEP, st.one_of(VALUE, QUOTED, FLOW)),
    st.builds(lambda k: f"{k}:", KEY),
    st.builds(lambda ind, sp, v: f"{ind}-{sp}{v}", INDENT, SEP, st.one_of(VALUE, QUOTED)),
    st.builds(lambda ind, sp, v: f"{ind}-{sp}{v}", INDENT, SEP, st.one_of(VALUE, QUOTED)),
    st.builds(lambda ind, v: f"{ind}{v}", st.sampled_from([" ", "  ", "    "]), VALUE),
    st.sampled_from(["", "# note", "---", "...", "  ", "key: &a x", "k: *a", "k: !!str x", "k: |", "  folded",
                     "k: >", "? k", "k: {a: b}", "- - x", "k: [a, [b]]", "k: [a,", "  b]"]),
)


@st.composite
def card_like(draw: st.DrawFn) -> str:
    """A front matter of well-formed entries (plain, quoted, folded, flow and block lists), then
    maybe one random change: a character inserted anywhere or a line of any kind."""
    keys = draw(st.lists(st.sampled_from(["title", "summary", "url", "topics", "roles", "core", "added", "a_b",
                                          "yes", "on", "n"]), min_size=1, max_size=6, unique=True))
    lines = []
    for key in keys:
        shape = draw(st.sampled_from(["plain", "quoted", "folded", "flow", "block"]))
        if shape == "plain":
            lines.append(f"{key}: {draw(VALUE)}")
        elif shape == "quoted":
            lines.append(f"{key}: {draw(QUOTED)}")
        elif shape == "folded":
            lines += [f"{key}: {draw(VALUE)}", *(f"{draw(st.sampled_from([' ', '  ']))}{v}"
                                                  for v in draw(st.lists(VALUE, min_size=1, max_size=2)))]
        elif shape == "flow":
            lines.append(f"{key}: {draw(FLOW)}")
        else:
            indent = draw(INDENT)
            lines += [f"{key}:", *(f"{indent}- {v}" for v in draw(st.lists(st.one_of(VALUE, QUOTED), min_size=1, max_size=3)))]
    text = "\n".join(lines)
    change = draw(st.sampled_from(["none", "none", "char", "line"]))
    if change == "char":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(TRICKY) + text[at:]
    elif change == "line":
        at = draw(st.integers(0, len(lines)))
        text = "\n".join([*lines[:at], draw(LINE), *lines[at:]])
    return text


@settings(max_examples=1500, deadline=None)
@given(st.one_of(card_like(), st.lists(LINE, min_size=1, max_size=8).map("\n".join)), st.integers(1, 3))
def test_read_flat_equals_the_yaml_parser_or_declines(text: str, first_line: int) -> None:
    flat = read_flat(text, first_line)
    event("read" if flat is not None else "declined")
    if flat is not None:
        assert parse(text, first_line) == (flat, [])


def test_shapes_of_real_cards_are_read_fast_and_the_same() -> None:
    text = ("title: Tips: from 'top' performers\ntype: guide\nurl: https://example.org/a?b=1#c\n"
            "summary: A long summary that\n  folds onto a second line, with commas\n"
            "topics: [collaboration, productivity]\nroles:\n- manager\n-   'software-engineer'\n"
            "accessibility: []\ncore: true\nduration: 15m\nadded: '2026-11-17'\nreviewed: 2026-11-18\n"
            "related:\n  - a-card\n  - \"b-card\"\nsource: It''s ours")
    assert read_flat(text, 2) is None  # "Tips: from" needs quotes: left to the parser, which reports it
    text = text.replace("Tips: from 'top' performers", "'Tips: from ''top'' performers'").replace("It''s", "Its")
    flat = read_flat(text, 2)
    assert flat is not None and parse(text, 2) == (flat, [])
    assert flat.entries["title"][1].text == "Tips: from 'top' performers"
    assert flat.entries["summary"][1].text == "A long summary that folds onto a second line, with commas"
    assert [(i.text, i.line, i.col) for i in flat.entries["roles"][1].items] == [("manager", 9, 3), ("software-engineer", 10, 5)]  # type: ignore[union-attr]


def test_a_key_too_long_for_yaml_is_left_to_the_parser() -> None:
    for text in ("k" * 1025 + ": x", "title: x\n" + "k" * 1025 + ": y"):
        assert read_flat(text, 2) is None and parse(text, 2)[1][0].rule.id == "yaml-syntax"


def test_every_starter_card_is_read_fast() -> None:
    cards = sorted((REPO / "docs" / "resources").rglob("*.md"))
    assert len(cards) > 20
    for path in cards:
        text = path.read_text(encoding="utf-8")
        front = text[4:text.index("\n---", 3)]
        flat = read_flat(front, 2)
        assert flat is not None, path
        assert parse(front, 2) == (flat, []), path
