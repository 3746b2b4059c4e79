"""Link health (``learnshelf.tools.links``) against a real HTTP server on 127.0.0.1: every state, retries,
the cache, broken only after N failed runs, the safety rules (nothing private is contacted), and
time: a server that never finishes answering, the run's deadline, a run stopped or killed.

The server is on loopback, which the checker refuses, so most tests set the test-only flag
``allow_loopback_for_tests``; the safety tests leave it off and prove no request arrived.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from learnshelf.model.schema import Card
from learnshelf.tools.links import LinkPolicy, LinkReport, check_links, load_cache

FAST = LinkPolicy(timeout=0.3, retries=2, backoff=0.01, host_interval=0.0, max_workers=16,
                  allow_loopback_for_tests=True)
SAFE = replace(FAST, allow_loopback_for_tests=False)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=8)  # beyond the cache's 7-day max age: a new run really fetches


class Server(ThreadingHTTPServer):
    """Test server that remembers every request and whose /switch answer tests can change."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the checker connects many at once; a full backlog drops them

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str, str]] = []  # (method, path, Host header)
        self.hits: dict[str, int] = {}
        self.switch = 200
        self.lock = threading.Lock()
        self.closing = threading.Event()  # ends the /drip answers still going

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the slow and reset routes end in broken pipes on purpose


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_HEAD(self) -> None:
        self.route()

    def do_GET(self) -> None:
        self.route()

    def route(self) -> None:
        with self.server.lock:
            self.server.requests.append((self.command, self.path, self.headers.get("Host", "")))
            hits = self.server.hits[self.path] = self.server.hits.get(self.path, 0) + 1
        path = self.path
        if path == "/slow":
            time.sleep(1.0)
        if path == "/drip":  # a status line, then a header that never ends: one byte every 0.3 s
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
            while not self.server.closing.wait(0.3):
                self.wfile.write(b".")
            return
        if path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        status, headers = ROUTES.get(path, (404, {}))
        if path == "/flaky":
            status = 500 if hits == 1 else 200
        if path == "/head-refused" and self.command == "HEAD":
            status, headers = 405, {"Allow": "GET"}
        if path == "/switch":
            status = self.server.switch
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


ROUTES: dict[str, tuple[int, dict[str, str]]] = {
    "/ok": (200, {}), "/slow": (200, {}), "/flaky": (200, {}), "/head-refused": (200, {}),
    "/moved": (301, {"Location": "/ok"}), "/found": (302, {"Location": "/ok"}),
    "/missing": (404, {}), "/gone": (410, {}), "/error": (500, {}), "/restricted": (403, {}),
    "/busy": (429, {"Retry-After": "120"}), "/unavailable": (503, {"Retry-After": "60"}),
    "/loop": (302, {"Location": "/loop"}), "/bad-location": (301, {"Location": "http://[oops/"}),
    "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}),
    "/to-named-private": (301, {"Location": "http://files.example.org/report"}),
    "/to-internal": (302, {"Location": "https://wiki.corp.example/page"}),
}


@contextlib.contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    srv = Server()
    if tls is not None:
        srv.socket = tls.wrap_socket(srv.socket, server_side=True)
    thread = threading.Thread(target=srv.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.closing.set()
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with serving() as srv:
        yield srv


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate (and key, in one file) for docs.example.org."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=docs.example.org",
                    "-addext", "subjectAltName=DNS:docs.example.org",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True, timeout=30)
    both = folder / "both.pem"
    both.write_text((folder / "cert.pem").read_text() + (folder / "key.pem").read_text())
    return both


def card(url: str, name: str = "", status: str = "published") -> Card:
    name = name or url.rstrip("/").rsplit("/", 1)[-1]
    return Card(id=name, path=f"docs/resources/{name}.md", url=url, status=status)


def resolver(mapping: dict[str, list[str]], calls: list[str] | None = None) -> Callable[[str, int], Sequence[str]]:
    """A resolver that never asks DNS: names in ``mapping``, IP literals as themselves."""
    def resolve(host: str, port: int) -> Sequence[str]:
        if calls is not None:
            calls.append(host)
        return mapping.get(host, [host])
    return resolve


