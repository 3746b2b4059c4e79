"""Safe YAML reading: text in, positioned plain nodes out, and nothing more.

YAML is read as data, never code. We stop at PyYAML's *composer* (node graph) and never run a
constructor, so no tag can instantiate anything, dates stay ISO strings, ``yes`` stays the text
``yes`` and ``1.10`` stays ``1.10``. Each scalar keeps the YAML 1.1 type it would have been
given (``bool``, ``int``...), so the schema can say "put it in quotes" instead of guessing.
Aliases, duplicate keys, explicit tags and excessive nesting (``yamldepth``) are reported as
problems, under the rules declared here.
Positions are 1-based file positions: the caller passes the line on which the YAML starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import yaml

from learnshelf.load.yamldepth import YAML_TOO_DEEP, too_deep
from learnshelf.model.rules import ERROR, Rule

try:  # libyaml is ~7x faster; the pure-Python composer behaves the same.
    from yaml import CSafeLoader as _BaseLoader
    _OFFSETS_IN_BYTES = True  # libyaml reports where a refused character is in UTF-8 bytes
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]
    _OFFSETS_IN_BYTES = False

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR_TAG = _TAG_PREFIX + "str"
_MAP_TAG = _TAG_PREFIX + "map"
_SEQ_TAG = _TAG_PREFIX + "seq"
#: A plain scalar starting with one of these letters can only resolve to a string: YAML 1.1's
#: booleans and nulls start with y/n/t/f/o, numbers, dates and merge keys with digits or signs.
_ONLY_TEXT_FIRST = frozenset("abcdeghijklmpqrsuvwxzABCDEGHIJKLMPQRSUVWXZ")


class _Loader(_BaseLoader):
    """The safe loader, with the resolver's regular expressions skipped for plain scalars that
    can only be strings (the resolver runs in Python for each of the ~30 scalars of a card)."""

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0] or (isinstance(value, str) and value[:1] in _ONLY_TEXT_FIRST):
                return _STR_TAG  # quoted, or plain text that no implicit resolver can claim
        elif kind is yaml.MappingNode:
            return _MAP_TAG  # SafeLoader has no path resolvers: collections get the default tags
        elif kind is yaml.SequenceNode:
            return _SEQ_TAG
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
#: Tags the resolver gives implicitly; any other tag was written explicitly by the author.
_IMPLICIT_TAGS = frozenset(
    _TAG_PREFIX + t for t in ("str", "bool", "int", "float", "null", "timestamp", "seq", "map")
)
_SCALAR_KINDS = {_TAG_PREFIX + t: t for t in ("str", "bool", "int", "float", "null", "timestamp")}

YAML_SYNTAX = Rule(
    "yaml-syntax", ERROR,
    "The front matter is not valid YAML; the message gives a hint (quotes, tabs, brackets).",
    bad="title: Feedback: a primer",
    fixed='title: "Feedback: a primer"')

YAML_DUPLICATE_KEY = Rule(
    "yaml-duplicate-key", ERROR,
    "A key appears twice; only one value can be kept.",
    bad="title: Onboarding\ntitle: Onboarding basics",
    fixed="title: Onboarding basics")

YAML_ALIAS = Rule(
    "yaml-alias", ERROR,
    "YAML aliases (*name) are not allowed; write values out.",
    bad="topics: &ours [onboarding]\nroles: *ours",
    fixed="topics: [onboarding]\nroles: [people-manager]")

YAML_TAG = Rule(
    "yaml-tag", ERROR,
    "YAML tags (!!python/..., !foo) are not allowed.",
    bad="title: !!python/object:os.system Onboarding",
    fixed="title: Onboarding")

# Nodes are plain slotted dataclasses, not frozen ones: a frozen dataclass is built ~4x slower
# (measured), and a card has ~30 of them. Nothing changes a node after parsing.
@dataclass(slots=True)
class Scalar:
    """A scalar as written. ``kind`` is the YAML 1.1 type a plain scalar resolves to."""

    text: str
    kind: str  # str, bool, int, float, null, timestamp
    quoted: bool
    line: int
    col: int


@dataclass(slots=True)
class Seq:
    """A sequence of nodes."""

    items: tuple[Node, ...]
    line: int
    col: int


@dataclass(slots=True)
class Map:
    """A mapping with string keys in document order: key text -> (key scalar, value node)."""

    entries: dict[str, tuple[Scalar, Node]]
    line: int
    col: int


Node = Union[Scalar, Seq, Map]  # noqa: UP007 (a runtime alias; `|` of classes is fine too, but mypy reads Union here)


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A problem found while reading YAML, at a 1-based file position."""

    line: int
    col: int
    rule: Rule
    message: str


