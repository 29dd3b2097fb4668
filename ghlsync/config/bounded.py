"""Read a user-named input file without trusting it: regular files only, size bounded.

``-c /dev/zero``, a FIFO or a directory must fail at once with a clear message instead of
hanging or exhausting memory; see README.md, "Safety model".
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ghlsync.errors import GhlsyncError

__all__ = ["MAX_CONFIG_BYTES", "MAX_PLAN_BYTES", "read_bounded"]

MAX_CONFIG_BYTES = 8 * 1024 * 1024
MAX_PLAN_BYTES = 64 * 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _open(path: Path, what: str, error: type[GhlsyncError]) -> int:
    try:
        return os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise error(f"cannot read {what} {path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{what} is a directory: {path}") from None
    except OSError as failure:
        raise error(f"cannot read {what} {path}: {failure.strerror}") from None


def _check_regular(descriptor: int, path: Path, what: str, error: type[GhlsyncError]) -> None:
    mode = os.fstat(descriptor).st_mode
    if stat.S_ISDIR(mode):
        raise error(f"{what} is a directory: {path}")
    if not stat.S_ISREG(mode):
        raise error(f"{what} is not a regular file (a device, pipe or socket): {path}")


def _read_at_most(descriptor: int, limit: int) -> bytes:
    with os.fdopen(descriptor, "rb", closefd=False) as stream:
        return stream.read(limit + 1)


def read_bounded(path: Path, limit: int, what: str, error: type[GhlsyncError]) -> bytes:
    """The bytes of the regular file ``path``; ``error(message)`` when it is anything else.

    Opening does not block on a FIFO; a file over ``limit`` bytes is refused unread.
    """
    descriptor = _open(path, what, error)
    try:
        _check_regular(descriptor, path, what, error)
        raw = _read_at_most(descriptor, limit)
    except OSError as failure:
        raise error(f"cannot read {what} {path}: {failure.strerror}") from None
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise error(f"{what} {path} is larger than {_megabytes(limit)}: refused")
    return raw
