"""The library: finding the project and its card files, and loading every card with its problems.

This is the one entry point the CLI, the MkDocs plugin and the page generator share:
``load_library`` returns every card (valid or not, each with its body) and every problem,
never raising for anything a contributor wrote. With a validation cache the result is the same,
only cheaper: a card whose bytes are unchanged is answered from its stored result.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from learnshelf.check.cache import ValidationCache, entry_member
from learnshelf.check.crosscheck import check_across
from learnshelf.check.fields import check_card
from learnshelf.load import fsio
from learnshelf.load.cardfile import MAX_CARD_BYTES, parse_card, too_large
from learnshelf.load.docstree import DocsScan, not_a_file_problem, scan_docs, symlink_problem
from learnshelf.load.pathways import Pathway, load_pathways
from learnshelf.load.project import Project
from learnshelf.load.siteconfig import MarkdownConfig
from learnshelf.load.taxonomy import Taxonomy
from learnshelf.model import problems as P
from learnshelf.model.schema import Card

# The body checks (Python-Markdown, its extensions, the HTML parser) are imported where they run:
# a validation answered from the cache needs none of them (they are most of its imports).


#: Below this many cards to check, worker processes cost more than they save.
PARALLEL_THRESHOLD = 400


@dataclass
class Library:
    """Every card found, in path order, and every problem found while loading them."""

    cards: list[Card] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)
    result: P.Result = field(default_factory=P.Result)

    def published(self) -> list[Card]:
        """Valid cards that are not drafts."""
        return [c for c in self.cards if c.valid and c.status != "draft"]


def discover(project: Project, folder: Path) -> tuple[list[Path], list[P.Problem]]:
    """Card files under any ``folder`` (sorted), and problems with files that cannot be cards."""
    scan = scan_docs(folder, folder, project.display)
    return [Path(path) for path in scan.cards.values()], scan.problems


def load_card(project: Project, path: Path, taxonomy: Taxonomy) -> tuple[Card, list[P.Problem]]:
    """Read, parse and check one card file."""
    return check_files({project.display(path): str(path)}, taxonomy, markdown=project.markdown())[0]


def check_bytes(data: bytes, display: str, taxonomy: Taxonomy,
                markdown: MarkdownConfig | None = None) -> tuple[Card, list[P.Problem]]:
    """Parse and check one card's content; ``display`` is the path shown in messages. The body
    is rendered with ``markdown`` (the site's configuration; MkDocs' builtins when None)."""
    from learnshelf.check.body import check_body, check_limits, check_rendered
    from learnshelf.check.privacy import check_personal_data

    card_file = parse_card(data, display)
    card, problems = check_card(card_file, taxonomy)
    problems = card_file.problems + problems + check_personal_data(card, taxonomy)
    if card_file.front is not None:
        lines = check_body(card_file.body, card_file.body_line, display)
        limits = check_limits(card_file.body, card_file.body_line, display)
        problems += lines + limits
        if not limits:  # rendering is bounded only within the limits
            problems += check_rendered(card_file.body, card_file.body_line, display,
                                       markdown or MarkdownConfig(), frozenset(p.line for p in lines))
    card.valid = card.valid and not any(p.is_error for p in problems)
    return card, problems


def check_candidate(cards: list[Card], taxonomy: Taxonomy, display: str, text: str,
                    markdown: MarkdownConfig | None = None) -> tuple[Card, list[P.Problem]]:
    """The card ``text`` would be at ``display``, and its problems, checked against ``cards``
    (so duplicate ids and URLs count; the candidate is the one flagged), writing nothing."""
    card, problems = check_bytes(text.encode("utf-8"), display, taxonomy, markdown)
    others = [c for c in cards if c.path != display]
    across = check_across(sorted([*others, card], key=lambda c: c.path), newest=card)
    return card, sorted(problems + [p for p in across if p.path == display])


def check_text(project: Project, taxonomy: Taxonomy, path: Path, text: str) -> list[P.Problem]:
    """Problems that ``text`` would have as the card at ``path``, against the whole library."""
    return check_candidate(load_library(project, taxonomy).cards, taxonomy, project.display(path), text,
                           project.markdown())[1]


_WORKER_TAXONOMY: Taxonomy | None = None
_WORKER_MARKDOWN: MarkdownConfig | None = None
Checked = tuple[Card, list[P.Problem], bytes]  # card, problems, cache entry (b"" when not to be cached)


def _init_worker(taxonomy: Taxonomy, markdown: MarkdownConfig | None) -> None:
    global _WORKER_TAXONOMY, _WORKER_MARKDOWN
    _WORKER_TAXONOMY, _WORKER_MARKDOWN = taxonomy, markdown
    gc.disable()  # see _without_gc; the worker lives for one run


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while cards are checked: checking allocates many
    small, acyclic objects (freed by reference counting anyway), and the collector's repeated
    passes over the growing set of results cost ~30% of the time (measured at 10,000 cards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_path(item: tuple[str, str, bool], taxonomy: Taxonomy | None = None,
                markdown: MarkdownConfig | None = None) -> Checked:
    """Read and check one card file, and make its cache entry when asked (in a worker
    process, or in this one)."""
    display, path, cached = item
    taxonomy, markdown = taxonomy or _WORKER_TAXONOMY, markdown or _WORKER_MARKDOWN
    assert taxonomy is not None
    try:
        data, st = fsio.read_regular(path, MAX_CARD_BYTES)
    except (OSError, fsio.Refused) as err:
        return Card(Path(path).stem, display, valid=False), [_unread(display, err)], b""
    card, problems = check_bytes(data, display, taxonomy, markdown)
    if not cached:
        return card, problems, b""
    return card, problems, entry_member(display, st, hashlib.sha256(data).hexdigest(), card, problems)


def _unread(display: str, err: OSError | fsio.Refused) -> P.Problem:
    """Why a card file was not read: the same problems the docs/ scan reports for such files."""
    if isinstance(err, OSError):
        return fsio.UNREADABLE.problem(display, 1, 1, f"the file cannot be read: {err.strerror}")
    if err.kind == fsio.SYMLINK.id:
        return symlink_problem(display)
    if err.kind == fsio.NOT_A_FILE.id:
        return not_a_file_problem(display)
    return too_large(display, err.size)


def check_files(paths: dict[str, str], taxonomy: Taxonomy, cache: ValidationCache | None = None,
                jobs: int = 1, stats: dict[str, os.stat_result] | None = None,
                markdown: MarkdownConfig | None = None) -> list[tuple[Card, list[P.Problem]]]:
    """Check card files (display path -> file) in display order, reusing cached results and
    spreading the rest over ``jobs`` worker processes."""
    results: dict[str, tuple[Card, list[P.Problem]]] = {}
    todo: list[tuple[str, str, bool]] = []
    for display, path in paths.items():
        hit = _cached(cache, display, path, (stats or {}).get(display)) if cache else None
        if hit:
            results[display] = hit
        else:
            todo.append((display, path, cache is not None))
    with _without_gc():
        if jobs > 1 and len(todo) >= PARALLEL_THRESHOLD:
            # Imported here: a run answered from the cache never needs it (~20 ms of start-up).
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(taxonomy, markdown))
            try:
                checked = list(pool.map(_check_path, todo, chunksize=max(1, len(todo) // (jobs * 8))))
            finally:  # wait for the workers: a pool left to exit in the background races the
                # interpreter's own exit and can print "Exception ignored ... Bad file descriptor"
                # (seen under load); waiting costs ~45 ms of a cold run
                pool.shutdown(wait=True, cancel_futures=True)
        else:
            checked = [_check_path(item, taxonomy, markdown) for item in todo]
    for (display, _, _), (card, problems, entry) in zip(todo, checked):
        results[display] = (card, problems)
        if cache and entry:
            cache.store(display, entry)
    return [results[d] for d in sorted(results)]


def _cached(cache: ValidationCache, display: str, path: str,
            st: os.stat_result | None) -> tuple[Card, list[P.Problem]] | None:
    """The stored result for a card file whose bytes are those it was checked from: known from
    its stat when that is unchanged, else by reading and hashing it (after a checkout)."""
    try:
        hit = cache.by_stat(display, st or os.lstat(path))  # a link's own stat: it is never read
        if hit is None and cache.known(display):
            data, st = fsio.read_regular(path, MAX_CARD_BYTES)
            hit = cache.by_content(display, st, hashlib.sha256(data).hexdigest())
        return hit
    except (OSError, fsio.Refused):  # checked, and so reported, as a file that cannot be a card
        return None


def _stats(files: dict[str, str]) -> dict[str, os.stat_result] | None:
    """Every file's stat, taken once per run; None when a file vanished meanwhile."""
    try:
        return {display: os.lstat(path) for display, path in files.items()}
    except OSError:
        return None


