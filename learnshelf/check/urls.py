"""Card URLs: what a safe, public resource link is (the ``url-*`` rules), and when two links name
the same resource.

Cards are untrusted input. A card URL must be an absolute http(s) link to a public host: no
credentials, and no address that ``addresses`` refuses (loopback, private, link-local, cloud
metadata, transition ranges...) in any notation a browser reads (the link checker will fetch
these URLs, so they must never point inside the network). Hosts are read as browsers read them:
NFKC first, as IDNA (UTS 46) processing does, so full-width digits and dots are plain ones.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from learnshelf.check.addresses import refusal
from learnshelf.model.rules import ERROR, WARNING, Rule

URL_SCHEME = Rule(
    "url-scheme", ERROR,
    ("Card links are absolute http(s) addresses; javascript:, data:, file: and relative links are "
     "refused."),
    bad="url: javascript:alert(1)",
    fixed="url: https://en.wikipedia.org/wiki/Onboarding")

URL_INVALID = Rule(
    "url-invalid", ERROR,
    "The URL is malformed (no host, spaces, bad port).",
    bad="url: https://exa mple.org",
    fixed="url: https://example.org")

URL_CREDENTIALS = Rule(
    "url-credentials", ERROR,
    "The URL contains a user name or password.",
    bad="url: https://user:secret@example.org/",
    fixed="url: https://example.org/")

URL_PRIVATE_HOST = Rule(
    "url-private-host", ERROR,
    ("The URL points at an address IANA does not list as globally reachable (loopback, private, "
     "link-local, metadata...), an IPv6 address carrying an IPv4 one (mapped, compatible, 6to4, "
     "NAT64, Teredo), or a non-public name; full-width digits count as the digits a browser "
     "reads."),
    bad="url: http://169.254.169.254/latest",
    fixed="url: https://example.org/")

URL_TOO_LONG = Rule(
    "url-too-long", ERROR,
    "The URL is longer than 2,000 characters.",
    bad="url: https://example.org/?q=(very long)",
    fixed="url: https://example.org/page")

URL_TRACKING = Rule(
    "url-tracking", WARNING,
    "The URL carries tracking parameters (utm_*, fbclid...); the message gives the clean URL.",
    bad="url: https://example.org/?utm_source=news",
    fixed="url: https://example.org/")

URL_HTTP = Rule(
    "url-http", WARNING,
    "The link uses http://; prefer https:// when the site supports it.",
    bad="url: http://example.org/",
    fixed="url: https://example.org/")

MAX_URL_LENGTH = 2000
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
    "mc_cid", "mc_eid", "mkt_tok", "_hsenc", "_hsmi", "oly_anon_id", "oly_enc_id", "vero_id",
})
_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".intranet", ".lan")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_IP_CHARS = frozenset("0123456789abcdefxABCDEFX.")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def is_tracking(param: str) -> bool:
    """True for query parameters that only track the click (utm_*, fbclid, ...)."""
    name = param.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host written as an IP literal means, in any notation browsers accept."""
    if ":" not in host and not _IP_CHARS.issuperset(host):
        return None  # a letter beyond a-f and x: a name (most hosts; skips two failing parsers)
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    # Legacy IPv4 forms: 2130706433, 0x7f000001, 0177.0.0.1, 127.1 all mean 127.0.0.1.
    if re.fullmatch(r"[0-9a-fx.]+", host) and not host.endswith("."):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def browser_host(host: str) -> str:
    """``host`` as a browser reads it before parsing: NFKC, ideographic full stops as dots, lower case.

    UTS 46 maps full-width forms the way NFKC does, so Chromium reads ``１２７．０．０．１`` (and
    ``１２７。０。０。１``) as 127.0.0.1; checking the text as written would let it through as a name.
    """
    return unicodedata.normalize("NFKC", host).replace("\u3002", ".").lower()


def host_problem(host: str, internal_domains: tuple[str, ...] = ()) -> str | None:
    """Why ``host`` is not a public host, or None when it is."""
    read = (host if host.isascii() else browser_host(host)).rstrip(".")  # NFKC leaves ASCII alone
    address = _ip_literal(read)
    if address is not None:
        block = refusal(address)
        if block is None:
            return None
        meant = str(address) if address.version == 4 else read  # IPv6 is clear as written
        return f"{_as_read(host, meant)} points at the {block.name} range ({block.network})"
    if read in internal_domains or any(read.endswith("." + d) for d in internal_domains):
        return None
    if read == "localhost" or read.endswith(_PRIVATE_SUFFIXES) or "." not in read:
        return f"{_as_read(host, read)} is not a public host name"
    try:
        ascii_host = read.encode("idna").decode("ascii")
    except UnicodeError:
        return f"{_as_read(host, read)} is not a valid host name"
    if not all(_HOST_LABEL.match(label) for label in ascii_host.rstrip(".").split(".")):
        return f"{_as_read(host, read)} is not a valid host name"
    return None


