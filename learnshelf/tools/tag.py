"""``learnshelf tag``: propose topics and roles from a card's own words, and say which words.

No black box: a term is proposed only when its id, label or one of its synonyms appears as a
whole phrase in the title, summary or body, and the proposal quotes that phrase and its line.
``--write`` rewrites only the ``topics:``/``roles:`` lines of the front matter.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from learnshelf.check import reporters
from learnshelf.check.library import check_text
from learnshelf.load import fsio
from learnshelf.load.cardfile import MAX_CARD_BYTES, parse_card
from learnshelf.load.project import Project
from learnshelf.load.taxonomy import Taxonomy, Vocabulary
from learnshelf.model.schema import MAX_TOPICS, Card


@dataclass(frozen=True)
class Suggestion:
    """A proposed tag and the evidence for it."""

    field: str  # "topics" or "roles"
    term: str
    phrase: str
    where: str  # "title", "summary" or "body"
    line: int


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s_-]+", phrase.strip()) if w]
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?![\w-])", re.IGNORECASE)


def _texts(card: Card) -> list[tuple[str, int, str]]:
    texts = [("title", card.at("title")[0], card.title), ("summary", card.at("summary")[0], card.summary)]
    texts += [("body", card.body_line + i, line) for i, line in enumerate(card.body.split("\n"))]
    return texts


def _suggest(vocab: Vocabulary, field: str, texts: list[tuple[str, int, str]], have: list[str]) -> list[Suggestion]:
    found: list[Suggestion] = []
    for term in sorted(vocab.terms.values(), key=lambda t: t.id):
        if term.id in have:
            continue
        for spelling in (term.label, term.id, *term.synonyms):
            pattern = _phrase_pattern(spelling)
            hit = next(((w, n, m.group()) for w, n, text in texts if (m := pattern.search(text))), None)
            if hit:
                found.append(Suggestion(field, term.id, hit[2], hit[0], hit[1]))
                break
    return found


def suggest(card: Card, taxonomy: Taxonomy) -> list[Suggestion]:
    """Topics and roles the card's text mentions but its front matter does not list.

    Parents of listed topics are already implied, so they are not proposed. Roles are proposed
    only from the title and summary (a body saying "ask your manager" is not *for* managers),
    and never for core cards, which are for everyone."""
    texts = _texts(card)
    have_topics = taxonomy.topics.with_parents([t for t in card.topics if t in taxonomy.topics.terms])
    found = _suggest(taxonomy.topics, "topics", texts, have_topics)
    if not card.core:
        found += _suggest(taxonomy.roles, "roles", [t for t in texts if t[0] != "body"], card.roles)
    return found


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


def run_tag(project: Project, taxonomy: Taxonomy, path: Path, write: bool) -> int:
    """Print proposals for ``path``; with ``write``, add them to the card. Returns an exit code."""
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
    proposals = suggest(card, taxonomy)
    if not proposals:
        print(f"{card.path}: no further topics or roles found in the title, summary or body")
        return 0
    for s in proposals:
        print(f"{card.path}:{s.line}: {s.field[:-1]} '{s.term}' (matched '{s.phrase}' in the {s.where})")
    return _write(project, taxonomy, path, data, card, proposals) if write else 0


def _write(project: Project, taxonomy: Taxonomy, path: Path, data: bytes, card: Card,
           proposals: list[Suggestion]) -> int:
    topics = card.topics + [s.term for s in proposals if s.field == "topics"]
    roles = card.roles + [s.term for s in proposals if s.field == "roles"]
    if len(topics) > MAX_TOPICS:
        print(f"only the first {MAX_TOPICS} topics are kept: {', '.join(topics[:MAX_TOPICS])}")
        topics = topics[:MAX_TOPICS]
    text = data.decode("utf-8").replace("\r\n", "\n")
    if topics != card.topics:
        text = _set_field(text, "topics", topics)
    if roles != card.roles:
        text = _set_field(text, "roles", roles)
    problems = [p for p in check_text(project, taxonomy, path, text) if p.is_error]
    if problems:
        print("not written; the result would have problems:\n" + reporters.text(problems))
        return 1
    try:
        fsio.replace_unchanged(path, data, text)
    except fsio.ChangedUnderfoot:
        print(f"learnshelf: '{path}' changed while tagging; nothing written, run the command again")
        return 1
    print(f"updated {card.path}")
    return 0
