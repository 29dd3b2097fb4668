"""The state file on disk: bounded reading, atomic writing, and one writer at a time.

Two processes pointed at the same state file would each load it, change their copy and save
it back, the last save silently dropping the other's writes. :class:`StateFileLock` prevents
that: every user of a state file (``--sandbox`` runs, ``ghlsync sandbox serve --state``) holds
an exclusive ``fcntl.flock`` on a sidecar ``<file>.lock`` for as long as it uses the file. A
second user waits up to ``wait_seconds`` for the first to finish, then fails with a message
naming the file.
"""

from __future__ import annotations

import fcntl
import json
import time
from pathlib import Path
from typing import IO

from ghlsync.atomic import write_text_atomically
from ghlsync.client.wellformed import is_well_formed
from ghlsync.errors import UsageError

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
_HELD_HERE: set[Path] = set()
"""Lock files this process holds: a second open here would wait for itself."""


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
    """An exclusive lock on ``<state file>.lock``, held until :meth:`release`."""

    def __init__(self, state_path: Path, wait_seconds: float | None = None) -> None:
        self.path = state_path.with_name(state_path.name + ".lock")
        wait = LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds
        self._stream: IO[str] | None = self._acquire(state_path, wait)

    def _acquire(self, state_path: Path, wait_seconds: float) -> IO[str]:
        if self.path.resolve() in _HELD_HERE:
            raise UsageError(f"sandbox state {state_path} is already open in this process")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            stream = self.path.open("a+", encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot lock sandbox state {state_path}: {error.strerror}") from None
        if not _wait_for_lock(stream, wait_seconds):
            stream.close()
            raise UsageError(
                f"sandbox state {state_path} is in use by another ghlsync process "
                f"(waited {wait_seconds:g}s for {self.path}); run one at a time"
            )
        _HELD_HERE.add(self.path.resolve())
        return stream

    def release(self) -> None:
        if self._stream is not None:
            _HELD_HERE.discard(self.path.resolve())
            fcntl.flock(self._stream, fcntl.LOCK_UN)
            self._stream.close()
            self._stream = None


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
