"""``learnshelf tag``: rank topic and role suggestions for a card, each with its score and its
evidence, and (``--write``) add the confident topics; nothing more.

The suggestions are ``catalog.suggest``'s: the card's own words, weighted by where they are, and
the tags of the most similar published cards. ``--write`` adds only topics at the policy's
``write_confidence`` and rewrites only the ``topics:`` line of the front matter. Roles are never
written: role tags decide who sees what, so they are proposed for a curator to accept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from learnshelf.catalog.suggest import Suggester, explain, ranked, topics_to_write
from learnshelf.check import reporters
from learnshelf.check.cache import CACHE_FILE, ValidationCache, salt
from learnshelf.check.library import check_text, load_library
from learnshelf.load import fsio
from learnshelf.load.cardfile import MAX_CARD_BYTES, parse_card
from learnshelf.load.project import Project, cores
from learnshelf.load.taxonomy import Taxonomy, Vocabulary
from learnshelf.model.schema import MAX_TOPICS, Card
from learnshelf.tools.cardwriter import LINE_BREAK, split_list

#: The first line of the suggestions written into an imported draft's front matter.
DRAFT_HEADING = ("# Tag suggestions (learnshelf tag), highest first; a curator decides: `learnshelf tag --write`"
                 " adds the (write) topics, roles are only proposed.")


def suggestion_lines(suggester: Suggester, card: Card) -> list[str]:
    """The ranked suggestions for ``card``, one located line each (``path:line:`` where a phrase
    was found), with a heading that says what is written and what is only proposed."""
    shown = ranked(suggester.suggest(card), suggester.taxonomy)
    if not shown:
        return [f"{card.path}: no topic or role to suggest (neither its words nor similar cards point to one)"]
    policy = suggester.taxonomy.tagging
    lines = [f"{card.path}: {len(shown)} suggestion(s), highest first; `tag --write` adds the topics at "
             f"{policy.write_confidence:.2f} or above (write), roles are only proposed to a curator (propose)"]
    for verdict, s in shown:
        where = f"{card.path}:{s.line}" if s.line else card.path
        lines.append(f"{where}: {explain(verdict, s)}")
    return lines


def _set_field(text: str, key: str, values: list[str]) -> str:
    """``text`` with the front-matter field ``key`` set to the flow list ``values``.

    Only the lines of that field change (or one line is added before the closing fence)."""
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    starts = [i for i in range(1, close) if re.match(r"^[^\s#-][^:]*:", lines[i])]
    new_line = f"{key}: [{', '.join(values)}]"
    own = next((i for i in starts if re.match(rf"^{re.escape(key)}\s*:", lines[i])), None)
    if own is None:
        return "\n".join(lines[:close] + [new_line] + lines[close:])
    end = next((i for i in starts if i > own), close)
    while end - 1 > own and lines[end - 1].lstrip().startswith("#"):
        end -= 1  # keep a comment that introduces the next key
    return "\n".join(lines[:own] + [new_line] + lines[end:])


def values_card(values: dict[str, str], body: str, taxonomy: Taxonomy) -> Card:
    """The card the field ``values`` of a card about to be written describe, enough to suggest
    tags for (what it is, and which tags it has already)."""
    def terms(vocab: Vocabulary, field: str) -> list[str]:
        return [t for item in split_list(values.get(field, "")) if (t := vocab.resolve(item))]

    return Card("", "", title=values.get("title", ""), summary=values.get("summary", ""), body=body,
                topics=terms(taxonomy.topics, "topics"), roles=terms(taxonomy.roles, "roles"),
                core=values.get("core") == "true")


def with_suggestions(text: str, suggester: Suggester, card: Card) -> str:
    """Card ``text`` with its ranked suggestions as YAML comments at the end of its front matter
    (a draft's curator sees them; validation ignores comments). Nothing is added when there is
    nothing to suggest; a line that would not stay one line is left out."""
    shown = ranked(suggester.suggest(card), suggester.taxonomy)
    comment = [f"#   {explain(verdict, s)}" for verdict, s in shown]
    comment = [line for line in comment if not LINE_BREAK.search(line)]
    if not comment:
        return text
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    return "\n".join(lines[:close] + [DRAFT_HEADING, *comment] + lines[close:])


def run_tag(project: Project, taxonomy: Taxonomy, path: Path, write: bool) -> int:
    """Print the suggestions for ``path``; with ``write``, add its confident topics. Returns an
    exit code."""
    from learnshelf.check.fields import check_card

    try:
        data, _ = fsio.read_regular(path, MAX_CARD_BYTES)
    except fsio.Refused as err:
        print(f"learnshelf: '{path}' cannot be used as a card: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"learnshelf: cannot read '{path}': {err.strerror}", file=sys.stderr)
        return 2
    card_file = parse_card(data, project.display(path))
    card, _ = check_card(card_file, taxonomy)
    if card_file.front is None:
        print(reporters.text(card_file.problems))
        return 1
    suggester = Suggester(taxonomy, [c for c in _library(project, taxonomy) if c.path != card.path])
    print("\n".join(suggestion_lines(suggester, card)))
    new = topics_to_write(suggester.suggest(card), taxonomy)
    return _write(project, taxonomy, path, data, card, new) if write and new else 0


class _ReadOnlyCache(ValidationCache):
    """The cache ``validate`` keeps, read and never written: ``tag`` changes no file but the card
    (a suggestion pull request's branch must hold the card alone)."""

    def save(self) -> None:
        """Nothing: the cache is ``validate``'s to write."""


def _library(project: Project, taxonomy: Taxonomy) -> list[Card]:
    """The library's cards, through ``validate``'s cache when there is one: at 10,000 cards,
    checking every card again costs far more than the suggestions."""
    path = project.root / CACHE_FILE
    cache = _ReadOnlyCache(path, salt(project.curation)) if path.is_file() else None
    return load_library(project, taxonomy, cache=cache, jobs=cores()).cards


def _write(project: Project, taxonomy: Taxonomy, path: Path, data: bytes, card: Card, new: list[str]) -> int:
    topics = card.topics + new
    if len(topics) > MAX_TOPICS:
        print(f"only the first {MAX_TOPICS} topics are kept: {', '.join(topics[:MAX_TOPICS])}")
        topics = topics[:MAX_TOPICS]
    text = _set_field(data.decode("utf-8").replace("\r\n", "\n"), "topics", topics)
    problems = [p for p in check_text(project, taxonomy, path, text) if p.is_error]
    if problems:
        print("not written; the result would have problems:\n" + reporters.text(problems))
        return 1
    try:
        fsio.replace_unchanged(path, data, text)
    except fsio.ChangedUnderfoot:
        print(f"learnshelf: '{path}' changed while tagging; nothing written, run the command again")
        return 1
    print(f"updated {card.path}: topics {', '.join(topics)}")
    return 0
