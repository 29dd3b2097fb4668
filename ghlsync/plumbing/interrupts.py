"""What Ctrl-C means to requests in flight, shared by every client in the process.

The first Ctrl-C stops every wait at once (pacing, retry backoff): the waiting call raises
KeyboardInterrupt, so a task that had not yet been answered ends as not done. Requests on
the wire get a short grace to finish (:data:`GRACE_SECONDS`), then are abandoned; a second
Ctrl-C abandons them at once. SIGTERM (a CI job cancelled or timed out) means the same as
Ctrl-C; the process then exits 143 instead of 130. :mod:`ghlsync.plumbing.runner` (which owns the
thread pool and the signal handlers) sets these; the client only obeys.

The grace is kept here, not by whoever waits for the request: a request sent on the main thread
while a handler only sets flags, or by a thread no pool tracks, is abandoned all the same. A
request abandoned stays abandoned when the flags are reset for the next run (see
:meth:`Interrupts.abandons`).
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType
from typing import Protocol

__all__ = [
    "GRACE_SECONDS",
    "INTERRUPTS",
    "AbandonedRequest",
    "Interrupts",
    "Wakeable",
    "interruptible_sleep",
    "raise_on_sigterm",
]

GRACE_SECONDS = 1.0
"""How long requests on the wire may still finish after the first Ctrl-C or SIGTERM."""


class Wakeable(Protocol):
    """What an interruption wakes: a queue someone sleeps on (``queue.SimpleQueue``)."""

    def put(self, item: None) -> None: ...


class AbandonedRequest(KeyboardInterrupt):
    """A request on the wire was given up after an interruption: the server may have done it."""


class Interrupts:
    """Two process-wide flags: stop waiting, and abandon requests in flight.

    Each :meth:`reset` after an interruption starts a new era; a request remembers the
    :attr:`era` it was sent in, and every request of an interrupted era stays abandoned.
    """

    def __init__(self) -> None:
        self._stop_waiting = threading.Event()
        self._abandon = threading.Event()
        self._terminated = threading.Event()
        self._lock = threading.Lock()
        self._stopped_at: float | None = None
        self._era = 0
        self._abandoned_through = -1
        self._wakes: set[Wakeable] = set()

    @property
    def era(self) -> int:
        return self._era

    @property
    def abandoned(self) -> bool:
        """Whether requests on the wire are given up: asked for, or the grace has run out."""
        stopped_at = self._stopped_at
        graced = stopped_at is not None and time.monotonic() - stopped_at >= GRACE_SECONDS
        return graced or self._abandon.is_set()

    def abandons(self, era: int) -> bool:
        """Whether a request sent in ``era`` is to be given up now (never undone by a reset)."""
        return era <= self._abandoned_through or self.abandoned

    @property
    def stopping(self) -> bool:
        """Whether waits are stopped: requests on the wire are in their grace, or abandoned."""
        return self._stop_waiting.is_set()

    def wake_on_stop(self, wake: Wakeable) -> None:
        """From now on, stopping waits (or abandoning requests) puts None on ``wake``: whoever
        waits there for an answer needs no polling to notice an interruption. Undone by
        :meth:`forget_wake`."""
        with self._lock:
            self._wakes.add(wake)

    def forget_wake(self, wake: Wakeable) -> None:
        with self._lock:
            self._wakes.discard(wake)

    def wait_for_abandon(self, seconds: float) -> None:
        """Wait up to ``seconds`` for requests to be abandoned (during the grace)."""
        self._abandon.wait(seconds)

    @property
    def terminated(self) -> bool:
        """Whether a SIGTERM arrived (never reset: the process is ending)."""
        return self._terminated.is_set()

    def note_signal(self, signum: int) -> None:
        if signum == signal.SIGTERM:
            self._terminated.set()

    def stop_waiting(self) -> None:
        with self._lock:
            if self._stopped_at is None:
                self._stopped_at = time.monotonic()
            self._stop_waiting.set()
            wakes = tuple(self._wakes)
        for wake in wakes:
            wake.put(None)

    def abandon_requests(self) -> None:
        self.stop_waiting()
        self._abandon.set()

    def reset(self) -> None:
        """Re-arm waits and requests for the next run; those of an interrupted one stay given up."""
        with self._lock:
            if self._stopped_at is not None:
                self._abandoned_through = self._era
                self._era += 1
            self._stopped_at = None
            self._stop_waiting.clear()
            self._abandon.clear()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``; raise KeyboardInterrupt as soon as waits are stopped."""
        if self._stop_waiting.wait(max(0.0, seconds)):
            raise KeyboardInterrupt


INTERRUPTS = Interrupts()


def interruptible_sleep(seconds: float) -> None:
    """The default sleep of pacing and retries: ends early (raising) on Ctrl-C."""
    INTERRUPTS.sleep(seconds)


def raise_on_sigterm() -> None:
    """From now on SIGTERM interrupts the main thread as Ctrl-C does (main thread only)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    INTERRUPTS.note_signal(signum)
    raise KeyboardInterrupt
