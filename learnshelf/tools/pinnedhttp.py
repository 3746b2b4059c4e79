"""HTTP(S) connections for link checks that go only to addresses already vetted, whatever DNS
answers now (so a second answer cannot swap in an internal address), and whose sockets are
watched, so that a check's deadline can cut them; and nothing more. ``safefetch`` vets the
addresses, ``deadlines`` keeps the time.
"""

from __future__ import annotations

import http.client
import socket
import ssl

from learnshelf.tools.deadlines import Late, Watch


def pinned_connection(scheme: str, host: str, port: int, addresses: tuple[str, ...], timeout: float,
                      watch: Watch, tls: ssl.SSLContext) -> http.client.HTTPConnection:
    """A connection to ``host`` that will connect to one of ``addresses``, under ``watch``."""
    if scheme == "https":
        return _PinnedHTTPS(host, port, addresses, timeout, watch, tls)
    return _PinnedHTTP(host, port, addresses, timeout, watch)


def _connect(addresses: tuple[str, ...], port: int, timeout: float | None, watch: Watch) -> socket.socket:
    """A connection to the first vetted address that answers, within the time the check has left."""
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        left = watch.clock.left()
        if left <= 0:
            raise Late
        try:
            return socket.create_connection((address, port), left if timeout is None else min(timeout, left))
        except OSError as err:
            error = err
    raise error


class _PinnedHTTP(http.client.HTTPConnection):
    """Plain HTTP to vetted addresses only."""

    def __init__(self, host: str, port: int, addresses: tuple[str, ...], timeout: float, watch: Watch) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses
        self.watch = watch

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.timeout, self.watch)
        self.watch.attach(self.sock)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to vetted addresses only; the certificate is checked against the host name."""

    def __init__(self, host: str, port: int, addresses: tuple[str, ...], timeout: float, watch: Watch,
                 tls: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=tls)
        self.addresses = addresses
        self.watch = watch
        self.tls = tls

    def connect(self) -> None:
        raw = _connect(self.addresses, self.port, self.timeout, self.watch)
        try:
            self.watch.attach(raw)  # before the handshake, which a slow server can drag out too
            self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise
