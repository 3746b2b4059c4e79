"""A small synchronous client for the Pagefind indexer's ``--service`` protocol; nothing more.

The ``pagefind`` Python wrapper speaks the same protocol but polls for each response with a
100 ms sleep, which costs 100 s per 1,000 records (measured: 200 records took 20.2 s whatever
the batching). Here each request is a base64-encoded JSON message ended by ``,`` on the
binary's stdin, and each response comes back the same way on stdout, read as soon as it is
written. Records are streamed one at a time, so memory on our side stays flat.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path
from typing import Any

#: Messages sent before reading their responses: enough to hide the round trip, small enough
#: that the responses (~100 bytes each) never fill the pipe while we are still writing.
WINDOW = 64


#: What every index part needs: its data.
DATA_FOLDERS = ("index", "filter", "fragment")
ENTRY = "pagefind-entry.json"
#: What a Pagefind loads from its own bundle folder besides the data (one file per language).
WASM = "wasm."
#: The module our search workers import, from the first bundle only. Pagefind's own UI bundles
#: and worker script are never written: the search page does not use them (~460 KB).
SCRIPT = "pagefind.js"


class PagefindError(RuntimeError):
    """The indexer reported an error or stopped."""


def _executable() -> str:
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return override
    from pagefind_bin import get_executable  # type: ignore[import-untyped]  # binary in the pagefind-bin wheel

    return str(get_executable())


class PagefindIndexer:
    """One index: ``add`` records, then ``write`` the files. Use as a context manager."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([_executable(), "--service"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._buffer = b""
        self._next_id = 0
        self._pending = 0
        self._index = int(self._call({"type": "NewIndex", "config": None})["index_id"])

    def __enter__(self) -> PagefindIndexer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, payload: dict[str, Any]) -> None:
        assert self._proc.stdin is not None
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8")
        self._proc.stdin.write(base64.b64encode(message) + b",")
        self._pending += 1

    def _receive(self) -> dict[str, Any]:
        assert self._proc.stdout is not None and self._proc.stdin is not None
        self._proc.stdin.flush()
        while b"," not in self._buffer:
            chunk = os.read(self._proc.stdout.fileno(), 1 << 16)
            if not chunk:
                raise PagefindError("the Pagefind indexer stopped unexpectedly")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b",", 1)
        self._pending -= 1
        payload: dict[str, Any] = json.loads(base64.b64decode(raw))["payload"]
        if payload.get("type") == "Error":
            raise PagefindError(str(payload.get("message")))
        return payload

    def _drain(self) -> None:
        while self._pending:
            self._receive()

    def _call(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._drain()
        self._send(payload)
        return self._receive()

    def add(self, url: str, content: str, language: str, meta: dict[str, str],
            filters: dict[str, list[str]], sort: dict[str, str]) -> None:
        """Queue one record (responses are checked in windows of ``WINDOW``)."""
        self._send({"type": "AddRecord", "index_id": self._index, "url": url, "content": content,
                    "language": language, "meta": meta, "filters": filters, "sort": sort})
        if self._pending >= WINDOW:
            self._drain()

    def write(self, output: Path, wasm: bool = False, script: bool = False) -> None:
        """Write the index data (entry, metadata, chunks, fragments) to ``output``, plus the
        WebAssembly with ``wasm`` and ``pagefind.js`` with ``script``.

        We ask for the files and write them ourselves: the service's own ``WriteFiles`` answers
        before its writes are finished, and an indexer that stops right after it left empty
        files behind (seen: one ``pagefind-entry.json`` of 0 bytes in 20 parts)."""
        response = self._call({"type": "GetFiles", "index_id": self._index})
        for item in response["files"]:
            relative = Path(item["path"])
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                raise PagefindError(f"the indexer returned an unexpected path: {item['path']}")
            if not (relative.parts[0] in DATA_FOLDERS or relative.name == ENTRY or relative.suffix == ".pf_meta"
                    or (wasm and relative.name.startswith(WASM)) or (script and relative.name == SCRIPT)):
                continue
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(item["content"]))

    def close(self) -> None:
        """Stop the indexer process."""
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait(timeout=30)
