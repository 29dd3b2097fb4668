"""Client-side pacing so that concurrent requests stay inside GHL's rate limit.

GHL allows a burst of ``X-RateLimit-Max`` requests per ``X-RateLimit-Interval-Milliseconds``
(documented as 100 per 10,000 ms). :class:`Pacer` keeps a sliding window of its own requests
with the server's count and length, so a run of at most ``max`` requests goes out in one burst.
The server counts a request when it arrives, some moment between our send and its answer; so a
request counts here from its send and, once :meth:`Pacer.settle` is called, from its answer:
however unevenly requests travel, ours expire no sooner than the server's. Then no window of
the server's (sliding, or fixed and reset on the clock) ever holds more than ``max`` of ours,
and a steady run never draws a 429. When the server has less left than we think, someone else
spends the same budget, and we count that too. After a 429 every caller waits, not just the one
that was refused.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Mapping

from ghlsync.client import ratelimit
from ghlsync.client.limits import WAIT_VARIABLE
from ghlsync.errors import GhlsyncError
from ghlsync.plumbing.interrupts import interruptible_sleep

__all__ = ["DEFAULT_INTERVAL_SECONDS", "DEFAULT_MAX_REQUESTS", "Pacer", "WaitTooLong"]

DEFAULT_MAX_REQUESTS = 100
DEFAULT_INTERVAL_SECONDS = 10.0


class WaitTooLong(GhlsyncError):
    """The rate limit asks for a wait past ``GHLSYNC_MAX_WAIT``; the client names the request."""


class Pacer:
    """Thread-safe gate around every request.

    Call :meth:`acquire` before sending, :meth:`settle` with its ticket once the request was
    answered or failed, and :meth:`observe` with the answer's headers and status.
    ``clock`` (seconds, monotonic) and ``sleep`` are injectable for deterministic tests.
    ``spare_requests`` and ``spare_fraction`` are optional margins on count and window (none
    by default: counting from answers is what keeps us inside the server's window);
    ``max_pause`` caps how long a single 429 may stop everyone; a wait longer than
    ``max_wait`` (``GHLSYNC_MAX_WAIT``) is not slept but raised as ``failure(message)``.
    """

    def __init__(
        self,
        *,
        max_requests: int = DEFAULT_MAX_REQUESTS,
        interval: float = DEFAULT_INTERVAL_SECONDS,
        spare_requests: int = 0,
        spare_fraction: float = 0.0,
        max_pause: float = 120.0,
        max_wait: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = interruptible_sleep,
    ) -> None:
        self._max_requests = max_requests
        self._interval = interval
        self._spare_requests = spare_requests
        self._spare_fraction = spare_fraction
        self._max_pause = max_pause
        self._max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._stamps: dict[int, float] = {}  # ticket -> when it was sent, or answered
        self._expiries: list[tuple[float, int]] = []  # heap of (stamp, ticket), some stale
        self._tickets = itertools.count()
        self._blocked_until = float("-inf")
        self._daily_remaining: int | None = None

    @property
    def max_requests(self) -> int:
        return self._max_requests

    @property
    def interval(self) -> float:
        """The server's window, in seconds."""
        return self._interval

    @property
    def daily_remaining(self) -> int | None:
        """The last ``X-RateLimit-Daily-Remaining`` seen, or None before any."""
        return self._daily_remaining

    @property
    def capacity(self) -> int:
        """How many sends the local window admits."""
        return max(1, self._max_requests - self._spare_requests)

    def acquire(self) -> int:
        """Block until a request may be sent, count it as sent, and return its ticket.

        Raises :class:`WaitTooLong` rather than wait longer than ``max_wait``.
        """
        while True:
            with self._lock:
                ticket, wait = self._take_slot_or_wait(self._clock())
            if ticket is not None:
                return ticket
            if wait > self._max_wait:
                raise WaitTooLong(self._too_long(wait))
            self._sleep(wait)

    def _too_long(self, wait: float) -> str:
        return (
            f"the server's rate limit ({self._max_requests} requests per {self._interval:g} s) "
            f"would need a wait of {wait:.0f} s, longer than {WAIT_VARIABLE} "
            f"({self._max_wait:g} s); stopping instead of waiting"
        )

    def settle(self, ticket: int) -> None:
        """The request of ``ticket`` was answered (or failed): it counts from now on."""
        with self._lock:
            self._stamp(ticket, self._clock())

    def observe(self, headers: Mapping[str, str], status: int) -> None:
        """Learn from a response: limits, what the server has left, and 429s."""
        with self._lock:
            now = self._clock()
            self._learn_limits(headers)
            self._learn_remaining(headers, now)
            if status == 429:
                self._pause_everyone(headers, now)

    def _take_slot_or_wait(self, now: float) -> tuple[int | None, float]:
        if self._blocked_until > now:
            return None, self._blocked_until - now
        self._forget_expired(now)
        if len(self._stamps) < self.capacity:
            return self._new_ticket(now), 0.0
        return None, self._expiries[0][0] + self._window() - now

    def _new_ticket(self, now: float) -> int:
        ticket = next(self._tickets)
        self._stamp(ticket, now)
        return ticket

    def _stamp(self, ticket: int, now: float) -> None:
        self._stamps[ticket] = now
        heapq.heappush(self._expiries, (now, ticket))

    def _window(self) -> float:
        return self._interval * (1 + self._spare_fraction)

    def _forget_expired(self, now: float) -> None:
        """Drop tickets older than the window, and stale heap entries of re-stamped ones."""
        window = self._window()
        while self._expiries:
            stamp, ticket = self._expiries[0]
            current = self._stamps.get(ticket)
            if current == stamp and stamp + window > now:  # the same sum as the wait's
                return
            heapq.heappop(self._expiries)
            if current == stamp:
                del self._stamps[ticket]

    def _learn_limits(self, headers: Mapping[str, str]) -> None:
        maximum = ratelimit.header_int(headers, ratelimit.MAX_REQUESTS, minimum=1, maximum=100_000)
        interval = ratelimit.interval_seconds(headers)
        daily = ratelimit.header_int(headers, ratelimit.DAILY_REMAINING)
        self._max_requests = maximum if maximum is not None else self._max_requests
        self._interval = interval if interval is not None else self._interval
        self._daily_remaining = _lowest(self._daily_remaining, daily)

    def _learn_remaining(self, headers: Mapping[str, str], now: float) -> None:
        """When the server has less left than we think, someone else is spending it too."""
        remaining = ratelimit.header_int(headers, ratelimit.REMAINING)
        if remaining is None:
            return
        self._forget_expired(now)
        local_free = self.capacity - len(self._stamps)
        server_free = max(0, remaining - self._spare_requests)
        for _ in range(local_free - server_free):
            self._new_ticket(now)

    def _pause_everyone(self, headers: Mapping[str, str], now: float) -> None:
        pause = ratelimit.retry_after_seconds(headers)
        if pause is None:
            pause = ratelimit.interval_seconds(headers) or self._interval
        self._blocked_until = max(self._blocked_until, now + min(pause, self._max_pause))


def _lowest(known: int | None, seen: int | None) -> int | None:
    """Answers overtake each other, so the lowest daily count seen is the latest one."""
    if known is None or seen is None:
        return seen if known is None else known
    return min(known, seen)
