"""An overall deadline for one request, beyond httpx's per-read timeout.

httpx times out a read that receives nothing, but a server that trickles a byte every few
seconds never trips it. So each request runs in a daemon thread and the caller waits at
most the deadline for the complete answer; past it, or when Ctrl-C abandons requests in
flight (:mod:`ghlsync.plumbing.interrupts`), the caller stops waiting and the thread is left
to die with the process. The deadline is ``GHLSYNC_REQUEST_DEADLINE`` seconds (default 120).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import TypeVar, cast

from ghlsync.errors import UsageError
from ghlsync.plumbing.interrupts import INTERRUPTS, AbandonedRequest

__all__ = ["DEADLINE_VARIABLE", "DEFAULT_DEADLINE_SECONDS", "request_deadline", "run_within"]

DEADLINE_VARIABLE = "GHLSYNC_REQUEST_DEADLINE"
DEFAULT_DEADLINE_SECONDS = 120.0
_LONGEST_DEADLINE = 3600.0
_POLL_SECONDS = 0.05
T = TypeVar("T")


def request_deadline(environ: Mapping[str, str]) -> float:
    """The per-request deadline in seconds, from ``GHLSYNC_REQUEST_DEADLINE`` if set."""
    raw = environ.get(DEADLINE_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_DEADLINE_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= _LONGEST_DEADLINE:
        raise UsageError(
            f"{DEADLINE_VARIABLE} must be a number of seconds above 0 and at most "
            f"{_LONGEST_DEADLINE:g}, got {raw!r}"
        )
    return seconds


def run_within(
    call: Callable[[], T], seconds: float, failure: Callable[[str], Exception] = TimeoutError
) -> T:
    """``call()``'s result or exception, if it ends within ``seconds``.

    Past the deadline raises ``failure(message)``; when requests in flight are abandoned,
    KeyboardInterrupt (then, too, before sending anything). Either way ``call`` is left
    running in its daemon thread.
    """
    era = INTERRUPTS.era
    if INTERRUPTS.abandons(era):
        raise AbandonedRequest
    outcome: list[tuple[bool, object]] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as error:  # handed to the waiting thread, which re-raises it
            outcome.append((False, error))
        finally:
            done.set()

    threading.Thread(target=run, name="ghlsync-request", daemon=True).start()
    if not _waited(done, time.monotonic() + seconds, era):
        raise failure(
            f"no complete answer within {seconds:g} s, the per-request deadline "
            f"({DEADLINE_VARIABLE}); the server is stalled or trickling its answer"
        )
    succeeded, value = outcome[0]
    if not succeeded:
        assert isinstance(value, BaseException)
        raise value
    return cast(T, value)


def _waited(done: threading.Event, deadline: float, era: int) -> bool:
    """Whether ``done`` was set before ``deadline``; raises if requests of ``era`` are
    abandoned."""
    while not done.wait(max(0.0, min(_POLL_SECONDS, deadline - time.monotonic()))):
        if INTERRUPTS.abandons(era):
            raise AbandonedRequest
        if time.monotonic() >= deadline:
            return False
    return True
