"""The validation cache: per-card results reused while a card's bytes are unchanged; nothing more.

An entry is keyed by the card's display path and holds the file's stat signature, the SHA-256
of its bytes (recorded for whoever reads the cache), and the checked card with its problems
(without its body: only validation reads the cache). A card is reused when its stat signature
(size, mtime, ctime, inode) is unchanged, as git's index does; ctime changes on every write and
cannot be set back, so an edit is never missed. The whole cache is dropped when the salt changes: the salt covers the curation
files, mkdocs.yml (bodies are rendered with its Markdown settings), the package's own source
and the versions of the Markdown and HTML libraries, so a taxonomy or code change re-checks everything.
Cross-card checks always run. The cache is JSON (never pickle: a checked-out repository must
not be able to run code through it) and is written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from dataclasses import fields
from pathlib import Path
from typing import Any

from learnshelf import fsio
from learnshelf.problems import Problem
from learnshelf.schema import Card

CACHE_FILE = Path(".learnshelf-cache") / "validate.json"
RUN_FILE = Path(".learnshelf-cache") / "validate-run.json"
_CARD_FIELDS = {f.name for f in fields(Card)}
_STORED_FIELDS = tuple(f.name for f in fields(Card) if f.name != "body")
#: One encoder for every entry (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False)


def salt(curation: Path) -> str:
    """A fingerprint of everything besides the card that decides its result."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    site = [curation.parent / "mkdocs.yml"] if (curation.parent / "mkdocs.yml").is_file() else []
    for path in sorted(package.glob("*.py")) + sorted(p for p in curation.rglob("*.yml") if p.is_file()) + site:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for renderer in ("markdown", "justhtml"):  # bodies are rendered and parsed by these
        digest.update(f"{renderer}=={metadata.version(renderer)}".encode())
    return digest.hexdigest()


def stat_key(st: os.stat_result) -> list[int]:
    """What changes whenever a file's content may have changed."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _encode(card: Card, problems: list[Problem]) -> dict[str, Any]:
    # A shallow copy: Card holds only JSON types (dataclasses.asdict deep-copies, 1 s per 10,000).
    return {"card": {name: getattr(card, name) for name in _STORED_FIELDS},
            "problems": [[p.path, p.line, p.col, p.rule, p.message] for p in problems]}


def entry_member(display: str, st: os.stat_result, digest: str, card: Card, problems: list[Problem]) -> bytes:
    """A freshly checked card's cache entry as a member of the cache file's JSON object,
    ``"display": {...}`` in UTF-8, ready to be written as it is."""
    return _member(display, {"stat": stat_key(st), "sha256": digest, **_encode(card, problems)})


def _member(display: str, entry: dict[str, Any]) -> bytes:
    return f"{_JSON.encode(display)}: {_JSON.encode(entry)}".encode()


def _decode(entry: dict[str, Any]) -> tuple[Card, list[Problem]]:
    data = {k: v for k, v in entry["card"].items() if k in _CARD_FIELDS}
    data["positions"] = {k: tuple(v) for k, v in data.get("positions", {}).items()}
    return Card(**data), [Problem(*p) for p in entry["problems"]]


class ValidationCache:
    """Results of the previous run, and the results of this one as they are produced."""

    def __init__(self, path: Path, salt_value: str) -> None:
        self.path = path
        self.salt = salt_value
        self.run = RunCache(path.with_name(RUN_FILE.name))
        self._old: dict[str, Any] | None = None  # read on first use: a repeated run never needs it
        self.new: dict[str, Any] = {}  # display -> reused entry (dict) or fresh entry (member bytes)
        self._changed = False

    @property
    def old(self) -> dict[str, Any]:
        """The previous run's entries (empty when absent, unreadable or salted differently)."""
        if self._old is None:
            self._old = {}
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("salt") == self.salt and isinstance(data.get("cards"), dict):
                    self._old = data["cards"]
            except (OSError, ValueError):
                pass
        return self._old

    def by_stat(self, display: str, st: os.stat_result) -> tuple[Card, list[Problem]] | None:
        """The cached result when the file's stat signature is unchanged."""
        entry = self.old.get(display)
        if entry is None or entry.get("stat") != stat_key(st):
            return None
        self.new[display] = entry
        return _decode(entry)

    def store(self, display: str, entry: bytes) -> None:
        """Remember a freshly checked card's entry (from ``entry_member``)."""
        self.new[display] = entry
        self._changed = True

    def save(self) -> None:
        """Write this run's entries (cards that vanished are forgotten)."""
        if not self._changed and self.new.keys() == self.old.keys():
            return
        # Fresh entries are encoded JSON already (made where the card was checked, often in a
        # worker process), so the file is joined, not encoded again entry by entry.
        cards = b", ".join(entry if isinstance(entry, bytes) else _member(display, entry)
                           for display, entry in self.new.items())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fsio.replace_atomically(self.path, b'{"salt": %s, "cards": {%s}}' % (json.dumps(self.salt).encode(), cards),
                                sync=False)


def fingerprint(salt_value: str, stats: dict[str, os.stat_result], scan_problems: list[Problem]) -> str:
    """Identifies a whole run's input: when it repeats, so does the whole result."""
    digest = hashlib.sha256(salt_value.encode())
    digest.update("".join(f"{display}\0{' '.join(map(str, stat_key(st)))}\n"
                          for display, st in sorted(stats.items())).encode())
    for problem in scan_problems:
        digest.update(repr(problem).encode())
    return digest.hexdigest()


class RunCache:
    """The final problems of the last run, reused when its fingerprint repeats exactly."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, key: str) -> list[Problem] | None:
        """The stored problems, if the stored run had this fingerprint."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("fingerprint") != key:
            return None
        return [Problem(*p) for p in data.get("problems", [])]

    def store(self, key: str, problems: list[Problem]) -> None:
        """Remember this run's final problems."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        rows = [[p.path, p.line, p.col, p.rule, p.message] for p in problems]
        fsio.replace_atomically(self.path, json.dumps({"fingerprint": key, "problems": rows}, ensure_ascii=False),
                                sync=False)
