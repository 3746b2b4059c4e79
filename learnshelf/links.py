"""Link health for card URLs: fetching each published card's link safely, classifying the answer,
and remembering results across runs; and nothing more. The CLI chooses the cards, the cache
file and the policy, then prints ``LinkReport.text()`` or ``LinkReport.to_json()``.

Safety. Card URLs are untrusted input. Before any connection the host is checked
(``urls.host_problem``) and resolved, and every address must be public (``is_global``, not
multicast, no private IPv4 address embedded in an IPv6 one). The connection then goes to one of
those vetted addresses, so a second DNS answer cannot swap in an internal one (DNS rebinding).
Redirects are followed here, one hop at a time, each target vetted the same way. Proxy
settings from the environment are not used. Hosts in ``internal_domains`` are never contacted.

Answers. 2xx is ``ok`` (``moved`` when reached through permanent redirects, with the new
location). 401, 403 and 451 mean the page is there but the checker is not let in: ``ok``, with a
detail. 429, and 503 with Retry-After, are ``try-later`` and never count as failures. 404, 410,
other 4xx, 5xx after retries and network errors after retries are failures; a card is
``broken`` after ``failures_before_broken`` consecutive failed runs.

Cache. ``cache_path`` maps each normalised URL to its last result and failure streak. A result
younger than ``max_age`` is reused without a request; a failed run counts only when it really
fetched, so the streak measures runs spread over time, not repeated invocations.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import json
import os
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from learnshelf.schema import Card
from learnshelf.urls import host_problem, normalise_url

#: ``resolver(host, port)`` -> the host's addresses as text; the default asks the system.
Resolver = Callable[[str, int], Sequence[str]]
STATES = ("ok", "moved", "try-later", "failing", "broken", "skipped-internal", "refused")
#: States the CLI should treat as problems (exit 1); ``failing`` is a warning until it is broken.
PROBLEM_STATES = frozenset({"broken", "refused"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_HEAD_REFUSED = frozenset({405, 501})
_RESTRICTED = frozenset({401, 403, 451})
_CACHED = frozenset({"ok", "moved", "failing"})  # try-later is always asked again
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class LinkPolicy:
    """How hard and how often links are checked. The defaults suit the weekly workflow."""

    timeout: float = 10.0  # seconds, for connecting and for each read
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


@dataclass(frozen=True)
class CacheEntry:
    """The last fetched result for one normalised URL, and its failure streak."""

    checked_at: datetime
    status: str  # ok, moved, failing or try-later
    http_status: int | None
    consecutive_failures: int
    first_failure_at: datetime | None
    location: str | None
    detail: str = ""


@dataclass(frozen=True)
class _Outcome:
    """What one fetch (with its redirects and retries) found."""

    state: str  # ok, moved, try-later, failing, refused or skipped-internal
    http_status: int | None = None
    detail: str = ""
    location: str | None = None


@dataclass(frozen=True)
class _Answer:
    """One HTTP response, reduced to what classification needs."""

    status: int
    location: str | None
    retry_after: str | None


@dataclass(frozen=True)
class _Target:
    """A URL whose host has been vetted, with the addresses it may be reached at."""

    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]
    request_path: str


def check_links(cards: list[Card], cache_path: Path, internal_domains: tuple[str, ...], policy: LinkPolicy,
                now: datetime | None = None, resolver: Resolver | None = None) -> LinkReport:
    """Check the URL of every card that has one and is not a draft; update the cache file.

    Raises ``OSError`` only when the cache file cannot be written.
    """
    when = _utc(now) if now is not None else datetime.now(timezone.utc)
    checker = _Checker(policy, internal_domains, resolver or system_resolver)
    chosen = sorted((c for c in cards if c.url and c.status != "draft"), key=lambda c: c.path)
    urls: dict[str, str] = {}  # normalised URL -> the first card's spelling of it
    for chosen_card in chosen:
        urls.setdefault(_key(chosen_card.url or ""), chosen_card.url or "")
    cache = load_cache(cache_path)
    outcomes = {key: early for key, url in urls.items() if (early := checker.precheck(url)) is not None}
    to_fetch = {key: url for key, url in urls.items()
                if key not in outcomes and not _fresh(cache.get(key), when, policy.max_age)}
    for key, outcome in _fetch_all(checker, to_fetch, policy.max_workers).items():
        if outcome.state in (*_CACHED, "try-later"):
            cache[key] = _record(cache.get(key), outcome, when)
        else:
            outcomes[key] = outcome
    save_cache(cache_path, cache)
    return LinkReport([_result(card, outcomes, cache, policy) for card in chosen])


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


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _fetch_all(checker: _Checker, urls: dict[str, str], workers: int) -> dict[str, _Outcome]:
    if not urls:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="learnshelf-links") as pool:
        futures = {key: pool.submit(checker.check, url) for key, url in urls.items()}
        return {key: future.result() for key, future in futures.items()}


def _fresh(entry: CacheEntry | None, when: datetime, max_age: timedelta) -> bool:
    return entry is not None and entry.status in _CACHED and timedelta(0) <= when - entry.checked_at < max_age


def _record(previous: CacheEntry | None, outcome: _Outcome, when: datetime) -> CacheEntry:
    """The cache entry after a fetch: failures extend the streak, try-later leaves it alone."""
    streak = previous.consecutive_failures if previous else 0
    since = previous.first_failure_at if previous and streak else None
    if outcome.state == "failing":
        streak, since = streak + 1, since or when
    elif outcome.state != "try-later":
        streak, since = 0, None
    return CacheEntry(when, outcome.state, outcome.http_status, streak, since, outcome.location, outcome.detail)


def _result(card: Card, outcomes: dict[str, _Outcome], cache: dict[str, CacheEntry], policy: LinkPolicy) -> LinkResult:
    url = card.url or ""
    key = _key(url)
    outcome = outcomes.get(key)
    if outcome is not None:
        return LinkResult(card.id, card.path, url, outcome.state, outcome.http_status, outcome.detail, outcome.location)
    entry = cache[key]
    broken = entry.consecutive_failures >= policy.failures_before_broken
    since = entry.first_failure_at.date().isoformat() if entry.first_failure_at else None
    detail = entry.detail
    if entry.consecutive_failures:
        detail += f"; {entry.consecutive_failures} failed run(s) in a row since {since}"
    state = "broken" if broken and entry.status == "failing" else entry.status
    return LinkResult(card.id, card.path, url, state, entry.http_status, detail, entry.location,
                      entry.checked_at.isoformat(timespec="seconds"), since if broken else None)


class _Pacer:
    """Spaces requests to one host at least ``interval`` seconds apart, across threads."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.next_slot: dict[str, float] = {}

    def wait(self, host: str) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot.get(host, now))
            self.next_slot[host] = slot + self.interval
        time.sleep(slot - now)


