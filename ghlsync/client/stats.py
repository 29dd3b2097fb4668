"""Thread-safe request counters: the daily-quota warning and the benchmarks read them."""

from __future__ import annotations

import threading
from collections import Counter

__all__ = ["ClientStats"]


class ClientStats:
    """Counts requests sent (per endpoint), 429 answers, and retries."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_endpoint: Counter[str] = Counter()
        self._throttled = 0
        self._retries = 0

    def record_request(self, endpoint: str) -> None:
        with self._lock:
            self._by_endpoint[endpoint] += 1

    def record_throttled(self) -> None:
        with self._lock:
            self._throttled += 1

    def record_retry(self) -> None:
        with self._lock:
            self._retries += 1

    @property
    def requests(self) -> int:
        with self._lock:
            return sum(self._by_endpoint.values())

    @property
    def reads(self) -> int:
        """How many requests sent were GETs (read progress must not count writes)."""
        with self._lock:
            return sum(n for name, n in self._by_endpoint.items() if name.startswith("GET "))

    @property
    def throttled(self) -> int:
        """How many answers were 429."""
        with self._lock:
            return self._throttled

    @property
    def retries(self) -> int:
        with self._lock:
            return self._retries

    def by_endpoint(self) -> dict[str, int]:
        """Requests sent per endpoint template, e.g. ``GET /associations/relations/{recordId}``."""
        with self._lock:
            return dict(self._by_endpoint)