def _as_read(host: str, read: str) -> str:
    """``host`` quoted, with what a browser reads when the card writes it otherwise (2130706433)."""
    return f"'{host}'" if read == host else f"'{host}' (read as {read})"


_NO_HOST = (URL_INVALID, "the URL has no host; write it as https://example.org/page")


def check_url(url: str, internal_domains: tuple[str, ...] = ()) -> list[tuple[Rule, str]]:
    """Every ``(rule, message)`` for a card URL; warnings carry the cleaned URL."""
    if len(url) > MAX_URL_LENGTH:
        return [(URL_TOO_LONG, f"the URL is {len(url)} characters; at most {MAX_URL_LENGTH} are allowed")]
    if re.search(r"[\x00-\x20\x7f]", url):
        return [(URL_INVALID, "the URL contains spaces or control characters; encode spaces as %20")]
    plain = _PLAIN_URL.fullmatch(url)
    if plain:  # the usual card URL: what urlsplit would find, without it (this runs once per card)
        host = plain.group(1).lower().rstrip(".")
        if not host:
            return [_NO_HOST]
        return _host_and_warnings(url, url[:url.index(":")].lower(), host, internal_domains, has_query=False)
    try:
        parts = urlsplit(url)
    except ValueError as err:  # e.g. an unclosed "[" in an IPv6 host
        return [(URL_INVALID, f"the URL cannot be read ({err}); check the host part")]
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        shown = f"'{scheme}:' links are" if scheme else "a relative link is"
        return [(URL_SCHEME, f"{shown} not allowed; use the full https:// address of the resource")]
    if "@" in parts.netloc:
        return [(URL_CREDENTIALS, "the URL contains a user name or password; remove the part before '@'")]
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return [_NO_HOST]
    try:
        _ = parts.port  # reading it is the check: urllib raises on an invalid port
    except ValueError:
        return [(URL_INVALID, "the URL has an invalid port number")]
    return _host_and_warnings(url, scheme, host, internal_domains, bool(parts.query))


def _host_and_warnings(url: str, scheme: str, host: str, internal_domains: tuple[str, ...],
                       has_query: bool) -> list[tuple[Rule, str]]:
    why = host_problem(host, internal_domains)
    if why:
        return [(URL_PRIVATE_HOST, f"{why}; card links must point at public websites")]
    found: list[tuple[Rule, str]] = []
    cleaned = clean_url(url) if has_query else url
    if cleaned != url:
        found.append((URL_TRACKING, f"the URL carries tracking parameters; use {cleaned}"))
    if scheme == "http":
        found.append((URL_HTTP, "the link uses http://; use https:// if the site supports it"))
    return found


def clean_url(url: str) -> str:
    """``url`` without tracking parameters (utm_*, fbclid, ...), otherwise unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    if len(kept) == len(parse_qsl(parts.query, keep_blank_values=True)):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


#: The usual card URL: http(s), an ASCII host, a path; no user, port, query or fragment.
_PLAIN_URL = re.compile(r"https?://([A-Za-z0-9.\-_~]+)(/[^?#\s\\]*)?", re.IGNORECASE)


#: Query parameters that, on these hosts, say how a link was shared rather than what it names:
#: YouTube's share id ``si`` and time offset ``t`` (seen on real lists: one video, many links).
_IGNORED_PARAMS = {host: frozenset({"si", "t"}) for host in ("youtube.com", "youtu.be", "music.youtube.com")}
#: Directory index file names a server answers for the folder itself.
_INDEX_FILES = ("/index.html", "/index.htm")


def _plain_path(path: str) -> str:
    """The path without a trailing slash or directory index file (``/a/index.html`` is ``/a``)."""
    for name in _INDEX_FILES:
        if path.lower().endswith(name):
            path = path[: -len(name)]
            break
    return path.rstrip("/")


def normalise_url(url: str) -> str:
    """A key equal for URLs that name the same resource.

    Ignores scheme (http/https), host case, a leading ``www.``, default ports, a trailing
    slash or ``/index.html``, tracking parameters, YouTube's ``si``, ``t`` and ``m.`` and the order of
    the remaining query parameters.
    """
    plain = _PLAIN_URL.fullmatch(url.strip())
    if plain:  # the same key as below, without urlsplit (this runs once per card per check)
        host = plain.group(1).lower().rstrip(".")
        return (host[4:] if host.startswith("www.") else host) + _plain_path(plain.group(2) or "")
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    if host.startswith("m.") and host[2:] in _IGNORED_PARAMS:  # YouTube's mobile site, same video
        host = host[2:]
    path = _plain_path(parts.path)
    ignored = _IGNORED_PARAMS.get(host, frozenset())
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not is_tracking(k) and k not in ignored)
    key = f"{host}{path}"
    if query:
        key += "?" + urlencode(query)
    if parts.fragment:
        key += "#" + parts.fragment
    return key
