"""The validation cache: per-card results, reused while a card's bytes are unchanged; nothing more.

An entry is kept under the card's display path and holds the SHA-256 of the bytes it was checked
from, the file's stat signature when they were read, and the checked card (with its body) with
its problems. The SHA-256 decides: an entry is reused only for a file that holds those bytes.
The stat signature (size, mtime, ctime, inode, as git's index) only spares reading the file:
when it is the one recorded, the bytes are the ones hashed (ctime changes on every write and
cannot be set back, so an edit is never missed). After a checkout, or with a cache restored in
CI, every stat differs; each file is then read and hashed, and unchanged ones are still reused.
The whole cache is dropped when the salt changes: the salt covers the curation files,
mkdocs.yml (bodies are rendered with its Markdown settings), the package's own source and the
versions of the YAML, Markdown and HTML libraries, so a taxonomy or code change re-checks
everything. Cross-card checks always run. The cache is JSON (never pickle: a checked-out
repository must not be able to run code through it) and is written atomically.

The cache file may have been committed by anyone, so nothing in it is trusted for its shape: it
is read as a regular file (fsio), and every entry is checked field by field before use. A file
or entry of the wrong shape is ignored (its cards are checked again) and said so in
``warnings``, one line each, for the command to print.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import types
import typing
from dataclasses import fields
from importlib import metadata
from pathlib import Path
from typing import Any

from learnshelf.check.rulebook import BY_ID
from learnshelf.load import fsio
from learnshelf.load.project import CACHE_FOLDER
from learnshelf.model.problems import Problem
from learnshelf.model.schema import Card

CACHE_FILE = CACHE_FOLDER / "validate.json"
_STORED_FIELDS = tuple(f.name for f in fields(Card))
#: One encoder for every entry (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False)
#: Far above any library's cache (about 2 KB a card), far below what could exhaust memory.
MAX_CACHE_BYTES = 256 * 1024 * 1024


def _accepted(hint: Any) -> frozenset[type]:
    """The types a JSON value may have for a field annotated ``hint`` (``str | None`` ->
    {str, NoneType}, ``list[str]`` -> {list})."""
    if isinstance(hint, types.UnionType):
        return frozenset(t for arg in typing.get_args(hint) for t in _accepted(arg))
    return frozenset({typing.get_origin(hint) or hint})


@functools.cache  # on first use: a run without a cache never needs it (evaluating the hints costs 1 ms)
def _shapes() -> tuple[dict[str, frozenset[type]], tuple[str, ...]]:
    """Stored card field -> the JSON types its value may have, and the list fields (of texts)."""
    hints = typing.get_type_hints(Card)
    lists = tuple(name for name in _STORED_FIELDS if typing.get_origin(hints[name]) is list)
    return {name: _accepted(hints[name]) for name in _STORED_FIELDS}, lists


_TEXT = frozenset({str})
_JSON_NAMES = {str: "a text", int: "a number", bool: "true or false", list: "a list", dict: "a mapping",
               type(None): "null"}


def _card_shape(display: str, card: Any) -> str:
    """Why ``card`` is not a stored card for ``display`` ("" when it is one)."""
    # Exact types, not isinstance: JSON gives exactly these, and True must not pass for a number.
    # Plain loops: this runs for every card reused from the cache (~3 us each, measured).
    shapes, lists = _shapes()
    if type(card) is not dict or card.keys() != shapes.keys():
        return "its card does not have the card fields"
    for name, accepted in shapes.items():
        if type(card[name]) not in accepted:
            return f"its card's '{name}' is not {' or '.join(sorted(_JSON_NAMES[t] for t in accepted))}"
    for name in lists:
        if not set(map(type, card[name])) <= _TEXT:
            return f"its card's '{name}' is not a list of texts"
    for pair in card["positions"].values():
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not int or type(pair[1]) is not int:
            return "its card's 'positions' are not (line, column) pairs"
    if card["path"] != display:
        return f"its card is for another path, '{card['path']}'"
    return ""


def _is_int(value: Any) -> bool:
    return type(value) is int


def _problems_shape(rows: Any, display: str | None = None) -> str:
    """Why ``rows`` are not stored problems (of ``display``, when given); "" when they are."""
    if not isinstance(rows, list):
        return "its problems are not a list"
    for row in rows:
        if not (isinstance(row, list) and len(row) == 5 and isinstance(row[0], str) and _is_int(row[1])
                and _is_int(row[2]) and isinstance(row[3], str) and isinstance(row[4], str)):
            return "a problem is not [path, line, column, rule, message]"
        if row[3] not in BY_ID:
            return f"a problem names the unknown rule '{row[3]}'"
        if display is not None and row[0] != display:
            return f"a problem is about another path, '{row[0]}'"
    return ""


def entry_shape(display: str, entry: Any) -> str:
    """Why a cache file's ``entry`` for ``display`` cannot be used ("" when it can)."""
    if not isinstance(entry, dict):
        return "it is not a mapping"
    return _card_shape(display, entry.get("card")) or _problems_shape(entry.get("problems"), display)


