"""``ghlsync sandbox serve``: the embedded sandbox over HTTP on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ghlsync import exitcodes
from ghlsync.errors import UsageError
from ghlsync.sandbox import FaultSettings, serve

__all__ = ["parse_rate", "run"]


def run(state: Path | None, host: str, port: int, rate: str, **faults: Any) -> int:
    rate_max, rate_interval = parse_rate(rate)
    settings = FaultSettings(rate_max=rate_max, rate_interval_ms=rate_interval, **faults)
    serve(state, host, port, settings)
    return exitcodes.OK


def parse_rate(text: str) -> tuple[int, int]:
    """``N/MS`` such as ``100/10000``: N requests per MS milliseconds."""
    count, _, interval = text.partition("/")
    if not (count.isdigit() and interval.isdigit() and int(count) > 0 and int(interval) > 0):
        raise UsageError(f"--rate: expected N/MS such as 100/10000, got {text!r}")
    return int(count), int(interval)
