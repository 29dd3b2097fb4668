"""Hard bounds against a hostile or broken server, each one raisable from the environment.

A server may answer with an endless or enormous body, a listing that never ends, or headers
that ask ghlsync to wait for years. Past each bound the request fails at once with a message
naming the variable that raises it (README, "Limits"):

``GHLSYNC_MAX_BODY_MB``  the largest answer body, counted after decompression (default 32)
``GHLSYNC_MAX_PAGES``    the most pages read of one listing, whatever its ``total`` says (1000)
``GHLSYNC_MAX_WAIT``     the longest single wait the server may ask for, in seconds (120)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ghlsync.errors import UsageError

__all__ = [
    "BODY_VARIABLE",
    "DEFAULT_LIMITS",
    "PAGES_VARIABLE",
    "WAIT_VARIABLE",
    "ClientLimits",
    "limits_from_environment",
]

BODY_VARIABLE = "GHLSYNC_MAX_BODY_MB"
PAGES_VARIABLE = "GHLSYNC_MAX_PAGES"
WAIT_VARIABLE = "GHLSYNC_MAX_WAIT"
_MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ClientLimits:
    """The bounds of one client; see the module docstring for what each means."""

    max_body_bytes: int = 32 * _MEGABYTE
    max_pages: int = 1000
    max_wait: float = 120.0


DEFAULT_LIMITS = ClientLimits()


def limits_from_environment(environ: Mapping[str, str] = os.environ) -> ClientLimits:
    """The limits, with any of the three variables that is set (each checked for range)."""
    megabytes = _number(environ, BODY_VARIABLE, DEFAULT_LIMITS.max_body_bytes // _MEGABYTE, 4096)
    pages = _number(environ, PAGES_VARIABLE, DEFAULT_LIMITS.max_pages, 1_000_000)
    wait = _number(environ, WAIT_VARIABLE, DEFAULT_LIMITS.max_wait, 86_400)
    return ClientLimits(int(megabytes * _MEGABYTE), int(pages), wait)


def _number(environ: Mapping[str, str], name: str, default: float, highest: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 1 <= value <= highest:
        raise UsageError(f"{name} must be a number from 1 to {highest:g}, got {raw[:40]!r}")
    return value

