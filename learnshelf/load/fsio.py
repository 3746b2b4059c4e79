"""Safe reads and writes of files a user or a repository names, and the rules a file breaks by
what it is (unreadable, a symbolic link, not a regular file); nothing more.

Reads: a file named on the command line or found in the repository is read only when it is a
regular file within a size cap. A symbolic link is never followed (it could read a file from
elsewhere) and a FIFO or device is never opened (opening one can block forever or have side
effects), the same rules the docs/ scan applies. ``check_regular`` looks without opening;
``read_regular`` reads, checking again what it opened (the path may change in between).

Writes: files appear whole or not at all, and an existing file is never clobbered. A temporary
file is written and flushed in the target folder, then linked into place (``os.link`` fails if
the target exists) or swapped in with ``os.replace`` after checking the file still holds what
we read. An interrupted write leaves the original untouched.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from learnshelf.model.rules import ERROR, Rule

# The rules a file breaks by what it is (reported by the docs/ scan and by every reader).
UNREADABLE = Rule(
    "unreadable", ERROR,
    "The file cannot be read (permissions, or it vanished).",
    bad="(unreadable file)",
    fixed="(readable file)")

SYMLINK = Rule(
    "symlink", ERROR,
    "Symbolic links are not allowed under docs/: they can publish files from elsewhere.",
    bad="docs/resources/x.md -> /etc/passwd",
    fixed="(a real file)")

NOT_A_FILE = Rule(
    "not-a-file", ERROR,
    ("Only regular files are read, under docs/ and on the command line: reading a named pipe "
     "(FIFO), socket or device would block or read something else."),
    bad="docs/resources/notes.md (a named pipe, made by mkfifo)",
    fixed="docs/resources/notes.md (a regular file)")

#: Flags for every read: no link followed at the last step, no waiting for a FIFO's writer.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
#: The link-check cache and report files (written by ``learnshelf links``, read by the site).
MAX_LINK_FILE_BYTES = 64 * 1024 * 1024


class Refused(Exception):
    """A path that is not a regular file within its size cap; nothing was read from it.

    ``kind`` says why, for callers that report a rule: ``symlink``, ``not-a-file`` or
    ``too-large``; ``str()`` explains it in words that fit after "'PATH': "."""

    def __init__(self, kind: str, message: str, size: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        self.size = size


def _judge(st: os.stat_result, limit: int) -> None:
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        raise Refused(SYMLINK.id, "it is a symbolic link, which is never followed; name the file itself")
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise Refused(NOT_A_FILE.id, f"it is {what}; only regular files are read")
    if st.st_size > limit:
        raise Refused("too-large", f"it is {st.st_size:,} bytes; at most {limit:,} bytes are read", st.st_size)


def check_regular(path: str | Path, limit: int) -> os.stat_result:
    """The stat of ``path`` itself (a link is not followed) when it is a regular file of at most
    ``limit`` bytes. Raises ``Refused`` otherwise, ``OSError`` when it cannot be looked at."""
    st = os.lstat(path)
    _judge(st, limit)
    return st


def read_regular(path: str | Path, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes and stat of the regular file ``path``, by ``check_regular``'s rules. Raises
    ``Refused`` or ``OSError``; never reads more than ``limit`` bytes."""
    check_regular(path, limit)  # first, so that a FIFO or a device is never even opened
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as err:
        if err.errno == errno.ELOOP:  # replaced by a link since the check
            raise Refused(SYMLINK.id, "it is a symbolic link, which is never followed; name the file itself") from None
        raise
    try:
        st = os.fstat(fd)
        _judge(st, limit)  # what was opened is what counts
        # Up to the size fstat gave: a file growing meanwhile gets a new mtime, so no cache
        # trusts this read for longer than it should, and the cap holds. One read, usually.
        chunks: list[bytes] = []
        size = 0
        while size < st.st_size:
            chunk = os.read(fd, st.st_size - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks), st


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


def write_new(path: Path, text: str, sync: bool = True) -> None:
    """Create ``path`` holding ``text``; raise ``FileExistsError`` if it already exists. Without
    ``sync`` the file is not flushed to disk (a batch of files is, once, by the caller)."""
    tmp = _temp_copy(path, text, sync)
    try:
        os.link(tmp, path)
    finally:
        os.unlink(tmp)


def replace_unchanged(path: Path, expected: bytes, text: str) -> None:
    """Replace ``path`` with ``text`` only if it still holds ``expected`` bytes."""
    tmp = _temp_copy(path, text)
    try:
        try:  # by the read rules: a link or FIFO swapped in since reading counts as a change
            now, _ = read_regular(path, len(expected))
        except (Refused, FileNotFoundError):
            raise ChangedUnderfoot(str(path)) from None
        if now != expected:
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

