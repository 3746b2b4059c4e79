"""Link health for card URLs: choosing which published cards' links to check, reusing or
refreshing cached results, and reporting each card's state; and nothing more. The fetching is
``safefetch``'s, the cache file ``linkcache``'s. The CLI chooses the cards, the cache file, the
results file and the policy, then prints ``LinkReport.text()`` or ``LinkReport.to_json()``.

States. ``safefetch`` finds each link ``ok``, ``moved``, ``try-later``, ``failing``, ``refused``
or ``skipped-internal``; a card is ``broken`` after ``failures_before_broken`` consecutive
failed runs. A link the run did not get to before its ``run_deadline`` (or before it was
stopped, e.g. by SIGTERM) is ``not-checked``; the cache keeps its previous result.

Cache. ``cache_path`` maps each normalised URL to its last result and failure streak. A result
younger than ``max_age`` is reused without a request; a failed run counts only when it really
fetched, so the streak measures runs spread over time, not repeated invocations. The file is
saved as results come in, so a run that is killed still keeps what it learned.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from learnshelf.check.urls import normalise_url
from learnshelf.load import fsio
from learnshelf.model.schema import Card
from learnshelf.tools.deadlines import RunBudget, stop_on_signals
from learnshelf.tools.linkcache import CACHED_STATES, CacheEntry, CacheSaver, load_cache, save_cache, utc
from learnshelf.tools.safefetch import Checker, Outcome, Resolver

__all__ = ["PROBLEM_STATES", "STATES", "CacheEntry", "LinkPolicy", "LinkReport", "LinkResult", "Resolver",
           "check_and_save", "check_links", "load_cache", "save_cache", "system_resolver"]

STATES = ("ok", "moved", "try-later", "failing", "broken", "skipped-internal", "refused", "not-checked")
#: States the CLI should treat as problems (exit 1); ``failing`` is a warning until it is broken.
PROBLEM_STATES = frozenset({"broken", "refused"})


@dataclass(frozen=True)
class LinkPolicy:
    """How hard and how often links are checked. The defaults suit the weekly workflow."""

    timeout: float = 10.0  # seconds, for connecting and for each read
    deadline: float = 30.0  # seconds for one link, all in: connecting, redirects, retries and every read
    run_deadline: float = 600.0  # seconds for the whole run; links not reached by then are not-checked
    retries: int = 2  # further attempts after a network error or a 5xx answer
    backoff: float = 1.0  # seconds before the first retry; doubles for each further one
    host_interval: float = 1.0  # minimum seconds between two requests to one host
    max_workers: int = 8
    max_age: timedelta = timedelta(days=7)  # cached results younger than this are reused
    failures_before_broken: int = 3  # consecutive failed runs before a card is broken
    max_redirects: int = 5
    user_agent: str = "Mozilla/5.0 (compatible; learnshelf-links/0.1)"
    #: Exists only so the tests can use a real HTTP server on 127.0.0.1 (the test machine has
    #: no internet): it lets loopback addresses through. Never set it anywhere else.
    allow_loopback_for_tests: bool = False


@dataclass(frozen=True)
class LinkResult:
    """One card's link and what became of it."""

    card_id: str
    path: str
    url: str
    state: str  # one of STATES
    http_status: int | None = None
    detail: str = ""
    location: str | None = None  # where a moved link now lives
    checked_at: str | None = None  # when the result was fetched (it may come from the cache)
    broken_since: str | None = None  # YYYY-MM-DD of the first failure in the current streak


