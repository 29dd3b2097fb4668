"""Reading GHL's rate-limit response headers (and ``Retry-After``) into plain numbers.

Every reader returns None for a header that is absent or unusable, so a garbled header
never stops a run: the caller keeps what it knew before.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

__all__ = [
    "DAILY_REMAINING",
    "INTERVAL_MS",
    "MAX_REQUESTS",
    "REMAINING",
    "RETRY_AFTER",
    "daily_quota_exhausted",
    "header_int",
    "interval_seconds",
    "retry_after_seconds",
]

MAX_REQUESTS = "X-RateLimit-Max"
REMAINING = "X-RateLimit-Remaining"
INTERVAL_MS = "X-RateLimit-Interval-Milliseconds"
DAILY_REMAINING = "X-RateLimit-Daily-Remaining"
RETRY_AFTER = "Retry-After"
_LARGEST = 10**12  # counts beyond any real quota: such a header is garbled, and ignored
_ONE_DAY_MS = 86_400_000


def header_int(
    headers: Mapping[str, str], name: str, *, minimum: int = 0, maximum: int = _LARGEST
) -> int | None:
    """The header as an integer from ``minimum`` to ``maximum``, else None (ignored)."""
    raw = _lookup(headers, name)
    if raw is None or len(raw) > 20:
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        return None
    return value if minimum <= value <= maximum else None


def daily_quota_exhausted(response_status: int, headers: Mapping[str, str]) -> bool:
    """A 429 that waiting minutes will not cure: the day's quota is spent."""
    return response_status == 429 and header_int(headers, DAILY_REMAINING) == 0


def interval_seconds(headers: Mapping[str, str]) -> float | None:
    """``X-RateLimit-Interval-Milliseconds`` in seconds, when from 1 ms to one day."""
    milliseconds = header_int(headers, INTERVAL_MS, minimum=1, maximum=_ONE_DAY_MS)
    return milliseconds / 1000 if milliseconds is not None else None


def retry_after_seconds(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date (``now`` is epoch)."""
    raw = _lookup(headers, RETRY_AFTER)
    if raw is None:
        return None
    seconds = _as_seconds(raw.strip())
    if seconds is None:
        seconds = _date_as_seconds(raw.strip(), time.time() if now is None else now)
    return max(0.0, seconds) if seconds is not None else None


def _as_seconds(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date_as_seconds(raw: str, now: float) -> float | None:
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return moment.timestamp() - now


def _lookup(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)
