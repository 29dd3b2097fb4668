"""The client's name for :mod:`ghlsync.plumbing.redaction` (which lives outside ``client/`` so that
commands that never connect, such as ``validate``, can scrub their output without loading the
HTTP client)."""

from ghlsync.plumbing.redaction import (
    DATA_FRAGMENT_LENGTH,
    FRAGMENT_LENGTH,
    REDACTED,
    Redactor,
    forget_all,
    redact,
    register,
    scrub,
)

__all__ = [
    "DATA_FRAGMENT_LENGTH",
    "FRAGMENT_LENGTH",
    "REDACTED",
    "Redactor",
    "forget_all",
    "redact",
    "register",
    "scrub",
]
