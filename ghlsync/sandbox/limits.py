"""GHL-style rate limiting per location: a burst window plus a daily quota.

The burst window slides by default (a request counts for the interval after it arrived);
``fixed=True`` counts per interval of the clock instead (all counts reset at each multiple of
the interval), the other way a server may implement "N per interval". GHL does not say which
it uses, so the client must stay inside both.
"""

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
    window: int = 0
    day: int = 0
    today: int = 0


class RateLimiter:
    """Counts admitted requests per location. The caller serializes calls (the sandbox lock)."""

    def __init__(
        self,
        burst_max: int,
        interval_ms: int,
        daily_max: int,
        clock: Callable[[], float],
        *,
        fixed: bool = False,
    ) -> None:
        self.burst_max = burst_max
        self.interval_seconds = interval_ms / 1000.0
        self.daily_max = daily_max
        self.fixed = fixed
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
            wait = self._window_frees(usage, now)
        else:
            wait = 0.0
        return max(1, math.ceil(wait))

    def _window_frees(self, usage: _Usage, now: float) -> float:
        """Seconds until the full burst window admits a request again."""
        if self.fixed:
            return (usage.window + 1) * self.interval_seconds - now
        return usage.recent[len(usage.recent) - self.burst_max] + self.interval_seconds - now

    def _current(self, location_id: str) -> _Usage:
        now = self._clock()
        usage = self._usage.setdefault(location_id, _Usage(day=self._day(now)))
        if self.fixed:
            self._reset_fixed_window(usage, now)
        while usage.recent and usage.recent[0] <= now - self.interval_seconds:
            usage.recent.popleft()
        if usage.day != self._day(now):
            usage.day, usage.today = self._day(now), 0
        return usage

    def _reset_fixed_window(self, usage: _Usage, now: float) -> None:
        window = math.floor(now / self.interval_seconds)
        if usage.window != window:
            usage.window = window
            usage.recent.clear()

    @staticmethod
    def _day(now: float) -> int:
        return math.floor(now / _DAY_SECONDS)
