"""Progress lines for logs, where a bar cannot redraw itself."""

from __future__ import annotations

__all__ = ["read_progress_line"]

_MINUTE = 60


def read_progress_line(done: int, total: int, requests: int, elapsed: float) -> str:
    """``read 3,200/10,000 records, 412 requests, ~4 min left``."""
    noun = "request" if requests == 1 else "requests"
    line = f"read {done:,}/{total:,} records, {requests:,} {noun}"
    if 0 < done < total:
        line += f", ~{_duration(elapsed / done * (total - done))} left"
    return line


def _duration(seconds: float) -> str:
    if seconds < _MINUTE:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / _MINUTE)} min"