def load_library(project: Project, taxonomy: Taxonomy, extra: list[Path] | None = None,
                 cache: ValidationCache | None = None, jobs: int = 1) -> Library:
    """Load every card under the project's resources folder, plus ``extra`` card files, each
    with its body, with every problem; a ``cache`` spares checking cards whose bytes it knows."""
    with _without_gc():  # ~10,000 stat results and paths, all kept: nothing for the collector
        scan = scan_docs(project.docs, project.resources, project.display) if project.docs.is_dir() else DocsScan()
        by_display = {**scan.cards, **{project.display(path): str(path) for path in extra or []}}
        stats = _stats(by_display) if cache else None
    problems = scan.problems
    library = Library()
    for card, card_problems in check_files(by_display, taxonomy, cache, jobs, stats, project.markdown()):
        library.cards.append(card)
        library.result.checked.append(card.path)
        problems += card_problems
    if cache:
        cache.save()
    with _without_gc():
        problems += check_across(library.cards)
    statuses = {c.id: c.status for c in library.cards}
    library.pathways, pathway_problems = load_pathways(project.curation, project.display(project.curation),
                                                       taxonomy, statuses)
    library.result.problems = problems + pathway_problems
    invalid = {p.path for p in problems if p.is_error}
    for card in library.cards:
        card.valid = card.valid and card.path not in invalid
    return library