def _read_json(path: Path, warnings: list[str]) -> tuple[Any, bytes]:
    """The JSON in ``path`` and its bytes; None when there is none (absent) or none usable (warned)."""
    try:
        data, _ = fsio.read_regular(path, MAX_CACHE_BYTES)
        return json.loads(data), data
    except FileNotFoundError:
        return None, b""
    except OSError as err:
        reason = f"it cannot be read ({err.strerror})"
    except fsio.Refused as err:
        reason = str(err)
    except ValueError:  # not JSON, or not UTF-8: e.g. cut short by a power loss
        reason = "it is not valid JSON"
    warnings.append(f"ignoring the cache {_shown(path)}: {reason}")
    return None, b""


#: How ``save`` lays the file out: one card's member (``"display": {...}``) per line (JSON text
#: has no raw line break inside a value), so ``_members`` can find each one again.
_HEADER = b'{"salt": %s, "cards": {\n'
_SEPARATOR = b",\n"
_FOOTER = b"\n}}"


def _members(data: bytes, salt: str, cards: dict[str, Any]) -> dict[str, bytes]:
    """Each card's member as written in ``data`` (whose JSON gave ``cards``), when the file is
    laid out as ``save`` writes it; else {}. An unchanged card is then written back as it was
    read instead of being encoded again (encoding 10,000 entries took ~0.3 s, measured). Each
    entry is still checked (``entry_shape``) whenever it is read."""
    header = _HEADER % json.dumps(salt).encode()
    if not (cards and data.startswith(header) and data.endswith(_FOOTER)):
        return {}
    members: dict[str, bytes] = {}
    for member in data[len(header):-len(_FOOTER)].split(_SEPARATOR):
        try:
            members[json.loads(member[:member.index(b'": {') + 1])] = member
        except ValueError:  # not one of our lines: encode every entry again
            return {}
    return members if members.keys() == cards.keys() else {}


def _shown(path: Path) -> str:
    """The cache file as named in warnings: its folder and name (CACHE_FILE), wherever run."""
    return f"{path.parent.name}/{path.name}"


def salt(curation: Path) -> str:
    """A fingerprint of everything besides the card that decides its result."""
    digest = hashlib.sha256()
    package = Path(__file__).parents[1]  # all of learnshelf/: a check may use any stage below it
    site = [curation.parent / "mkdocs.yml"] if (curation.parent / "mkdocs.yml").is_file() else []
    for path in sorted(package.rglob("*.py")) + sorted(p for p in curation.rglob("*.yml") if p.is_file()) + site:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for reader in ("pyyaml", "markdown", "justhtml"):  # front matter is read, bodies rendered and parsed by these
        digest.update(f"{reader}=={metadata.version(reader)}".encode())
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


def _problem(row: list[Any]) -> Problem:
    """A stored [path, line, column, rule, message] row, its shape checked, as its rule's problem."""
    return BY_ID[row[3]].problem(row[0], row[1], row[2], row[4])


