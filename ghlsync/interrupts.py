"""What Ctrl-C means to requests in flight, shared by every client in the process.

The first Ctrl-C stops every wait at once (pacing, retry backoff): the waiting call raises
KeyboardInterrupt, so a task that had not yet been answered ends as not done. Requests on
the wire get a short grace to finish (:data:`GRACE_SECONDS`), then are abandoned; a second
Ctrl-C abandons them at once. SIGTERM (a CI job cancelled or timed out) means the same as
Ctrl-C; the process then exits 143 instead of 130. :mod:`ghlsync.runner` (which owns the
thread pool and the signal handlers) sets these; the client only obeys.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

__all__ = [
    "GRACE_SECONDS",
    "INTERRUPTS",
    "AbandonedRequest",
    "Interrupts",
    "interruptible_sleep",
    "raise_on_sigterm",
]

GRACE_SECONDS = 1.0
"""How long requests on the wire may still finish after the first Ctrl-C or SIGTERM."""


class AbandonedRequest(KeyboardInterrupt):
    """A request on the wire was given up after an interruption: the server may have done it."""


class Interrupts:
    """Two process-wide flags: stop waiting, and abandon requests in flight."""

    def __init__(self) -> None:
        self._stop_waiting = threading.Event()
        self._abandon = threading.Event()
        self._terminated = threading.Event()

    @property
    def abandoned(self) -> bool:
        return self._abandon.is_set()

    @property
    def terminated(self) -> bool:
        """Whether a SIGTERM arrived (never reset: the process is ending)."""
        return self._terminated.is_set()

    def note_signal(self, signum: int) -> None:
        if signum == signal.SIGTERM:
            self._terminated.set()

    def stop_waiting(self) -> None:
        self._stop_waiting.set()

    def abandon_requests(self) -> None:
        self._stop_waiting.set()
        self._abandon.set()

    def reset(self) -> None:
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
