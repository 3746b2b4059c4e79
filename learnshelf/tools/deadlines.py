"""Time for a link check run: pacing requests to each host, each link's deadline, the run's
deadline and stop signal, and the watchdog that holds blocked connections to them; and nothing
more. ``safefetch`` asks how long it may still wait; ``links`` and the CLI set the limits.

Why a watchdog. A socket timeout bounds each read, not their sum: a server that sends one byte
every few seconds never trips it and keeps a check, and so the whole run, going for ever. The
watchdog shuts down the connection of a check whose time is up, so that its blocked read (or
TLS handshake) returns at once, and the check is reported late instead of hanging.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Iterator
from types import FrameType, TracebackType


class Late(TimeoutError):
    """A check ran out of time, its own or the run's, before it had a complete answer."""


class RunBudget:
    """The whole run's time: a deadline, and an event that ends the run sooner (e.g. on SIGTERM)."""

    def __init__(self, seconds: float, stop: threading.Event | None = None) -> None:
        self.end = time.monotonic() + seconds
        self.stopped = stop if stop is not None else threading.Event()

    def left(self) -> float:
        """Seconds until the run must end; 0 once it is over or stopped."""
        return 0.0 if self.stopped.is_set() else max(0.0, self.end - time.monotonic())

    def over(self) -> bool:
        """True once the run's deadline has passed or the run was stopped."""
        return self.left() <= 0

    def why(self) -> str:
        """Why the run ended early, in the words the report puts next to an unchecked link."""
        return "stopped" if self.stopped.is_set() else "run deadline"

    def stop(self) -> None:
        """End the run now: checks not started are not made, checks under way are cut."""
        self.stopped.set()


class Clock:
    """One link's time: ``seconds`` from its start, and never beyond the run's end."""

    def __init__(self, run: RunBudget, seconds: float) -> None:
        self.run = run
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds this check may still take; 0 once its time or the run's is up."""
        return max(0.0, min(self.end - time.monotonic(), self.run.left()))

    def over(self) -> bool:
        """True once this check's time, or the run's, is up."""
        return self.left() <= 0

    def postpone(self, seconds: float) -> None:
        """Give the check ``seconds`` more: waiting for our own turn at a host is not its slowness."""
        self.end += seconds

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``; raise ``Late`` at once if the check cannot outlast the wait."""
        if seconds >= self.left() or self.run.stopped.wait(max(0.0, seconds)):
            raise Late


class Pacer:
    """Spaces requests to one host at least ``interval`` seconds apart, across threads."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.next_slot: dict[str, float] = {}

    def delay(self, host: str) -> float:
        """Seconds until ``host``'s next free slot, which this call takes."""
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot.get(host, now))
            self.next_slot[host] = slot + self.interval
        return slot - now


class Watch:
    """One request's connection under the watchdog. Leaving the ``with`` block raises ``Late`` if
    the watchdog cut the connection: whatever was read after the cut is not an answer."""

    def __init__(self, dog: Watchdog, clock: Clock) -> None:
        self.dog = dog
        self.clock = clock
        self.handle: socket.socket | None = None
        self.cut = False

    def attach(self, sock: socket.socket) -> None:
        """Watch ``sock``, a connected plain socket (for TLS: before it is wrapped)."""
        self.dog.arm(self, sock)

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.dog.release(self):
            raise Late


class Watchdog:
    """Shuts down watched connections whose clock has run out. Its thread runs only while some
    connection is watched, so a checker needs no closing."""

    def __init__(self, tick: float = 0.05) -> None:
        self.tick = tick
        self.lock = threading.Lock()
        self.watches: set[Watch] = set()
        self.running = False

    def watch(self, clock: Clock) -> Watch:
        """A watch for the next request's connection, held to ``clock``."""
        return Watch(self, clock)

    def arm(self, watch: Watch, sock: socket.socket) -> None:
        """Start watching ``sock`` for ``watch``."""
        with self.lock:
            # A duplicate of the descriptor, ours to close: the request may close its socket at
            # any time, and shutting down a number the system has since reused would cut a
            # stranger's connection. Shutting down the duplicate ends the shared connection.
            if watch.handle is not None:  # a second connection for the same request
                watch.handle.close()
            watch.handle = sock.dup()
            self.watches.add(watch)
            if not self.running:
                self.running = True
                threading.Thread(target=self.run, name="learnshelf-links-watchdog", daemon=True).start()

    def release(self, watch: Watch) -> bool:
        """Stop watching ``watch``'s connection; True if it was cut."""
        with self.lock:
            self.watches.discard(watch)
            if watch.handle is not None:
                watch.handle.close()
                watch.handle = None
            return watch.cut

    def run(self) -> None:
        """Cut every watched connection whose time is up, until none is watched."""
        while True:
            with self.lock:
                if not self.watches:
                    self.running = False
                    return
                for watch in self.watches:
                    if not watch.cut and watch.handle is not None and watch.clock.over():
                        watch.cut = True
                        with contextlib.suppress(OSError):  # the peer may have closed it already
                            watch.handle.shutdown(socket.SHUT_RDWR)
            time.sleep(self.tick)


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """While the block runs, the first SIGTERM or SIGINT sets ``stop`` instead of ending the
    process, so the run can save and report what it learned; a second one acts as before."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return
    wanted = (signal.SIGTERM, signal.SIGINT)

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()
        for number, previous in saved.items():
            signal.signal(number, previous)

    saved = {number: signal.signal(number, handler) for number in wanted}
    try:
        yield
    finally:
        for number, previous in saved.items():
            signal.signal(number, previous)