def _decode(entry: dict[str, Any]) -> tuple[Card, list[Problem]]:
    data = dict(entry["card"])  # exactly the card's fields: checked by entry_shape
    data["positions"] = {k: tuple(v) for k, v in data["positions"].items()}
    return Card(**data), [_problem(p) for p in entry["problems"]]


class ValidationCache:
    """Results of the previous run, and the results of this one as they are produced."""

    def __init__(self, path: Path, salt_value: str) -> None:
        self.path = path
        self.salt = salt_value
        #: One line per malformed file or entry ignored, for the command to print.
        self.warnings: list[str] = []
        self._old: dict[str, Any] | None = None  # read on first use
        self._members: dict[str, bytes] = {}  # display -> its old entry's member, as read
        self.new: dict[str, Any] = {}  # display -> entry: reused (dict, or its member as read) or fresh (member bytes)
        self._changed = False

    @property
    def old(self) -> dict[str, Any]:
        """The previous run's entries (empty when absent, malformed or salted differently);
        each entry is still to be checked (``entry_shape``) before use."""
        if self._old is None:
            self._old = {}
            data, raw = _read_json(self.path, self.warnings)
            if data is None or (isinstance(data, dict) and data.get("salt") != self.salt):
                return self._old  # absent, or from other code or curation files: not an error
            if isinstance(data, dict) and isinstance(data.get("cards"), dict):
                self._old = data["cards"]
                self._members = _members(raw, self.salt, self._old)
            else:
                self.warnings.append(f"ignoring the cache {_shown(self.path)}: it is not a mapping of salt and cards")
        return self._old

    def by_stat(self, display: str, st: os.stat_result) -> tuple[Card, list[Problem]] | None:
        """The stored result when the file's stat signature is the one recorded with its SHA-256
        (so its bytes are the ones hashed); None when it is not, or there is no usable entry."""
        entry = self._usable(display)
        if entry is None or entry.get("stat") != stat_key(st):
            return None
        self.new[display] = self._members.get(display) or entry
        return _decode(entry)

    def by_content(self, display: str, st: os.stat_result, digest: str) -> tuple[Card, list[Problem]] | None:
        """The stored result when ``digest`` (the SHA-256 of the bytes now in the file, whose
        stat is ``st``) is the one it was checked from."""
        entry = self._usable(display)
        if entry is None or entry.get("sha256") != digest:
            return None
        self.store(display, {**entry, "stat": stat_key(st)})  # remembered under the new stat
        return _decode(entry)

    def known(self, display: str) -> bool:
        """Whether there is an entry for ``display`` to compare the file's bytes with."""
        return display in self.old

    def _usable(self, display: str) -> dict[str, Any] | None:
        entry = self.old.get(display)
        if entry is None:
            return None
        reason = entry_shape(display, entry)
        if reason:
            self._distrust(display, reason)
            return None
        return typing.cast(dict[str, Any], entry)

    def _distrust(self, display: str, reason: str) -> None:
        """A malformed entry: the rest of the file is not trusted either (it is rewritten)."""
        self.warnings.append(f"ignoring the cache {_shown(self.path)}: the entry for '{display}' is malformed ({reason})")
        self._old, self._members = {}, {}
        self._changed = True

    def store(self, display: str, entry: bytes | dict[str, Any]) -> None:
        """Remember a card's entry: freshly checked (from ``entry_member``) or reused by content."""
        self.new[display] = entry
        self._changed = True

    def save(self) -> None:
        """Write this run's entries (cards that vanished are forgotten)."""
        if not self._changed and self.new.keys() == self.old.keys():
            return
        # Fresh entries are encoded JSON already (made where the card was checked, often in a
        # worker process), and unchanged ones are as read: the file is joined, not encoded again.
        cards = _SEPARATOR.join(entry if isinstance(entry, bytes) else _member(display, entry)
                                for display, entry in self.new.items())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fsio.replace_atomically(self.path, _HEADER % json.dumps(self.salt).encode() + cards + _FOOTER, sync=False)
