"""Topics and roles on a card: resolving what was written to the curated terms, and the rules
for that (unknown terms, synonyms, repeats, the number of topics), and nothing more."""

from __future__ import annotations

from collections.abc import Callable

from learnshelf.load.taxonomy import Vocabulary
from learnshelf.load.yamlnodes import Node
from learnshelf.model.rules import ERROR, WARNING, Rule
from learnshelf.model.schema import MAX_TOPICS

UNKNOWN_TOPIC = Rule(
    "unknown-topic", ERROR,
    "The topic is not in curation/topics.yml (the message suggests the nearest).",
    bad="topics: [leadershp]",
    fixed="topics: [leadership]")

UNKNOWN_ROLE = Rule(
    "unknown-role", ERROR,
    "The role is not in curation/roles.yml (the message suggests the nearest).",
    bad="roles: [enginer]",
    fixed="roles: [software-engineer]")

TOPIC_COUNT = Rule(
    "topic-count", ERROR,
    "A card has 1 to 5 topics.",
    bad="topics: []",
    fixed="topics: [onboarding]")

TAG_SYNONYM = Rule(
    "tag-synonym", WARNING,
    "A synonym or case variant was used; it is read as the canonical id, which you should write.",
    bad="topics: [Induction]",
    fixed="topics: [onboarding]")

DUPLICATE_TAG = Rule(
    "duplicate-tag", WARNING,
    "The same topic or role is listed twice.",
    bad="roles: [designer, designer]",
    fixed="roles: [designer]")

#: Records a problem of ``rule`` at a node (or a (line, column) position).
Report = Callable[[Node | tuple[int, int], Rule, str], None]
_UNKNOWN = {"topic": UNKNOWN_TOPIC, "role": UNKNOWN_ROLE}


def resolve_tags(report: Report, items: list[tuple[Node, str]], vocab: Vocabulary) -> list[str]:
    """The term ids the written ``items`` name, in order, each once; problems reported."""
    resolved: list[str] = []
    for item, text in items:
        term_id = vocab.resolve(text)
        if term_id is None:
            near = vocab.suggest(text)
            hint = f" (did you mean '{near}'?)" if near else f"; see curation/{vocab.kind}s.yml"
            report(item, _UNKNOWN[vocab.kind], f"'{text}' is not a {vocab.kind}{hint}")
        elif term_id in resolved:
            report(item, DUPLICATE_TAG, f"{vocab.kind} '{term_id}' is listed twice; remove one")
        else:
            if term_id != text:
                report(item, TAG_SYNONYM, f"'{text}' means the {vocab.kind} '{term_id}'; write '{term_id}'")
            resolved.append(term_id)
    return resolved


def count_topics(report: Report, node: Node, topics: list[str], explained: bool) -> None:
    """Report too many topics, or none when no other problem (``explained``) already says why."""
    if len(topics) > MAX_TOPICS:
        report(node, TOPIC_COUNT, f"{len(topics)} topics given; pick the {MAX_TOPICS} that fit best")
    elif not topics and not explained:
        report(node, TOPIC_COUNT, "give at least one topic, e.g. topics: [onboarding]")
