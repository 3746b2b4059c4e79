"""The card writer's text (python-frontmatter around PyYAML's safe dumper) reads back, through
the validator's own YAML reader, as exactly the values written: whatever the text, each value
is one line, one key, and the same string; nothing becomes a boolean, a number or another key."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from learnshelf.load.cardfile import parse_card
from learnshelf.load.yamlnodes import Map, Scalar, Seq
from learnshelf.tools.cardwriter import LINE_BREAK, card_text, split_list

#: Any text, with what YAML or Markdown might take for syntax made likely.
SYNTAX = list(":#-[]{},&*!|>'\"%@`?\\ \t\n\r\x85\u2028\u2029\ufeff~=<")
TEXT = st.one_of(
    st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(SYNTAX)), min_size=1, max_size=40).map("".join),
    st.sampled_from(["yes", "null", "1e3", "---", "...", "0x1", "- a", "? x", "a: b", "[a]", "&a", "*a", "!!str x"]),
).filter(str.strip)


def _read(text: str) -> dict[str, object]:
    card = parse_card(text.encode("utf-8"), "docs/resources/a/x.md")
    yaml_problems = [p for p in card.problems if p.rule.startswith("yaml-")]
    assert yaml_problems == [] and isinstance(card.front, Map), (text, card.problems)
    values: dict[str, object] = {}
    for key, (_, node) in card.front.entries.items():
        if isinstance(node, Seq):
            values[key] = [item.text for item in node.items if isinstance(item, Scalar)]
        else:
            assert isinstance(node, Scalar) and node.kind == "str", (key, node)
            values[key] = node.text
    return values


@settings(max_examples=300, deadline=None)
@given(title=TEXT, summary=TEXT, source=TEXT, topics=st.lists(TEXT, min_size=1, max_size=4), body=TEXT)
def test_written_values_read_back_exactly(title: str, summary: str, source: str, topics: list[str],
                                          body: str) -> None:
    topics_value = ", ".join(topics)
    text = card_text({"title": title, "summary": summary, "source": source, "topics": topics_value}, body)
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    expected: dict[str, object] = {"title": title.strip(), "summary": summary.strip(), "source": source.strip()}
    if split_list(topics_value):
        expected["topics"] = split_list(topics_value)
    assert _read(text) == {k: expected[k] for k in ("title", "summary", "topics", "source") if k in expected}
    assert len(front.split("\n")) == len(expected)  # one line per value, whatever its line breaks
    assert not LINE_BREAK.search(front.replace("\n", ""))


def test_a_bare_date_or_boolean_is_written_as_the_word_it_is() -> None:
    text = card_text({"core": "yes", "added": "2026-01-01", "reviewed": "1 Jan 2026", "title": "true"})
    assert text.split("---\n")[1].split("\n") == ["title: 'true'", "core: yes", "added: 2026-01-01",
                                                  "reviewed: 1 Jan 2026", ""]
