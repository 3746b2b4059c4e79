"""Safe HTTP fetching for link checks: vetting each URL's host and addresses, connecting only to
vetted addresses, following redirects, retrying with backoff, pacing requests to each host and
classifying the final answer; and nothing more. ``links`` chooses the URLs and remembers results;
``pinnedhttp`` makes the connections and ``deadlines`` keeps the time.

Safety. Card URLs are untrusted input. Before any connection the host is checked
(``urls.host_problem``) and resolved, and every address must be one the table in ``addresses``
allows (globally reachable per IANA, not multicast, in no IPv4-in-IPv6 transition range). The
connection then goes to one of those vetted addresses, so a second DNS answer cannot swap in an
internal one (DNS rebinding). Redirects are followed here, one hop at a time, each target vetted the same way. Proxy
settings from the environment are not used. Hosts in ``internal_domains`` are never contacted.

Answers. 2xx is ``ok`` (``moved`` when reached through permanent redirects, with the new
location). 401, 403 and 451 mean the page is there but the checker is not let in: ``ok``, with a
detail. 429, and 503 with Retry-After, are ``try-later`` and never count as failures. 404, 410,
other 4xx, 5xx after retries and network errors after retries are ``failing``.

Time. Each read waits at most ``timeout``; a whole check (connecting, redirects, retries, every
read) at most ``deadline``, after which it is ``failing`` like a timeout. Once the run's own
deadline passes or the run is stopped, checks under way are cut and the rest are not started:
``not-checked``.
"""

from __future__ import annotations

import http.client
import ipaddress
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit

from learnshelf.check.addresses import refusal
from learnshelf.check.urls import host_problem
from learnshelf.tools.deadlines import Clock, Late, Pacer, RunBudget, Watchdog
from learnshelf.tools.pinnedhttp import pinned_connection

if TYPE_CHECKING:  # only for annotations: links imports this module
    from learnshelf.tools.links import LinkPolicy

#: ``resolver(host, port)`` -> the host's addresses as text; ``links.system_resolver`` asks the system.
Resolver = Callable[[str, int], Sequence[str]]
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_HEAD_REFUSED = frozenset({405, 501})
_RESTRICTED = frozenset({401, 403, 451})
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Outcome:
    """What one fetch (with its redirects and retries) found."""

    state: str  # ok, moved, try-later, failing, refused, skipped-internal or not-checked
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