@dataclass
class LinkReport:
    """Every checked card's result, in card path order."""

    results: list[LinkResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many cards are in each state, in ``STATES`` order, leaving out zeros."""
        counted = {s: sum(1 for r in self.results if r.state == s) for s in STATES}
        return {s: n for s, n in counted.items() if n}

    def problems(self) -> list[LinkResult]:
        """Results the CLI should fail on: broken and refused links."""
        return [r for r in self.results if r.state in PROBLEM_STATES]

    def to_json(self) -> str:
        """The results as a JSON list of objects (the weekly workflow and the site read this list)."""
        return json.dumps([asdict(r) for r in self.results], indent=2)

    def text(self) -> str:
        """``path: state url (detail)`` for each card not ``ok``, then the counts."""
        lines = [f"{r.path}: {r.state} {r.url}" + (f" ({r.detail})" if r.detail else "")
                 for r in self.results if r.state != "ok"]
        counts = ", ".join(f"{n} {s}" for s, n in self.counts().items())
        lines.append(f"{len(self.results)} card link(s): {counts or 'none'}")
        return "\n".join(lines)


def check_links(cards: list[Card], cache_path: Path, internal_domains: tuple[str, ...], policy: LinkPolicy,
                now: datetime | None = None, resolver: Resolver | None = None,
                stop: threading.Event | None = None) -> LinkReport:
    """Check the URL of every card that has one and is not a draft; update the cache file as
    results come in. Setting ``stop`` ends the run early, like its deadline: what was learned
    is saved and reported, the rest is ``not-checked``.

    Raises ``OSError`` only when the cache file cannot be written.
    """
    when = utc(now) if now is not None else datetime.now(UTC)
    checker = Checker(policy, internal_domains, resolver or system_resolver, RunBudget(policy.run_deadline, stop))
    chosen = sorted((c for c in cards if c.url and c.status != "draft"), key=lambda c: c.path)
    urls: dict[str, str] = {}  # normalised URL -> the first card's spelling of it
    for chosen_card in chosen:
        urls.setdefault(_key(chosen_card.url or ""), chosen_card.url or "")
    cache = load_cache(cache_path)
    outcomes = {key: early for key, url in urls.items() if (early := checker.precheck(url)) is not None}
    stale = _oldest_first([key for key in urls if key not in outcomes], cache, when, policy.max_age)
    saver = CacheSaver(cache_path, cache)

    def record(key: str, outcome: Outcome) -> None:
        if outcome.state in (*CACHED_STATES, "try-later"):
            cache[key] = _record(cache.get(key), outcome, when)
            saver.changed()
        else:
            outcomes[key] = outcome

    _fetch_all(checker, {key: urls[key] for key in stale}, policy.max_workers, record, saver)
    saver.save()
    return LinkReport([_result(card, outcomes, cache, policy) for card in chosen])


def check_and_save(cards: list[Card], cache_path: Path, internal_domains: tuple[str, ...], policy: LinkPolicy,
                   results: Path) -> LinkReport:
    """``check_links``, then the report written atomically to ``results`` (for ``report`` and the
    card pages). The first SIGTERM or Ctrl-C stops the checks early: what was learned is still
    saved and reported. Raises ``OSError`` when the cache or the results cannot be written."""
    stop = threading.Event()
    with stop_on_signals(stop):
        report = check_links(cards, cache_path, internal_domains, policy, stop=stop)
    results.parent.mkdir(parents=True, exist_ok=True)
    fsio.replace_atomically(results, report.to_json())
    return report


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _key(url: str) -> str:
    """The cache key: the normalised URL, or the URL itself when it cannot even be parsed."""
    try:
        return normalise_url(url)
    except ValueError:  # e.g. an unclosed '[' in the host; precheck refuses such a URL
        return url


def _fetch_all(checker: Checker, urls: dict[str, str], workers: int, record: Callable[[str, Outcome], None],
               saver: CacheSaver) -> None:
    """Check ``urls`` concurrently, passing each outcome to ``record`` as soon as it is known."""
    if not urls:
        return
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="learnshelf-links") as pool:
        pending: dict[Future[Outcome], str] = {pool.submit(checker.check, url): key for key, url in urls.items()}
        try:
            while pending:
                # Wake up now and then even without a result, so a quiet spell still saves.
                done, _ = wait(pending, timeout=saver.interval, return_when=FIRST_COMPLETED)
                for future in done:
                    record(pending.pop(future), future.result())
                saver.save_if_due()
        finally:
            if pending:  # e.g. the cache cannot be written: end the checks under way, start no more
                checker.run.stop()
                pool.shutdown(cancel_futures=True)


def _oldest_first(keys: list[str], cache: dict[str, CacheEntry], when: datetime, max_age: timedelta) -> list[str]:
    """The keys whose cached result is missing or too old: never checked first, then the longest
    unchecked, so that a run cut short leaves other links unchecked next time, not the same ones."""
    stale = [key for key in keys if not _fresh(cache.get(key), when, max_age)]
    return sorted(stale, key=lambda key: (key in cache, cache[key].checked_at if key in cache else when))


def _fresh(entry: CacheEntry | None, when: datetime, max_age: timedelta) -> bool:
    return entry is not None and entry.status in CACHED_STATES and timedelta(0) <= when - entry.checked_at < max_age


def _record(previous: CacheEntry | None, outcome: Outcome, when: datetime) -> CacheEntry:
    """The cache entry after a fetch: failures extend the streak, try-later leaves it alone."""
    streak = previous.consecutive_failures if previous else 0
    since = previous.first_failure_at if previous and streak else None
    if outcome.state == "failing":
        streak, since = streak + 1, since or when
    elif outcome.state != "try-later":
        streak, since = 0, None
    return CacheEntry(when, outcome.state, outcome.http_status, streak, since, outcome.location, outcome.detail)


def _result(card: Card, outcomes: dict[str, Outcome], cache: dict[str, CacheEntry], policy: LinkPolicy) -> LinkResult:
    url = card.url or ""
    key = _key(url)
    outcome = outcomes.get(key)
    if outcome is not None:
        detail = outcome.detail
        if outcome.state == "not-checked" and key in cache:  # what the curator knew before this run
            detail += f"; last result: {cache[key].status} on {cache[key].checked_at.date().isoformat()}"
        return LinkResult(card.id, card.path, url, outcome.state, outcome.http_status, detail, outcome.location)
    entry = cache[key]
    broken = entry.consecutive_failures >= policy.failures_before_broken
    since = entry.first_failure_at.date().isoformat() if entry.first_failure_at else None
    detail = entry.detail
    if entry.consecutive_failures:
        detail += f"; {entry.consecutive_failures} failed run(s) in a row since {since}"
    state = "broken" if broken and entry.status == "failing" else entry.status
    return LinkResult(card.id, card.path, url, state, entry.http_status, detail, entry.location,
                      entry.checked_at.isoformat(timespec="seconds"), since if broken else None)