def parse(text: str, first_line: int = 1) -> tuple[Node | None, list[YamlProblem]]:
    """Parse one YAML document into nodes, collecting every problem instead of raising.

    ``first_line`` is the file line on which ``text`` starts, so positions point into the file.
    """
    if deep := too_deep(text, _Loader):
        line, col, message = deep
        return None, [YamlProblem(first_line + line, col, YAML_TOO_DEEP, message)]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, text, first_line)]
    except yaml.reader.ReaderError as err:  # a character YAML refuses anywhere: a control, U+FFFE
        return None, [_character_problem(err.position, err.character, text, first_line)]
    except UnicodeEncodeError as err:  # libyaml reads UTF-8, which cannot hold a lone surrogate
        return None, [_character_problem(err.start, ord(text[err.start]), text, first_line, in_bytes=False)]
    except yaml.YAMLError as err:  # not located (none is known to reach here)
        return None, [YamlProblem(first_line, 1, YAML_SYNTAX, f"the YAML cannot be read: {err}")]
    if root is None:
        return None, []
    problems: list[YamlProblem] = []
    if "*" in text:
        problems.extend(_alias_problems(text, first_line))
    return _Converter(problems, first_line).node(root), problems


def _character_problem(position: int, character: int | str, text: str, first_line: int,
                       in_bytes: bool = _OFFSETS_IN_BYTES) -> YamlProblem:
    """Locate a character the reader refused, at its line and column in ``text``."""
    index = len(text.encode("utf-8", "replace")[:position].decode("utf-8", "ignore")) if in_bytes else position
    code = character if isinstance(character, int) else ord(character)
    line = text.count("\n", 0, index)
    col = index - (text.rfind("\n", 0, index) + 1)
    kind = ("a Unicode noncharacter" if code & 0xFFFE == 0xFFFE else "an unpaired surrogate"
            if 0xD800 <= code <= 0xDFFF else "a control character")
    return YamlProblem(first_line + line, col + 1, YAML_SYNTAX,
                       f"the file contains U+{code:04X}, {kind}, which YAML does not allow; delete it")


_HINTS = (
    ("mapping values are not allowed", "a value contains ': '; put the whole value in quotes"),
    ("found character that cannot start any token", "remove the character, or put the value in quotes (tabs: use spaces)"),
    ("could not find expected ':'", "each line must be 'key: value'; check the line above for a missing colon or quote"),
    ("found undefined alias", "'*' starts an alias; put the value in quotes"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("expected <block end>", "check the indentation of this line; list items start with '- '"),
    ("did not find expected", "a bracket or quote is not closed, or a value with ',' or ':' needs quotes"),
)


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlProblem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = (err.problem or err.context or "invalid YAML").strip()
    lines = text.split("\n")
    if line < len(lines) and "\t" in lines[line][: col + 1]:
        hint = "a tab is used for indentation; use spaces"
    else:
        hint = next((h for needle, h in _HINTS if needle in problem), "")
    message = f"YAML syntax error: {problem}" + (f" ({hint})" if hint else "")
    return YamlProblem(first_line + line, col + 1, YAML_SYNTAX, message)


def _alias_problems(text: str, first_line: int) -> list[YamlProblem]:
    """Locate every alias (``*name``); aliases let a few bytes expand into gigabytes."""
    try:
        return [
            YamlProblem(first_line + mark.line, mark.column + 1, YAML_ALIAS,
                        f"'*{e.anchor}' is a YAML alias; write the value out in full")
            for e in yaml.parse(text, Loader=_Loader)
            if isinstance(e, yaml.AliasEvent) and (mark := e.start_mark) is not None
        ]
    except yaml.YAMLError:  # compose already succeeded, so this cannot normally happen
        return []


def _kind(tag: str) -> str:
    return tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else "str"


class _Converter:
    """Turns composed nodes into ``Scalar``/``Seq``/``Map``, flagging anything unsafe."""

    def __init__(self, problems: list[YamlProblem], first_line: int) -> None:
        self.problems = problems
        self.first_line = first_line
        self.seen: set[int] = set()

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return self.first_line + node.start_mark.line, node.start_mark.column + 1

    def node(self, node: yaml.Node) -> Node:
        if node.tag not in _IMPLICIT_TAGS:
            shown = node.tag.replace(_TAG_PREFIX, "!!", 1)
            self._flag(node, YAML_TAG, f"the YAML tag '{shown}' is not allowed; remove it")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.seen:  # an alias: already reported by _alias_problems
            return Seq((), *self._pos(node))
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            return Seq(tuple(self.node(item) for item in node.value), *self._pos(node))
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node)

    def scalar(self, node: yaml.ScalarNode) -> Scalar:
        mark = node.start_mark
        # A tag of another kind (!!python/..., !foo) is reported by yaml-tag: the value is then
        # taken as text, so that one mistake is reported once (not again as "not a string").
        return Scalar(node.value, _SCALAR_KINDS.get(node.tag, "str"), bool(node.style),
                      self.first_line + mark.line, mark.column + 1)

    def mapping(self, node: yaml.MappingNode) -> Map:
        entries: dict[str, tuple[Scalar, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._flag(key_node, YAML_SYNTAX, "a key must be a plain word, not a list or mapping")
                continue
            key = self.scalar(key_node)
            if key.text in entries:
                first = entries[key.text][0]
                self._flag(key_node, YAML_DUPLICATE_KEY,
                           f"'{key.text}' is given twice (first on line {first.line}); keep one")
                continue
            entries[key.text] = (key, self.node(value_node))
        return Map(entries, *self._pos(node))

    def _flag(self, node: yaml.Node, rule: Rule, message: str) -> None:
        self.problems.append(YamlProblem(*self._pos(node), rule, message))
