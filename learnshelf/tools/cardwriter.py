"""Writing new cards: field values -> card text, and a batch writer that validates each new card
against the library (and the cards written before it) before writing it; nothing more.

Used by ``new``, ``import`` and ``from-issue``. The text is python-frontmatter's (the fences
around PyYAML's safe dumper), so every value is a YAML string that PyYAML itself chose how to
write: plain when it reads back as the same text, quoted otherwise, and double-quoted with
escapes when it holds a line break, so each value stays on one line and no value can turn into
a boolean, a number or another key. A date or boolean that is one bare word is written as it
is (validation says whether it is a real date or boolean). Lists are written as flow lists.
Files are created atomically and never overwrite anything.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from learnshelf.check.crosscheck import UNKNOWN_CARD, check_across
from learnshelf.check.library import PARALLEL_THRESHOLD, check_bytes, load_library
from learnshelf.check.urls import normalise_url
from learnshelf.load import fsio
from learnshelf.load.project import Project
from learnshelf.load.siteconfig import MarkdownConfig
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model.problems import Problem
from learnshelf.model.schema import BODY_PLACEHOLDER, FIELDS, Card

#: Fields whose value is a list (comma-separated in the values a command gathers).
LIST_FIELDS = tuple(f.name for f in FIELDS if f.kind in ("topics", "roles", "enum-list", "card-ids"))
#: What YAML (1.1, as PyYAML reads it) takes for the end of a line.
LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
#: A value that can be written as it is: a date or true/false is one such word.
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def split_list(value: str) -> list[str]:
    """'a, b; c' -> ['a', 'b', 'c']."""
    return [item.strip() for item in re.split(r"[,;\n]", value) if item.strip()]


class _Text(str):
    """A value written as a YAML string."""


class _Word(str):
    """A date or boolean written as the bare word it is, for YAML to read as it reads any."""


class _Flow(list[_Text]):
    """A list written on one line: ``[a, b]``."""


class _CardDumper(yaml.CSafeDumper):
    """PyYAML's safe dumper (its C emitter), told how to write the three kinds of value above."""


def _text(dumper: _CardDumper, value: _Text) -> yaml.ScalarNode:
    # A line break would let PyYAML spread the value over lines: double quotes escape it.
    style = '"' if LINE_BREAK.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


def _word(dumper: _CardDumper, value: _Word) -> yaml.ScalarNode:
    # Tagged with what YAML resolves the word to, so it is written plain, without a tag.
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))  # type: ignore[no-untyped-call]
    return dumper.represent_scalar(tag, str(value))


