"""The state file on disk: bounded reading, atomic writing, and one writer at a time.

Two processes pointed at the same state file would each load it, change their copy and save
it back, the last save silently dropping the other's writes. :class:`StateFileLock` prevents
that: every user of a state file (``--sandbox`` runs, ``ghlsync sandbox serve --state``) holds
an exclusive ``fcntl.flock`` on a sidecar ``<file>.lock`` for as long as it uses the file. A
second user waits up to ``wait_seconds`` for the first to finish, then fails with a message
naming the file.

The lock belongs to the file, not to the name it was reached by: the sidecar sits beside the
resolved path (a symlink, or a symlinked directory, finds the same lock), users read and write
that resolved path (:attr:`StateFileLock.state_path`: saving through a symlink would replace
the link), a state file with more than one hard link is refused (an atomic save would split
the names into two files), and this process keys the locks it holds by the lock file's device
and inode.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from typing import IO

from ghlsync.client.wellformed import is_well_formed
from ghlsync.errors import UsageError
from ghlsync.plumbing.atomic import write_text_atomically

__all__ = [
    "LOCK_WAIT_SECONDS",
    "MAX_STATE_BYTES",
    "StateFileLock",
    "parse_json_text",
    "read_json_file",
    "render_json",
    "write_json_atomically",
]

MAX_STATE_BYTES = 256 * 1024 * 1024
LOCK_WAIT_SECONDS = 30.0
_LOCK_POLL_SECONDS = 0.05
_HELD_HERE: set[tuple[int, int]] = set()
"""Lock files (device, inode) this process holds: a second open here would wait for itself."""


def read_json_file(path: Path) -> object | None:
    """The file's JSON value, None when it does not exist; UsageError when unusable."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_STATE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UsageError(f"cannot read sandbox state {path}: {error.strerror}") from None
    if len(data) > MAX_STATE_BYTES:
        raise UsageError(
            f"sandbox state {path} is larger than {MAX_STATE_BYTES // (1024 * 1024)} MiB; "
            "refusing to load it"
        )
    return parse_json_text(data, f"sandbox state {path}")


def parse_json_text(data: bytes | str, origin: str) -> object:
    """Parse JSON; UsageError naming ``origin`` when invalid or nested too deeply."""
    try:
        parsed = json.loads(data)
    except RecursionError:
        raise UsageError(f"{origin} is nested too deeply to be a sandbox state") from None
    except ValueError as error:
        raise UsageError(f"{origin} is not valid JSON: {str(error)[:200]}") from None
    if not is_well_formed(parsed):
        raise UsageError(f"{origin} is not valid text: it holds a lone surrogate (\\ud800-\\udfff)")
    return parsed


def render_json(value: object, depth: int = 0) -> str:
    """Indented JSON, except that flat objects (one association, relation...) take one line."""
    inner = "  " * (depth + 1)
    if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
        items = [f"{inner}{json.dumps(k)}: {render_json(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        items = [inner + render_json(v, depth + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"
    return json.dumps(value, ensure_ascii=False)


def write_json_atomically(path: Path, data: object) -> None:
    """Write JSON to a temporary file beside ``path``, then rename it over ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, render_json(data) + "\n")
    except OSError as error:
        raise UsageError(f"cannot write sandbox state {path}: {error.strerror}") from None


class StateFileLock:
    """An exclusive lock on ``<resolved state file>.lock``, held until :meth:`release`."""

    def __init__(self, state_path: Path, wait_seconds: float | None = None) -> None:
        self.state_path = _resolved(state_path)
        self.path = self.state_path.with_name(self.state_path.name + ".lock")
        wait = LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds
        _refuse_hard_links(self.state_path, state_path)
        self._stream: IO[str] | None = None
        self._identity = (0, 0)
        self._stream = self._acquire(state_path, wait)

    def _acquire(self, state_path: Path, wait_seconds: float) -> IO[str]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            stream = self.path.open("a+", encoding="utf-8")
            status = os.fstat(stream.fileno())
        except OSError as error:
            raise UsageError(f"cannot lock sandbox state {state_path}: {error.strerror}") from None
        self._identity = (status.st_dev, status.st_ino)
        if self._identity in _HELD_HERE:
            stream.close()
            raise UsageError(f"sandbox state {state_path} is already open in this process")
        if not _wait_for_lock(stream, wait_seconds):
            stream.close()
            raise UsageError(
                f"sandbox state {state_path} is in use by another ghlsync process "
                f"(waited {wait_seconds:g}s for {self.path}); run one at a time"
            )
        _HELD_HERE.add(self._identity)
        return stream

    def release(self) -> None:
        if self._stream is not None:
            _HELD_HERE.discard(self._identity)
            fcntl.flock(self._stream, fcntl.LOCK_UN)
            self._stream.close()
            self._stream = None


def _resolved(state_path: Path) -> Path:
    try:
        return state_path.resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop
        raise UsageError(f"cannot resolve sandbox state {state_path}: {error}") from None


def _refuse_hard_links(resolved: Path, given: Path) -> None:
    try:
        links = resolved.stat().st_nlink
    except FileNotFoundError:
        return
    except OSError as error:
        raise UsageError(f"cannot read sandbox state {given}: {error.strerror}") from None
    if links > 1:
        raise UsageError(
            f"sandbox state {given} has {links} hard links: each name would be a separate file "
            "after a save, with no common lock; use one file (or a symlink to it)"
        )


def _wait_for_lock(stream: IO[str], wait_seconds: float) -> bool:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_LOCK_POLL_SECONDS)
