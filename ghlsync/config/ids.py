"""The one rule for ids that reach URL paths, shared by the file and the command line.

Location ids, record ids and record aliases are opaque tokens of letters, digits, ``_`` and
``-``: never empty, never ``/``, ``.``, ``..``, whitespace, control characters, ``?``, ``#``
or ``%``. See README.md, "Safety model".
"""

from __future__ import annotations

import re

from ghlsync.config.models import IDENTIFIER_PATTERN
from ghlsync.errors import UsageError

__all__ = ["check_location_option", "is_safe_id"]

_MAX_SHOWN = 40


def is_safe_id(value: str) -> bool:
    """Whether ``value`` may be used as a location or record id."""
    return re.fullmatch(IDENTIFIER_PATTERN, value) is not None  # compiled on first use


def check_location_option(value: str, option: str = "--location") -> str:
    """``value`` when it is a safe location id, else a UsageError naming ``option``."""
    if not value.strip():
        raise UsageError(f"{option} must not be empty")
    if not is_safe_id(value):
        shown = repr(value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN] + "…")
        raise UsageError(
            f"{option} {shown} is not a location id: use letters, digits, '_' and '-' only"
        )
    return value
