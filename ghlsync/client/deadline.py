"""An overall deadline for one request, beyond httpx's per-read timeout.

httpx times out a read that receives nothing, but a server that trickles a byte every few
seconds never trips it. So each request runs in a daemon thread and the caller waits at
most the deadline for the complete answer; past it, or when Ctrl-C abandons requests in
flight (:mod:`ghlsync.plumbing.interrupts`), the caller stops waiting and the thread is left
to die with the process. The deadline is ``GHLSYNC_REQUEST_DEADLINE`` seconds (default 120).

The daemon threads are kept and reused (a fleet sends thousands of requests: starting a
thread for each cost more CPU than the request), and the caller sleeps until the answer or
an interruption wakes it, instead of waking to look.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar, cast

from ghlsync.errors import UsageError
from ghlsync.plumbing.interrupts import INTERRUPTS, AbandonedRequest

__all__ = ["DEADLINE_VARIABLE", "DEFAULT_DEADLINE_SECONDS", "request_deadline", "run_within"]

DEADLINE_VARIABLE = "GHLSYNC_REQUEST_DEADLINE"
DEFAULT_DEADLINE_SECONDS = 120.0
_LONGEST_DEADLINE = 3600.0
_POLL_SECONDS = 0.05
_IDLE_SECONDS = 30.0
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
    answered: queue.SimpleQueue[None] = queue.SimpleQueue()  # lighter than an Event

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as error:  # handed to the waiting thread, which re-raises it
            outcome.append((False, error))
        finally:
            answered.put(None)

    INTERRUPTS.wake_on_stop(answered)
    try:
        _WORKERS.run(run)
        if not _waited(outcome, answered, time.monotonic() + seconds, era):
            raise failure(
                f"no complete answer within {seconds:g} s, the per-request deadline "
                f"({DEADLINE_VARIABLE}); the server is stalled or trickling its answer"
            )
    finally:
        INTERRUPTS.forget_wake(answered)
    succeeded, value = outcome[0]
    if not succeeded:
        assert isinstance(value, BaseException)
        raise value
    return cast(T, value)


def _waited(
    outcome: Sequence[object], wake: queue.SimpleQueue[None], deadline: float, era: int
) -> bool:
    """Whether ``outcome`` was filled before ``deadline``; raises if requests of ``era`` are
    abandoned. The answer, or an interruption, puts on ``wake``: then the requests on the wire
    have a grace (:mod:`ghlsync.plumbing.interrupts`), looked at every few hundredths."""
    while not outcome:
        if INTERRUPTS.abandons(era):
            raise AbandonedRequest
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if INTERRUPTS.stopping:
            INTERRUPTS.wait_for_abandon(min(_POLL_SECONDS, left))
        else:
            with contextlib.suppress(queue.Empty):
                wake.get(timeout=left)
    return True


class _Workers:
    """Daemon threads that run one call at a time and then wait for the next; one idle for
    :data:`_IDLE_SECONDS` ends. A call nobody waits for any more keeps its thread busy until
    it ends (or the process does)."""

    def __init__(self) -> None:
        self._idle: list[queue.SimpleQueue[Callable[[], None]]] = []
        self._lock = threading.Lock()

    def run(self, call: Callable[[], None]) -> None:
        with self._lock:
            calls = self._idle.pop() if self._idle else None
        if calls is None:
            calls = queue.SimpleQueue()
            thread = threading.Thread(
                target=self._serve, args=(calls,), name="ghlsync-request", daemon=True
            )
            thread.start()
        calls.put(call)

    def _serve(self, calls: queue.SimpleQueue[Callable[[], None]]) -> None:
        while True:
            try:
                call = calls.get(timeout=_IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if calls in self._idle:
                        self._idle.remove(calls)
                        return
                call = calls.get()  # taken just as it timed out: a call is on its way
            call()
            del call  # the answer it holds is not kept while idle
            with self._lock:
                self._idle.append(calls)


_WORKERS = _Workers()