def states(report: LinkReport) -> dict[str, str]:
    return {r.card_id: r.state for r in report.results}


def run(cards: list[Card], cache: Path, when: datetime = T0, policy: LinkPolicy = FAST,
        internal: tuple[str, ...] = (), resolve: Callable[[str, int], Sequence[str]] | None = None) -> LinkReport:
    return check_links(cards, cache, internal, policy, now=when, resolver=resolve)


def test_every_answer_gets_its_state(server: Server, tmp_path: Path) -> None:
    routes = ["ok", "moved", "found", "missing", "gone", "busy", "unavailable", "error", "flaky",
              "slow", "reset", "head-refused", "restricted", "loop", "bad-location"]
    started = time.monotonic()
    report = run([card(f"{server.base}/{r}") for r in routes], tmp_path / "links.json")
    assert time.monotonic() - started < 5  # concurrent, tiny timeouts and backoff
    assert {r.card_id: (r.state, r.http_status) for r in report.results} == {
        "ok": ("ok", 200), "moved": ("moved", 200), "found": ("ok", 200), "missing": ("failing", 404),
        "gone": ("failing", 410), "busy": ("try-later", 429), "unavailable": ("try-later", 503),
        "error": ("failing", 500), "flaky": ("ok", 200), "slow": ("failing", None),
        "reset": ("failing", None), "head-refused": ("ok", 200), "restricted": ("ok", 403),
        "loop": ("failing", None), "bad-location": ("failing", 301)}
    by_id = {r.card_id: r for r in report.results}
    assert by_id["moved"].location == f"{server.base}/ok"
    assert by_id["found"].location is None
    assert by_id["gone"].detail.startswith("HTTP 410 Gone")
    assert by_id["busy"].detail.startswith("HTTP 429 Too Many Requests, retry after 120")
    assert by_id["slow"].detail.startswith("no answer within 0.3 s")
    assert by_id["loop"].detail.startswith("more than 5 redirects")
    assert server.hits["/flaky"] == 2 and server.hits["/error"] == 3  # retried after 5xx
    assert server.hits["/missing"] == 1 and server.hits["/busy"] == 1  # 404 and 429: no retry
    assert [m for m, p, _ in server.requests if p == "/head-refused"] == ["HEAD", "GET"]
    assert [m for m, p, _ in server.requests if p == "/ok"] == ["HEAD"] * 3  # itself, via /moved, via /found


def test_report_is_sorted_skips_drafts_and_cards_without_url(server: Server, tmp_path: Path) -> None:
    cards = [card(f"{server.base}/missing", "zeta"), card(f"{server.base}/ok", "alpha"),
             card(f"{server.base}/gone", "draft-card", status="draft"), Card(id="book", path="docs/resources/book.md")]
    report = run(cards, tmp_path / "links.json")
    assert [r.path for r in report.results] == ["docs/resources/alpha.md", "docs/resources/zeta.md"]
    assert "/gone" not in [p for _, p, _ in server.requests]
    assert report.text().splitlines() == [
        f"docs/resources/zeta.md: failing {server.base}/missing "
        "(HTTP 404 Not Found; 1 failed run(s) in a row since 2026-03-02)",
        "2 card link(s): 1 ok, 1 failing"]
    data = json.loads(report.to_json())
    assert [(r["card_id"], r["state"], r["http_status"]) for r in data] == [("alpha", "ok", 200), ("zeta", "failing", 404)]
    assert set(data[0]) == {"card_id", "path", "url", "state", "http_status", "detail", "location", "checked_at",
                            "broken_since"}
    assert report.counts() == {"ok": 1, "failing": 1}
    assert report.problems() == []


