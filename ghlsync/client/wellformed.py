"""Decoding an answer's JSON as well-formed text only.

JSON may spell a lone UTF-16 surrogate (``"\\ud800"``), which Python decodes into a string
that cannot be encoded again: it would crash the digest, a file write or a terminal much
later. Such an answer is refused here, where it enters, as malformed text (docs/design.md,
"Boundaries").
"""

from __future__ import annotations

import json
import re

__all__ = ["MalformedText", "is_well_formed", "loads_well_formed"]

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]", re.ASCII)


class MalformedText(ValueError):
    """The answer holds a lone surrogate; its message says so."""


def loads_well_formed(content: bytes) -> object:
    """``json.loads`` of UTF-8 ``content``; ValueError (or MalformedText) when unusable."""
    payload = json.loads(content.decode("utf-8"))
    if _SURROGATE_ESCAPE.search(content) and not is_well_formed(payload):
        raise MalformedText("the answer holds a lone surrogate (\\ud800-\\udfff): not valid text")
    return payload


def is_well_formed(payload: object) -> bool:
    """Whether every string (and key) in decoded JSON can be encoded as UTF-8."""
    pending = [payload]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if not value.isascii() and _has_surrogate(value):
                return False
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return True


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