class Checker:
    """Fetches one URL at a time, safely; shared by the worker threads."""

    def __init__(self, policy: LinkPolicy, internal_domains: tuple[str, ...], resolver: Resolver,
                 run: RunBudget | None = None) -> None:
        self.policy = policy
        self.internal = tuple(d.lower().strip(".") for d in internal_domains)
        self.resolver = resolver
        self.pacer = Pacer(policy.host_interval)
        self.tls = ssl.create_default_context()
        self.run = run if run is not None else RunBudget(policy.run_deadline)
        self.watchdog = Watchdog()

    def precheck(self, url: str) -> Outcome | None:
        """Why ``url`` must not be fetched, found without any network use, or None."""
        try:
            parts = urlsplit(url)
            _ = parts.port  # reading it is the check: urllib raises on an invalid port
        except ValueError:
            return Outcome("refused", detail="not a valid URL")
        host = (parts.hostname or "").rstrip(".")
        if parts.scheme.lower() not in _DEFAULT_PORTS or not host:
            return Outcome("refused", detail="not an absolute http(s) URL")
        if "@" in parts.netloc:
            return Outcome("refused", detail="the URL contains credentials")
        if host in self.internal or any(host.endswith("." + d) for d in self.internal):
            return Outcome("skipped-internal", detail=f"'{host}' is an internal host; not checked")
        why = host_problem(host)
        if why and not (self.policy.allow_loopback_for_tests and _is_loopback(host)):
            return Outcome("refused", detail=f"{why}; not contacted")
        return None

    def vet(self, url: str) -> _Target | Outcome:
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
            return Outcome("failing", detail=f"cannot resolve '{host}': {err}")
        if not addresses:
            return Outcome("failing", detail=f"'{host}' has no address")
        for address in addresses:
            why = self.address_refusal(address)
            if why:
                return Outcome("refused", detail=f"'{host}' resolves to {address} ({why}), which is not public; not contacted")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return _Target(scheme, host, port, addresses, quote(target, safe="!$%&'()*+,/:;=?@[]~"))

    def address_refusal(self, text: str) -> str | None:
        """Why connecting to ``text`` could reach inside the network, or None when it cannot."""
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return "not an IP address"
        if self.policy.allow_loopback_for_tests and address.is_loopback:
            return None
        block = refusal(address)
        return f"the {block.name} range, {block.network}" if block else None

    def check(self, url: str) -> Outcome:
        """Fetch ``url`` within its deadline and the run's; a check cut short is still an outcome."""
        clock = Clock(self.run, self.policy.deadline)
        try:
            if clock.over():  # the run ended before this link's turn came
                raise Late
            return self.follow(url, clock)
        except Late:
            if self.run.over():
                return Outcome("not-checked", detail=self.run.why())
            return Outcome("failing", detail=f"no complete answer within the {self.policy.deadline:g} s deadline")

    def follow(self, url: str, clock: Clock) -> Outcome:
        """Fetch ``url``, following at most ``max_redirects`` redirects, each one vetted."""
        current, moved_to, permanent = url, None, True
        for _ in range(self.policy.max_redirects + 1):
            target = self.vet(current)
            if isinstance(target, Outcome):
                return _after_redirect(target, current) if current != url else target
            answer = self.attempts(target, clock)
            if isinstance(answer, Outcome):
                return answer
            if answer.status not in _REDIRECTS or not answer.location:
                return _classify(answer, moved_to)
            try:
                current = urljoin(current, answer.location)
            except ValueError:  # the server's Location is untrusted text too
                return Outcome("failing", answer.status, f"{_phrase(answer.status)} to an invalid URL")
            permanent = permanent and answer.status in _PERMANENT
            moved_to = current if permanent else moved_to
        return Outcome("failing", detail=f"more than {self.policy.max_redirects} redirects")

    def attempts(self, target: _Target, clock: Clock) -> _Answer | Outcome:
        """One request, retried with backoff after network errors and 5xx answers."""
        failure: _Answer | Exception | None = None
        for attempt in range(max(0, self.policy.retries) + 1):
            if attempt:
                pause = self.policy.backoff * 2 ** (attempt - 1)
                if pause >= clock.left() and not self.run.over():
                    break  # no time for another try: report what the last one found
                clock.sleep(pause)  # raises Late when the run is over: fewer tries are no verdict
            try:
                answer = self.head_or_get(target, clock)
            except Late:
                raise
            except ssl.SSLCertVerificationError as err:
                return Outcome("failing", detail=f"TLS certificate problem: {err.verify_message}")
            except (OSError, http.client.HTTPException, ValueError) as err:
                if clock.over():  # e.g. a connect timeout shortened to the time left
                    raise Late from err
                failure = err
                continue
            if answer.status < 500 or _try_later(answer):
                return answer
            failure = answer
        if isinstance(failure, _Answer):
            return failure
        return Outcome("failing", detail=self.describe(failure))

    def head_or_get(self, target: _Target, clock: Clock) -> _Answer:
        """HEAD, or GET when the server refuses HEAD."""
        answer = self.request(target, "HEAD", clock)
        return self.request(target, "GET", clock) if answer.status in _HEAD_REFUSED else answer

    def request(self, target: _Target, method: str, clock: Clock) -> _Answer:
        """One request to a vetted address, cut when ``clock`` runs out; the body is never read."""
        delay = self.pacer.delay(f"{target.host}:{target.port}")
        clock.postpone(delay)
        clock.sleep(delay)
        watch = self.watchdog.watch(clock)
        conn = pinned_connection(target.scheme, target.host, target.port, target.addresses, self.policy.timeout,
                                 watch, self.tls)
        try:
            with watch:  # the watchdog cuts the connection when the clock runs out; Late on leaving
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


def _try_later(answer: _Answer) -> bool:
    return answer.status == 429 or (answer.status == 503 and answer.retry_after is not None)


def _phrase(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _classify(answer: _Answer, moved_to: str | None) -> Outcome:
    """The outcome of the final answer, after any redirects."""
    status, phrase = answer.status, _phrase(answer.status)
    if _try_later(answer):
        wait = f", retry after {answer.retry_after}" if answer.retry_after else ""
        return Outcome("try-later", status, f"{phrase}{wait}", moved_to)
    if status in _REDIRECTS:
        return Outcome("failing", status, f"{phrase} without a Location header", moved_to)
    if status < 400 and moved_to:
        return Outcome("moved", status, f"moved permanently to {moved_to}", moved_to)
    if status < 400:
        return Outcome("ok", status)
    if status in _RESTRICTED:
        return Outcome("ok", status, f"{phrase}: the server is there but does not let the checker in")
    return Outcome("failing", status, phrase + (f" (after a redirect to {moved_to})" if moved_to else ""), moved_to)


def _after_redirect(outcome: Outcome, url: str) -> Outcome:
    return Outcome(outcome.state, outcome.http_status, f"redirected to {url}: {outcome.detail}", outcome.location)