def _flow(dumper: _CardDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_CardDumper.add_representer(_Text, _text)
_CardDumper.add_representer(_Word, _word)
_CardDumper.add_representer(_Flow, _flow)


def card_text(values: dict[str, str], body: str = "") -> str:
    """Card file text from string values (lists comma-separated), in schema order."""
    metadata: dict[str, object] = {}
    for spec in FIELDS:
        value = values.get(spec.name, "").strip()
        if not value:
            continue
        if spec.name in LIST_FIELDS:
            if split_list(value):  # "; ," holds no item: no key, as for an empty value
                metadata[spec.name] = _Flow(_Text(item) for item in split_list(value))
        elif spec.kind in ("bool", "date") and _BARE.fullmatch(value):
            metadata[spec.name] = _Word(value)
        else:
            metadata[spec.name] = _Text(value)
    post = frontmatter.Post(body.strip() or BODY_PLACEHOLDER)
    post.metadata.update(metadata)
    # No folding of long values; the blank line python-frontmatter puts after the fence is kept.
    return frontmatter.dumps(post, Dumper=_CardDumper, sort_keys=False, width=2**31 - 1) + "\n"


def today() -> str:
    """Today's date as a card date."""
    return dt.date.today().isoformat()


@dataclass
class Outcome:
    """What happened to one proposed card."""

    source: str  # where it came from, e.g. "list.csv:row 4"
    path: str = ""
    written: bool = False
    duplicate_of: str = ""  # the existing card for the same resource
    note: str = ""
    problems: list[Problem] = field(default_factory=list)
    needs: tuple[str, ...] = ()  # a draft: the required fields it still lacks (curator work)


Checked = tuple[Card, list[Problem]]
_WORKER: tuple[Taxonomy, MarkdownConfig] | None = None


def _init_worker(taxonomy: Taxonomy, markdown: MarkdownConfig) -> None:
    global _WORKER
    _WORKER = taxonomy, markdown


def _own_check(item: tuple[str, str]) -> Checked:
    """A card's own check in a worker process."""
    assert _WORKER is not None
    return check_bytes(item[0].encode("utf-8"), item[1], *_WORKER)


def _named_ids(card: Card) -> list[tuple[str, str]]:
    """The (key, id) pairs of the other cards ``card`` names."""
    return [*(("related", r) for r in card.related), *([("replaced_by", card.replaced_by)] if card.replaced_by else [])]


class CardWriter:
    """Validates proposed cards against the library and each other, then writes them."""

    def __init__(self, project: Project, taxonomy: Taxonomy, sync_each: bool = True, jobs: int = 1) -> None:
        self.project = project
        self.sync_each = sync_each  # False for a batch: the caller flushes once, with sync()
        self.markdown = project.markdown()  # one configuration, so one converter for every card
        self._reserved: set[str] = set()
        self.taxonomy = taxonomy
        self.jobs = jobs  # processes checking cards: the library now, a large batch of new ones later
        self.cards: list[Card] = list(load_library(project, taxonomy, jobs=jobs).cards)
        self.by_url = {normalise_url(c.url): c.path for c in self.cards if c.url}
        self.ids = {c.id for c in self.cards}
        # Indexes for the cross-card checks, so each new card is checked against the few cards
        # it could clash with (same id or URL, the ids it names), not the whole library.
        self._by_id: dict[str, list[Card]] = {}
        self._by_key: dict[str, list[Card]] = {}
        #: Cards of the batch being proposed that passed their own checks: a card may name one
        #: that comes later in the batch (an export's related cards name each other both ways).
        self._ahead: dict[str, Card] = {}
        for card in self.cards:
            self._index(card)

    def _index(self, card: Card) -> None:
        self._by_id.setdefault(card.id, []).append(card)
        if card.url:
            self._by_key.setdefault(normalise_url(card.url), []).append(card)

    def _check(self, display: str, text: str, own: Checked | None = None) -> tuple[Card, list[Problem]]:
        """The card ``text`` would be at ``display`` and its problems, the cross-card ones
        (duplicate id or URL, unknown ids) found among the only cards that can cause them: the
        same as checking it against the whole library, in time independent of its size."""
        card, problems = own or check_bytes(text.encode("utf-8"), display, self.taxonomy, self.markdown)
        named = [card.id, *card.related, *([card.replaced_by] if card.replaced_by else [])]
        near = {id(c): c for key in named for c in self._by_id.get(key, [])}
        ahead = [c for key in named[1:] if key not in self.ids and (c := self._ahead.get(key))]
        if card.url:
            near.update({id(c): c for c in self._by_key.get(normalise_url(card.url), [])})
        known = all(key in self.ids or key in self._ahead for key in named[1:])  # no set union: one per row was quadratic
        pool = [*near.values(), *ahead] if known else [*self.cards, *ahead]  # an unknown id: hints come from all
        others = [c for c in pool if c.path != display]
        across = check_across(sorted([*others, card], key=lambda c: c.path), newest=card)
        across = [p for p in across if p.path == display]
        return card, sorted(problems + across)

    def card_for(self, url: str) -> str:
        """The path of the card the resource at ``url`` already has, or ""."""
        return self.by_url.get(normalise_url(url), "") if url else ""

    def free_path(self, folder: Path, card_id: str) -> Path:
        """``folder/card_id.md``, or with -2, -3... when that id is taken."""
        candidate, number = card_id, 2
        while candidate in self.ids or candidate in self._reserved or (folder / f"{candidate}.md").exists():
            candidate = f"{card_id[:76]}-{number}"
            number += 1
        self._reserved.add(candidate)  # so a batch of proposals never shares a path
        return folder / f"{candidate}.md"

    def propose_many(self, proposals: list[tuple[str, Path, str]], skip_duplicates: bool = False) -> list[Outcome]:
        """``propose`` each (source, path, text) in order. A card's own checks do not depend on
        the other cards, so they run first, spread over the writer's processes for a large batch;
        the cross-card checks and the writing stay in order, in this process."""
        items = [(text, self.project.display(path)) for _, path, text in proposals]
        jobs = self.jobs
        if jobs > 1 and len(items) >= PARALLEL_THRESHOLD:
            # Imported here: new and from-issue write one card and never need it.
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(self.taxonomy, self.markdown)) as pool:
                own = list(pool.map(_own_check, items, chunksize=max(1, len(items) // (jobs * 8))))
        else:
            own = [check_bytes(text.encode("utf-8"), display, self.taxonomy, self.markdown) for text, display in items]
        self._ahead = {card.id: card for card, problems in own if not any(p.is_error for p in problems)}
        try:
            outcomes = [self.propose(source, path, text, skip_duplicates, checked)
                        for (source, path, text), checked in zip(proposals, own)]
        finally:
            self._ahead = {}
        self._withdraw_dangling(outcomes, [card for card, _ in own], [path for _, path, _ in proposals])
        return outcomes

    def _withdraw_dangling(self, outcomes: list[Outcome], cards: list[Card], paths: list[Path]) -> None:
        """Take back each card just written that names a card of the batch which was not
        written after all (refused, or a resource the library already had), until none does:
        the library is never left naming a card that does not exist."""
        sources = {card.id: outcome.source for outcome, card in zip(outcomes, cards) if not outcome.written}
        while dangling := [(o, c, p, key, target) for o, c, p in zip(outcomes, cards, paths) if o.written
                           for key, target in _named_ids(c) if target not in self.ids]:
            for outcome, card, path, key, target in dangling:
                if outcome.written:
                    path.unlink(missing_ok=True)
                    outcome.written = False
                    self.ids.discard(card.id)
                    self.cards.remove(card)
                    if card.url and self.by_url.get(normalise_url(card.url)) == outcome.path:
                        del self.by_url[normalise_url(card.url)]
                    sources[card.id] = outcome.source
                line, col = card.positions.get(f"{key}={target}", card.at(key))
                outcome.problems.append(UNKNOWN_CARD.problem(
                    outcome.path, line, col, f"{key} names '{target}', whose entry ({sources.get(target, '?')}) "
                    "was not imported; fix that entry and import again"))

    def sync(self) -> None:
        """Flush the files written to disk (after a batch written with ``sync_each=False``)."""
        if not self.sync_each:
            os.sync()

    def propose(self, source: str, path: Path, text: str, skip_duplicates: bool = False,
                own: Checked | None = None) -> Outcome:
        """Validate ``text`` as the card at ``path`` and write it when clean.

        With ``skip_duplicates``, a resource that already has a card is skipped quietly (so
        re-running an import adds nothing); otherwise it is a ``duplicate-url`` error. ``own`` is
        the card's own check (``check_bytes``) when already made."""
        outcome = Outcome(source, self.project.display(path))
        card, outcome.problems = self._check(outcome.path, text, own)
        if skip_duplicates and card.url and normalise_url(card.url) in self.by_url:
            outcome.duplicate_of = self.by_url[normalise_url(card.url)]
            outcome.problems = []
            return outcome
        if any(p.is_error for p in outcome.problems):
            return outcome
        try:
            fsio.write_new(path, text, sync=self.sync_each)
        except FileExistsError:
            outcome.note = "a file with that name appeared meanwhile; nothing was overwritten"
            return outcome
        outcome.written = True
        self.cards.append(card)
        self.ids.add(card.id)
        self._index(card)
        if card.url:
            self.by_url[normalise_url(card.url)] = outcome.path
        return outcome
