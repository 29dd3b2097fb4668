"""GHL-style rate limiting per location: a sliding burst window plus a daily quota."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["RateLimiter"]

_DAY_SECONDS = 86_400.0


@dataclass(slots=True)
class _Usage:
    recent: deque[float] = field(default_factory=deque)
    day: int = 0
    today: int = 0


class RateLimiter:
    """Counts admitted requests per location. The caller serializes calls (the sandbox lock)."""

    def __init__(
        self, burst_max: int, interval_ms: int, daily_max: int, clock: Callable[[], float]
    ) -> None:
        self.burst_max = burst_max
        self.interval_seconds = interval_ms / 1000.0
        self.daily_max = daily_max
        self._clock = clock
        self._usage: dict[str, _Usage] = {}

    def is_exhausted(self, location_id: str) -> bool:
        usage = self._current(location_id)
        return len(usage.recent) >= self.burst_max or usage.today >= self.daily_max

    def record(self, location_id: str) -> None:
        usage = self._current(location_id)
        usage.recent.append(self._clock())
        usage.today += 1

    def headers(self, location_id: str) -> dict[str, str]:
        usage = self._current(location_id)
        return {
            "X-RateLimit-Max": str(self.burst_max),
            "X-RateLimit-Remaining": str(max(0, self.burst_max - len(usage.recent))),
            "X-RateLimit-Interval-Milliseconds": str(round(self.interval_seconds * 1000)),
            "X-RateLimit-Limit-Daily": str(self.daily_max),
            "X-RateLimit-Daily-Remaining": str(max(0, self.daily_max - usage.today)),
        }

    def retry_after_seconds(self, location_id: str) -> int:
        """Whole seconds (rounded up, at least 1) until a request would be admitted again."""
        usage = self._current(location_id)
        now = self._clock()
        if usage.today >= self.daily_max:
            wait = (usage.day + 1) * _DAY_SECONDS - now
        elif len(usage.recent) >= self.burst_max:
            wait = usage.recent[len(usage.recent) - self.burst_max] + self.interval_seconds - now
        else:
            wait = 0.0
        return max(1, math.ceil(wait))

    def _current(self, location_id: str) -> _Usage:
        now = self._clock()
        usage = self._usage.setdefault(location_id, _Usage(day=self._day(now)))
        while usage.recent and usage.recent[0] <= now - self.interval_seconds:
            usage.recent.popleft()
        if usage.day != self._day(now):
            usage.day, usage.today = self._day(now), 0
        return usage

    @staticmethod
    def _day(now: float) -> int:
        return math.floor(now / _DAY_SECONDS)