class _Checker:
    """Fetches one URL at a time, safely; shared by the worker threads."""

    def __init__(self, policy: LinkPolicy, internal_domains: tuple[str, ...], resolver: Resolver) -> None:
        self.policy = policy
        self.internal = tuple(d.lower().strip(".") for d in internal_domains)
        self.resolver = resolver
        self.pacer = _Pacer(policy.host_interval)
        self.tls = ssl.create_default_context()

    def precheck(self, url: str) -> _Outcome | None:
        """Why ``url`` must not be fetched, found without any network use, or None."""
        try:
            parts = urlsplit(url)
            parts.port
        except ValueError:
            return _Outcome("refused", detail="not a valid URL")
        host = (parts.hostname or "").rstrip(".")
        if parts.scheme.lower() not in _DEFAULT_PORTS or not host:
            return _Outcome("refused", detail="not an absolute http(s) URL")
        if "@" in parts.netloc:
            return _Outcome("refused", detail="the URL contains credentials")
        if host in self.internal or any(host.endswith("." + d) for d in self.internal):
            return _Outcome("skipped-internal", detail=f"'{host}' is an internal host; not checked")
        why = host_problem(host)
        if why and not (self.policy.allow_loopback_for_tests and _is_loopback(host)):
            return _Outcome("refused", detail=f"{why}; not contacted")
        return None

    def vet(self, url: str) -> _Target | _Outcome:
        """``url`` ready to fetch, or why it must not or cannot be."""
        early = self.precheck(url)
        if early is not None:
            return early
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
        port = parts.port or _DEFAULT_PORTS[scheme]
        try:
            addresses = tuple(self.resolver(host, port))
        except (OSError, ValueError) as err:
            return _Outcome("failing", detail=f"cannot resolve '{host}': {err}")
        if not addresses:
            return _Outcome("failing", detail=f"'{host}' has no address")
        for address in addresses:
            if not self.address_allowed(address):
                return _Outcome("refused", detail=f"'{host}' resolves to {address}, which is not public; not contacted")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return _Target(scheme, host, port, addresses, quote(target, safe="!$%&'()*+,/:;=?@[]~"))

    def address_allowed(self, text: str) -> bool:
        """True when connecting to ``text`` cannot reach inside the network."""
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return False
        if self.policy.allow_loopback_for_tests and address.is_loopback:
            return True
        return all(a.is_global and not a.is_multicast for a in _with_embedded(address))

    def check(self, url: str) -> _Outcome:
        """Fetch ``url``, following at most ``max_redirects`` redirects, each one vetted."""
        current, moved_to, permanent = url, None, True
        for _ in range(self.policy.max_redirects + 1):
            target = self.vet(current)
            if isinstance(target, _Outcome):
                return _after_redirect(target, current) if current != url else target
            answer = self.attempts(target)
            if isinstance(answer, _Outcome):
                return answer
            if answer.status not in _REDIRECTS or not answer.location:
                return _classify(answer, moved_to)
            try:
                current = urljoin(current, answer.location)
            except ValueError:  # the server's Location is untrusted text too
                return _Outcome("failing", answer.status, f"{_phrase(answer.status)} to an invalid URL")
            permanent = permanent and answer.status in _PERMANENT
            moved_to = current if permanent else moved_to
        return _Outcome("failing", detail=f"more than {self.policy.max_redirects} redirects")

    def attempts(self, target: _Target) -> _Answer | _Outcome:
        """One request, retried with backoff after network errors and 5xx answers."""
        failure: _Answer | Exception | None = None
        for attempt in range(max(0, self.policy.retries) + 1):
            if attempt:
                time.sleep(self.policy.backoff * 2 ** (attempt - 1))
            try:
                answer = self.head_or_get(target)
            except ssl.SSLCertVerificationError as err:
                return _Outcome("failing", detail=f"TLS certificate problem: {err.verify_message}")
            except (OSError, http.client.HTTPException, ValueError) as err:
                failure = err
                continue
            if answer.status < 500 or _try_later(answer):
                return answer
            failure = answer
        if isinstance(failure, _Answer):
            return failure
        return _Outcome("failing", detail=self.describe(failure))

    def head_or_get(self, target: _Target) -> _Answer:
        """HEAD, or GET when the server refuses HEAD."""
        answer = self.request(target, "HEAD")
        return self.request(target, "GET") if answer.status in _HEAD_REFUSED else answer

    def request(self, target: _Target, method: str) -> _Answer:
        """One request to a vetted address; the body is never read."""
        self.pacer.wait(f"{target.host}:{target.port}")
        conn: http.client.HTTPConnection = (
            _PinnedHTTPS(target, self.policy.timeout, self.tls) if target.scheme == "https"
            else _PinnedHTTP(target, self.policy.timeout))
        try:
            conn.request(method, target.request_path,
                         headers={"User-Agent": self.policy.user_agent, "Accept": "*/*", "Connection": "close"})
            response = conn.getresponse()
            return _Answer(response.status, response.getheader("Location"), response.getheader("Retry-After"))
        finally:
            conn.close()

    def describe(self, error: Exception | None) -> str:
        """A network error in words a curator can act on."""
        if isinstance(error, TimeoutError):
            return f"no answer within {self.policy.timeout:g} s"
        if isinstance(error, http.client.RemoteDisconnected):
            return "the server closed the connection without answering"
        if isinstance(error, ConnectionError):
            return "the connection was refused" if isinstance(error, ConnectionRefusedError) else "the connection was reset"
        return f"{type(error).__name__}: {error}"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _with_embedded(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """``address`` and any IPv4 address it carries (mapped, 6to4, NAT64), which is where it leads."""
    if isinstance(address, ipaddress.IPv4Address):
        return [address]
    found: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [address]
    found += [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address in _NAT64:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _try_later(answer: _Answer) -> bool:
    return answer.status == 429 or (answer.status == 503 and answer.retry_after is not None)


def _phrase(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _classify(answer: _Answer, moved_to: str | None) -> _Outcome:
    """The outcome of the final answer, after any redirects."""
    status, phrase = answer.status, _phrase(answer.status)
    if _try_later(answer):
        wait = f", retry after {answer.retry_after}" if answer.retry_after else ""
        return _Outcome("try-later", status, f"{phrase}{wait}", moved_to)
    if status in _REDIRECTS:
        return _Outcome("failing", status, f"{phrase} without a Location header", moved_to)
    if status < 400 and moved_to:
        return _Outcome("moved", status, f"moved permanently to {moved_to}", moved_to)
    if status < 400:
        return _Outcome("ok", status)
    if status in _RESTRICTED:
        return _Outcome("ok", status, f"{phrase}: the server is there but does not let the checker in")
    return _Outcome("failing", status, phrase + (f" (after a redirect to {moved_to})" if moved_to else ""), moved_to)


def _after_redirect(outcome: _Outcome, url: str) -> _Outcome:
    return _Outcome(outcome.state, outcome.http_status, f"redirected to {url}: {outcome.detail}", outcome.location)


def _connect(addresses: tuple[str, ...], port: int, timeout: float | None) -> socket.socket:
    """A connection to the first vetted address that answers."""
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as err:
            error = err
    raise error


class _PinnedHTTP(http.client.HTTPConnection):
    """Plain HTTP to vetted addresses only, whatever DNS answers now."""

    def __init__(self, target: _Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.addresses = target.addresses

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to vetted addresses only; the certificate is checked against the host name."""

    def __init__(self, target: _Target, timeout: float, tls: ssl.SSLContext) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=tls)
        self.addresses = target.addresses
        self.tls = tls

    def connect(self) -> None:
        raw = _connect(self.addresses, self.port, self.timeout)
        try:
            self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise


def load_cache(path: Path) -> dict[str, CacheEntry]:
    """The cache file's entries; a missing or damaged file (or entry) only costs fresh checks."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    entries = {key: _entry_from_json(value) for key, value in raw.items()}
    return {key: entry for key, entry in entries.items() if entry is not None}


def _entry_from_json(value: Any) -> CacheEntry | None:
    try:
        first = value["first_failure_at"]
        entry = CacheEntry(_utc(datetime.fromisoformat(value["checked_at"])), str(value["status"]),
                           value["http_status"], int(value["consecutive_failures"]),
                           _utc(datetime.fromisoformat(first)) if first else None, value["location"],
                           str(value.get("detail", "")))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    fields_ok = isinstance(entry.http_status, int | None) and isinstance(entry.location, str | None)
    known = entry.status in (*_CACHED, "try-later") and entry.consecutive_failures >= 0
    return entry if fields_ok and known else None


def save_cache(path: Path, entries: dict[str, CacheEntry]) -> None:
    """Write the cache atomically: a temporary file in the same folder, then ``os.replace``."""
    data = {key: {"checked_at": e.checked_at.isoformat(timespec="seconds"), "status": e.status,
                  "http_status": e.http_status, "consecutive_failures": e.consecutive_failures,
                  "first_failure_at": e.first_failure_at.isoformat(timespec="seconds") if e.first_failure_at else None,
                  "location": e.location, "detail": e.detail}
            for key, e in sorted(entries.items())}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data, indent=2) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
