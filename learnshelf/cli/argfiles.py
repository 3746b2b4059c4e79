"""Files named on the command line, checked or read by fsio's rules (regular files within a
cap, never through a symbolic link, never a FIFO); a refusal is a ``UsageError`` that names the
file and says why. Used by every command that takes a file but ``validate``, whose files are
cards: the library reads those and reports each one's problems. Nothing more (which commands name
which files, and their caps, stay with the commands).
"""

from __future__ import annotations

import sys
from pathlib import Path

from learnshelf.load import fsio


class UsageError(Exception):
    """A mistake in how the command was called or configured: exit 2 with a message (defined
    here, the lowest module that raises it; ``learnshelf.cli.main`` catches it)."""


def missing(name: str, err: OSError) -> str:
    """Why the file ``name`` could not be looked at, in words."""
    return f"'{name}' does not exist" if isinstance(err, FileNotFoundError) else f"cannot read '{name}': {err.strerror}"


def card_argument(name: str) -> Path:
    """A card file named on the command line, by the rules for reading it (fsio)."""
    from learnshelf.load.cardfile import MAX_CARD_BYTES  # here: it imports YAML, which a cached run never needs

    return file_argument(name, MAX_CARD_BYTES, "as a card")


def file_argument(name: str, limit: int, use: str, may_be_new: bool = False) -> Path:
    """A file named on the command line, by fsio's rules for reading it (a usage error if not);
    ``may_be_new``: one the command creates when absent (a cache)."""
    try:
        fsio.check_regular(name, limit)
    except FileNotFoundError as err:
        if not may_be_new:
            raise UsageError(missing(name, err)) from None
    except OSError as err:
        raise UsageError(missing(name, err)) from None
    except fsio.Refused as err:
        raise UsageError(f"'{name}' cannot be used {use}: {err}") from None
    return Path(name)


def read_input(name: str, limit: int) -> tuple[str, str]:
    """(text, display name) of a file argument of at most ``limit`` bytes, '-' meaning standard
    input; read by the rules for named files (fsio: no link, no FIFO)."""
    shown = "standard input" if name == "-" else f"'{name}'"
    try:
        if name == "-":  # a pipe, as expected here: waiting for its writer is the point
            data = sys.stdin.buffer.read(limit + 1)
            if len(data) > limit:
                raise UsageError(f"standard input is over {limit:,} bytes; at most {limit:,} bytes are read")
        else:
            data, _ = fsio.read_regular(name, limit)
        return data.decode("utf-8-sig"), "stdin" if name == "-" else name
    except fsio.Refused as err:
        raise UsageError(f"{shown} cannot be read: {err}") from None
    except OSError as err:
        raise UsageError(missing(name, err)) from None
    except UnicodeDecodeError as err:
        raise UsageError(f"{shown} is not UTF-8 text (byte {err.start + 1}); save it as UTF-8") from None
