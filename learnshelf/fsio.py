"""Safe writes: files appear whole or not at all, and an existing file is never clobbered.

A temporary file is written and flushed in the target folder, then linked into place
(``os.link`` fails if the target exists) or swapped in with ``os.replace`` after checking the
file still holds what we read. An interrupted write leaves the original untouched.
"""

from __future__ import annotations

import os
from pathlib import Path


class ChangedUnderfoot(Exception):
    """The file changed between reading and writing; nothing was written."""


def _temp_copy(path: Path, text: str | bytes, sync: bool = True) -> str:
    import tempfile  # here: a validation answered from its cache writes nothing (3 ms of imports)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".learnshelf-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_new(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``; raise ``FileExistsError`` if it already exists."""
    tmp = _temp_copy(path, text)
    try:
        os.link(tmp, path)
    finally:
        os.unlink(tmp)


def replace_unchanged(path: Path, expected: bytes, text: str) -> None:
    """Replace ``path`` with ``text`` only if it still holds ``expected`` bytes."""
    tmp = _temp_copy(path, text)
    try:
        if path.read_bytes() != expected:
            raise ChangedUnderfoot(str(path))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def replace_atomically(path: Path, text: str | bytes, sync: bool = True) -> None:
    """Write ``path`` whole or not at all (for generated files such as caches and reports).
    ``sync=False`` skips waiting for the disk: for a cache, whose reader treats a file cut short
    by a power loss as absent."""
    tmp = _temp_copy(path, text, sync)
    try:
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

