"""What Ctrl-C means to requests in flight, shared by every client in the process.

The first Ctrl-C stops every wait at once (pacing, retry backoff): the waiting call raises
KeyboardInterrupt, so a task that had not yet been answered ends as not done. Requests on
the wire are left to finish. A second Ctrl-C abandons those too. :mod:`ghlsync.runner`
(which owns the thread pool and the SIGINT handler) sets these; the client only obeys.
"""

from __future__ import annotations

import threading

__all__ = ["INTERRUPTS", "Interrupts", "interruptible_sleep"]


class Interrupts:
    """Two process-wide flags: stop waiting, and abandon requests in flight."""

    def __init__(self) -> None:
        self._stop_waiting = threading.Event()
        self._abandon = threading.Event()

    @property
    def abandoned(self) -> bool:
        return self._abandon.is_set()

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