def test_second_run_within_max_age_sends_no_request(server: Server, tmp_path: Path) -> None:
    cards = [card(f"{server.base}/{r}") for r in ("ok", "moved", "missing", "head-refused")]
    cache = tmp_path / "links.json"
    first = run(cards, cache)
    sent = len(server.requests)
    assert sent > 0
    second = run(cards, cache, T0 + timedelta(hours=20))
    assert len(server.requests) == sent
    assert states(second) == states(first) == {"ok": "ok", "moved": "moved", "missing": "failing", "head-refused": "ok"}
    run(cards, cache, T0 + WEEK)
    assert len(server.requests) > sent
    assert [p.name for p in tmp_path.iterdir()] == ["links.json"]  # no temporary file left behind


def test_cache_file_holds_each_normalised_url(server: Server, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    run([card(f"{server.base}/moved"), card(f"{server.base}/missing")], cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    port = server.server_address[1]
    assert data[f"127.0.0.1:{port}/moved"] == {
        "checked_at": "2026-03-02T09:00:00+00:00", "status": "moved", "http_status": 200,
        "consecutive_failures": 0, "first_failure_at": None, "location": f"{server.base}/ok",
        "detail": f"moved permanently to {server.base}/ok"}
    assert data[f"127.0.0.1:{port}/missing"]["consecutive_failures"] == 1
    assert data[f"127.0.0.1:{port}/missing"]["first_failure_at"] == "2026-03-02T09:00:00+00:00"


def test_damaged_cache_only_costs_fresh_checks(server: Server, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    cache.write_text("{not json", encoding="utf-8")
    assert states(run([card(f"{server.base}/ok")], cache)) == {"ok": "ok"}
    cache.write_text(json.dumps({"127.0.0.1:1/x": {"status": "ok"}, "y": [1]}), encoding="utf-8")
    assert load_cache(cache) == {}


def test_broken_only_after_three_consecutive_failed_runs(server: Server, tmp_path: Path) -> None:
    cards, cache = [card(f"{server.base}/missing")], tmp_path / "links.json"
    seen = [run(cards, cache, when).results[0] for when in (T0, T0 + timedelta(hours=1), T0 + WEEK, T0 + 2 * WEEK)]
    assert [r.state for r in seen] == ["failing", "failing", "failing", "broken"]
    assert server.hits["/missing"] == 3  # the run an hour later reused the cache: not a new failure
    assert [r.broken_since for r in seen] == [None, None, None, "2026-03-02"]
    assert seen[-1].detail == "HTTP 404 Not Found; 3 failed run(s) in a row since 2026-03-02"
    report = run(cards, cache, T0 + 2 * WEEK + timedelta(days=1))
    assert [r.state for r in report.problems()] == ["broken"]


def test_try_later_never_counts_and_never_breaks(server: Server, tmp_path: Path) -> None:
    cards, cache = [card(f"{server.base}/busy"), card(f"{server.base}/unavailable")], tmp_path / "links.json"
    for n in range(6):
        report = run(cards, cache, T0 + n * WEEK)
        assert states(report) == {"busy": "try-later", "unavailable": "try-later"}
        assert all(r.broken_since is None for r in report.results)
    assert {e.consecutive_failures for e in load_cache(cache).values()} == {0}


def test_try_later_keeps_the_streak_and_success_ends_it(server: Server, tmp_path: Path) -> None:
    cards, cache = [card(f"{server.base}/switch")], tmp_path / "links.json"
    seen = []
    for n, status in enumerate([404, 429, 404, 500, 429, 200]):
        server.switch = status
        seen.append(run(cards, cache, T0 + n * WEEK).results[0])
    assert [r.state for r in seen] == ["failing", "try-later", "failing", "broken", "try-later", "ok"]
    assert [r.broken_since for r in seen] == [None, None, None, "2026-03-02", "2026-03-02", None]
    assert load_cache(cache)[next(iter(load_cache(cache)))].consecutive_failures == 0


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/ok", "http://localhost:{port}/ok", "http://[::1]:{port}/ok",
    "http://2130706433:{port}/ok", "http://[::ffff:127.0.0.1]:{port}/ok",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://metadata.google.internal/",
    "http://[oops:{port}/ok", "http://127.0.0.1:99999/ok", "ftp://example.org/", "https://user@example.org/",
])
def test_private_literals_and_names_refused_without_a_request(server: Server, tmp_path: Path, url: str) -> None:
    calls: list[str] = []
    report = run([card(url.format(port=server.server_address[1]), "c")], tmp_path / "links.json",
                 policy=SAFE, resolve=resolver({}, calls))
    assert states(report) == {"c": "refused"}
    assert report.results[0].detail.endswith(("; not contacted", "URL", "credentials"))
    assert server.requests == [] and calls == []
    assert [r.state for r in report.problems()] == ["refused"]


@pytest.mark.parametrize("addresses", [
    ["10.0.0.1"], ["169.254.169.254"], ["93.184.216.34", "127.0.0.1"], ["fd00:ec2::254"],
    ["64:ff9b::a9fe:a9fe"], ["2002:a9fe:a9fe::1"], ["224.0.0.1"], ["100.64.0.1"],
])
@pytest.mark.parametrize("policy", [SAFE, FAST], ids=["safe", "test-flag"])
def test_public_name_resolving_to_a_private_address_is_refused(
        server: Server, tmp_path: Path, addresses: list[str], policy: LinkPolicy) -> None:
    if policy.allow_loopback_for_tests and "127.0.0.1" in addresses:
        addresses = ["10.9.9.9", *addresses]  # the flag lets loopback through, nothing else
    url = f"http://docs.example.org:{server.server_address[1]}/ok"
    report = run([card(url, "c")], tmp_path / "links.json", policy=policy,
                 resolve=resolver({"docs.example.org": addresses}))
    assert states(report) == {"c": "refused"}
    assert "which is not public; not contacted" in report.results[0].detail
    assert server.requests == []


def test_connection_goes_to_the_vetted_address_with_the_real_host_name(server: Server, tmp_path: Path) -> None:
    port = server.server_address[1]
    report = run([card(f"http://docs.example.org:{port}/ok", "c")], tmp_path / "links.json",
                 resolve=resolver({"docs.example.org": ["127.0.0.1"]}))
    assert states(report) == {"c": "ok"}
    assert server.requests == [("HEAD", "/ok", f"docs.example.org:{port}")]


def test_redirect_to_a_private_address_is_refused(server: Server, tmp_path: Path) -> None:
    calls: list[str] = []
    cards = [card(f"{server.base}/to-metadata"), card(f"{server.base}/to-named-private")]
    report = run(cards, tmp_path / "links.json", resolve=resolver({"files.example.org": ["10.1.2.3"]}, calls))
    assert states(report) == {"to-metadata": "refused", "to-named-private": "refused"}
    by_id = {r.card_id: r for r in report.results}
    assert by_id["to-metadata"].detail.startswith("redirected to http://169.254.169.254/latest/meta-data/: ")
    assert "resolves to 10.1.2.3" in by_id["to-named-private"].detail
    assert "169.254.169.254" not in calls  # a literal is refused before any lookup
    assert sorted(p for _, p, _ in server.requests) == ["/to-metadata", "/to-named-private"]


def test_internal_domains_are_skipped_without_lookup_or_request(server: Server, tmp_path: Path) -> None:
    calls: list[str] = []
    cards = [card("https://wiki.corp.example/onboarding", "sub"), card("https://corp.example/", "apex"),
             card(f"{server.base}/to-internal", "redirect")]
    report = run(cards, tmp_path / "links.json", internal=("corp.example",), resolve=resolver({}, calls))
    assert states(report) == {"sub": "skipped-internal", "apex": "skipped-internal", "redirect": "skipped-internal"}
    assert calls == ["127.0.0.1"]
    assert [p for _, p, _ in server.requests] == ["/to-internal"]
    assert report.text().splitlines()[-1] == "3 card link(s): 3 skipped-internal"


needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")


@needs_openssl
def test_https_checks_the_certificate_against_the_host_name(
        certificate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certificate)
    with serving(tls) as srv:
        port = srv.server_address[1]
        names = resolver({"docs.example.org": ["127.0.0.1"], "other.example.org": ["127.0.0.1"]})
        cards = [card(f"https://docs.example.org:{port}/ok", "untrusted")]
        report = run(cards, tmp_path / "a.json", resolve=names)
        assert states(report) == {"untrusted": "failing"}
        assert report.results[0].detail.startswith("TLS certificate problem: self-signed certificate")
        trusting = ssl.create_default_context(cafile=str(certificate))
        monkeypatch.setattr("learnshelf.tools.safefetch.ssl.create_default_context", lambda: trusting)
        cards = [card(f"https://docs.example.org:{port}/ok", "trusted"),
                 card(f"https://other.example.org:{port}/ok", "wrong-name")]
        report = run(cards, tmp_path / "b.json", resolve=names)
        assert states(report) == {"trusted": "ok", "wrong-name": "failing"}
        assert "Hostname mismatch" in report.results[1].detail
        assert srv.requests == [("HEAD", "/ok", f"docs.example.org:{port}")]


# --- time: a server that never finishes, the run's deadline, a run stopped or killed ----------

#: Each read waits longer than the drip's 0.3 s, so only the deadline can end a /drip check.
DRIP = replace(FAST, timeout=2.0, deadline=1.0)


def finished(check: Callable[[], LinkReport], seconds: float = 60) -> LinkReport:
    """``check()``'s report; the test fails, rather than hangs, if it does not finish."""
    future: Future[LinkReport] = Future()

    def work() -> None:
        try:
            future.set_result(check())
        except BaseException as err:  # noqa: BLE001  (handed to the test through the future)
            future.set_exception(err)

    threading.Thread(target=work, daemon=True).start()  # a daemon: a hung check cannot hold the tests
    return future.result(timeout=seconds)


@pytest.mark.parametrize("scheme", ["http", pytest.param("https", marks=needs_openssl)])
def test_a_server_that_never_finishes_answering_is_cut_at_the_deadline(
        scheme: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tls = None
    if scheme == "https":
        certificate = request.getfixturevalue("certificate")
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(certificate)
        trusting = ssl.create_default_context(cafile=str(certificate))
        monkeypatch.setattr("learnshelf.tools.safefetch.ssl.create_default_context", lambda: trusting)
    with serving(tls) as srv:
        base = f"{scheme}://docs.example.org:{srv.server_address[1]}"
        cards, cache = [card(f"{base}/drip"), card(f"{base}/ok")], tmp_path / "links.json"
        names = resolver({"docs.example.org": ["127.0.0.1"]})
        report = finished(lambda: run(cards, cache, policy=DRIP, resolve=names))
        assert states(report) == {"drip": "failing", "ok": "ok"}
        assert report.results[0].detail.startswith("no complete answer within the 1 s deadline;")
        assert srv.hits["/drip"] == 1  # not retried: the deadline covers the retries too
    assert {e.status for e in load_cache(cache).values()} == {"failing", "ok"}


def test_links_not_reached_by_the_run_deadline_are_reported_not_checked(server: Server, tmp_path: Path) -> None:
    # One worker: a-ok is checked, b-drip holds the worker until the run's deadline, c-missing never starts.
    policy = replace(DRIP, deadline=60.0, run_deadline=2.0, max_workers=1)
    cards = [card(f"{server.base}/ok", "a-ok"), card(f"{server.base}/drip", "b-drip"),
             card(f"{server.base}/missing", "c-missing")]
    cache = tmp_path / "links.json"
    report = finished(lambda: run(cards, cache, policy=policy))
    assert states(report) == {"a-ok": "ok", "b-drip": "not-checked", "c-missing": "not-checked"}
    assert report.text().splitlines() == [
        f"docs/resources/b-drip.md: not-checked {server.base}/drip (run deadline)",
        f"docs/resources/c-missing.md: not-checked {server.base}/missing (run deadline)",
        "3 card link(s): 1 ok, 2 not-checked"]
    assert "/missing" not in server.hits
    assert report.problems() == []
    assert [e.status for e in load_cache(cache).values()] == ["ok"]  # nothing made up for the rest
    # A week later, links never checked go first; a-ok, now the one not reached, says what it was.
    report = finished(lambda: run(cards, cache, T0 + WEEK, policy))
    assert states(report) == {"a-ok": "not-checked", "b-drip": "not-checked", "c-missing": "not-checked"}
    assert report.results[0].detail == "run deadline; last result: ok on 2026-03-02"
    assert server.hits["/ok"] == 1


#: The real ``learnshelf links`` command, with two test-only changes: docs.example.org resolves to
#: the test server without DNS (any other name fails), and loopback is let through.
DRIVER = """
import functools, sys
import learnshelf.tools.links as links

def resolve(host, port):
    if host != "docs.example.org":
        raise OSError("the test resolver knows only docs.example.org")
    return ["127.0.0.1"]

links.system_resolver = resolve
links.LinkPolicy = functools.partial(links.LinkPolicy, allow_loopback_for_tests=True, host_interval=0.0)
from learnshelf.cli.main import main
sys.exit(main(sys.argv[1:]))
"""

CARD = """---
title: Link check {name}
type: article
url: {url}
summary: A card whose link the link check test server answers, in its own way.
topics: [feedback]
level: intro
duration: 15m
cost: free
language: en
source: Test
contributor: example-curator
added: 2026-01-15
---
Body.
"""


@contextlib.contextmanager
def links_command(project: Path, server: Server) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """``learnshelf links`` running on ``project`` with cards one, two (both ok) and drip (never
    answers, under a 60 s deadline); yields once one and two are in its cache and drip is under way."""
    policy = project / "curation" / "policy.yml"  # the example project's own cards are not checked
    policy.write_text(policy.read_text().replace("internal_domains: []", "internal_domains: [en.wikipedia.org]"))
    base = f"http://docs.example.org:{server.server_address[1]}"
    (project / "docs" / "resources" / "checks").mkdir()
    for name, route in (("one", "ok"), ("two", "found"), ("drip", "drip")):
        text = CARD.format(name=name, url=f"{base}/{route}")
        (project / "docs" / "resources" / "checks" / f"{name}.md").write_text(text, encoding="utf-8")
    cache = project / ".learnshelf-cache" / "links.json"
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, "links", "--format", "json", "--deadline", "60",
                             "--run-deadline", "120"], cwd=project, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        give_up = time.monotonic() + 60  # a guard against a hang, not a measurement
        while not (server.hits.get("/drip") and len(load_cache(cache)) == 2):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < give_up, "the command saved nothing while it ran"
            time.sleep(0.05)
        yield proc, cache
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def test_a_killed_run_leaves_what_it_had_learned_in_the_cache(project_copy: Path, server: Server) -> None:
    with links_command(project_copy, server) as (proc, cache):
        assert proc.poll() is None  # the results were saved while the run was still going
        proc.kill()
        assert proc.wait(timeout=30) == -signal.SIGKILL
    port = server.server_address[1]
    saved = load_cache(cache)
    assert sorted(saved) == [f"docs.example.org:{port}/found", f"docs.example.org:{port}/ok"]
    assert {e.status for e in saved.values()} == {"ok"}


def test_sigterm_ends_the_run_with_a_report_of_what_it_learned(project_copy: Path, server: Server) -> None:
    with links_command(project_copy, server) as (proc, cache):
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    results = json.loads(out)
    assert {r["card_id"]: (r["state"], r["detail"]) for r in results if r["path"].startswith("docs/resources/checks/")} == {
        "one": ("ok", ""), "two": ("ok", ""), "drip": ("not-checked", "stopped")}
    assert json.loads((project_copy / ".learnshelf-cache" / "link-report.json").read_text()) == results
    assert len(load_cache(cache)) == 2


def test_deadlines_must_be_positive_seconds(project_copy: Path) -> None:
    from conftest import run_cli

    result = run_cli("links", "--run-deadline", "0", cwd=project_copy)
    assert result.returncode == 2
    assert "argument --run-deadline: '0' is not a positive number of seconds" in result.stderr
