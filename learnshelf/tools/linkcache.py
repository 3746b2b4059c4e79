"""The link-check result cache file: one ``CacheEntry`` per normalised URL, read tolerantly and
written atomically, also while a run is still adding entries; and nothing more. When an entry
is reused or replaced is decided in ``links``.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from learnshelf.load import fsio
from learnshelf.load.fsio import MAX_LINK_FILE_BYTES

CACHED_STATES = frozenset({"ok", "moved", "failing"})  # try-later is always asked again
#: The link cache and results files: a few hundred bytes a card, so this is 100,000s of cards.


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


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def load_cache(path: Path) -> dict[str, CacheEntry]:
    """The cache file's entries; a missing or damaged file (or entry) only costs fresh checks."""
    try:  # by fsio's rules: a link or FIFO named by --cache is never read
        raw = json.loads(fsio.read_regular(path, MAX_LINK_FILE_BYTES)[0])
    except (OSError, fsio.Refused, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    entries = {key: _entry_from_json(value) for key, value in raw.items()}
    return {key: entry for key, entry in entries.items() if entry is not None}


def _entry_from_json(value: Any) -> CacheEntry | None:
    try:
        first = value["first_failure_at"]
        entry = CacheEntry(utc(datetime.fromisoformat(value["checked_at"])), str(value["status"]),
                           value["http_status"], int(value["consecutive_failures"]),
                           utc(datetime.fromisoformat(first)) if first else None, value["location"],
                           str(value.get("detail", "")))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    fields_ok = isinstance(entry.http_status, int | None) and isinstance(entry.location, str | None)
    known = entry.status in (*CACHED_STATES, "try-later") and entry.consecutive_failures >= 0
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


class CacheSaver:
    """Saves ``entries`` to ``path`` while a run fills them in: after ``every`` changes or
    ``interval`` seconds with unsaved changes, whichever comes first, and when told to. A run
    that is killed then loses at most those last few results, never the file (saves are atomic)."""

    def __init__(self, path: Path, entries: dict[str, CacheEntry], every: int = 25, interval: float = 2.0) -> None:
        self.path = path
        self.entries = entries
        self.every = every
        self.interval = interval
        self.unsaved = 0
        self.saved_at = time.monotonic()

    def changed(self) -> None:
        """Note one more changed entry; save if that makes a save due."""
        self.unsaved += 1
        self.save_if_due()

    def save_if_due(self) -> None:
        """Save if there are enough unsaved changes, or unsaved changes old enough."""
        if self.unsaved >= self.every or (self.unsaved and time.monotonic() - self.saved_at >= self.interval):
            self.save()

    def save(self) -> None:
        """Save now (raises ``OSError`` when the file cannot be written)."""
        save_cache(self.path, self.entries)
        self.unsaved, self.saved_at = 0, time.monotonic()
