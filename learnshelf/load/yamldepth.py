"""Refusing YAML nested too deeply, before a parser that recurses sees it, and nothing more.

libyaml's composer recurses once per level of nesting and crashes the interpreter on ~30,000
nested brackets, so the depth is measured first (cheaply, and exactly only when a cheap look
cannot rule it out) and refused under ``yaml-too-deep``.
"""

from __future__ import annotations

import re

import yaml

from learnshelf.model.rules import ERROR, Rule

YAML_TOO_DEEP = Rule(
    "yaml-too-deep", ERROR,
    ("Lists or mappings nested very deeply (brackets, indentation or '- - -') are refused (they "
     "crash YAML parsers)."),
    bad="topics: [[[[[[...\nroles:\n  - - - - - - ...",
    fixed="topics: [onboarding]\nroles: [designer]")

#: Flow collections nested deeper than this are refused before libyaml sees them: libyaml's
#: composer recurses per level and crashes the interpreter on ~30,000 nested brackets.
MAX_FLOW_DEPTH = 32
#: Block collections (by indentation, ``- - -`` or ``? ? ?``) nested deeper than this are refused
#: before the composer sees them, for the same reason: it and our converter recurse per level (a
#: RecursionError at ~900 levels, a crash of the interpreter at ~28,000). Cards need 2, pathways 5.
MAX_BLOCK_DEPTH = 32
#: A line whose indentation and leading indicators (``-``, ``?``, ``:``) span MAX_BLOCK_DEPTH // 2
#: characters or more. libyaml starts a block collection only within such a prefix or where it
#: ends (elsewhere it says "not allowed in this context"), its open ones have strictly
#: increasing columns, and each may hold one sequence at its own column (``key:`` then ``- x``):
#: without such a line the nesting cannot exceed MAX_BLOCK_DEPTH. The line breaks are libyaml's,
#: and it skips a BOM at the start of any line.
_DEEP_LINE_START = re.compile(rf"(?:\A|[\r\n\x85\u2028\u2029])[\ufeff \t?:-]{{{MAX_BLOCK_DEPTH // 2}}}")


def too_deep(text: str, loader: type) -> tuple[int, int, str] | None:
    """Where ``text`` nests too deeply (0-based line, 1-based column) and why, or None.
    ``loader`` is the loader class the caller parses with, so both read the same events."""
    return _flow_depth(text) or _block_depth(text, loader)


def _flow_depth(text: str) -> tuple[int, int, str] | None:
    """Refuse deeply nested brackets; a cheap scan that may over-count brackets inside quotes."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None  # cannot be that deep: skip the per-character scan
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                line = text.count("\n", 0, index)
                col = index - (text.rfind("\n", 0, index) + 1)
                return (line, col + 1, f"brackets are nested more than {MAX_FLOW_DEPTH} levels deep; "
                        "a card needs at most a list of values")
        elif char in "]}" and depth:
            depth -= 1
    return None


def _block_depth(text: str, loader: type) -> tuple[int, int, str] | None:
    """Refuse block collections nested more than MAX_BLOCK_DEPTH deep, counted exactly from the
    parser's events when a cheap look at the line starts cannot rule it out. The parsers (libyaml
    and PyYAML's) keep their state on a heap stack, not the call stack: only the composer and our
    converter recurse, and they run after this."""
    if not _DEEP_LINE_START.search(text):
        return None
    depth = flow = 0  # open block collections; open flow ones (which hold no block ones)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                if flow or event.flow_style:
                    flow += 1
                    continue
                depth += 1
                if depth > MAX_BLOCK_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
                    return (line, col + 1,
                            f"lists or 'key: value' blocks are nested more than {MAX_BLOCK_DEPTH} levels "
                            "deep here (by indentation or '- - -'); nothing Learnshelf reads needs more than a few")
            elif isinstance(event, yaml.CollectionEndEvent):
                if flow:
                    flow -= 1
                else:
                    depth -= 1
    except (yaml.YAMLError, UnicodeEncodeError):  # compose reports it, nesting no deeper than this
        return None
    return None
