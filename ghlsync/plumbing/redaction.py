"""Keeping the API tokens, and any recognisable piece of them, out of messages, logs and files.

Two strengths, both run on the whole text before anything is cut:

- :func:`redact` (error messages and ``-v`` logs: text a server wrote about a failure, and
  the request paths around it) removes every maximal run that is a piece of the token at least
  :data:`FRAGMENT_LENGTH` (4) characters long, and the token whole (a token shorter than that
  is only ever removed whole). A cut, or an echo in pieces of 4 characters or more, leaves
  nothing longer than 3 characters of the token.
- :func:`scrub` (every text ghlsync writes: plans, plan files, reports, pull-request comments,
  exports, the terminal) removes, for every token :func:`register` was told about, the token
  whole and every piece of at least :data:`DATA_FRAGMENT_LENGTH` (8) characters. Data holds ids
  that must survive intact: a 24-hex-digit id shares a 4-character piece with a random token
  about once in a hundred ids, an 8-character piece about once in ten million.

No substring filter can stop a server that spells the token one character at a time (it holds
the token and could publish it itself); what these stop is ghlsync repeating what a server
reflects. The percent-encoded (URL) and JSON- and YAML-quoted forms are covered too. docs/design.md
("Output boundaries") says where each runs.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote

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

REDACTED = "[redacted]"
FRAGMENT_LENGTH = 4
DATA_FRAGMENT_LENGTH = 8


def redact(text: str, secret: str, shortest: int = FRAGMENT_LENGTH) -> str:
    """``text`` with every run of ``min(shortest, len(secret))`` or more characters that occurs
    in ``secret`` replaced by :data:`REDACTED`. Idempotent: markers already in ``text`` are
    kept as they are, so text cleaned twice reads the same."""
    if not secret or not text:
        return text
    finder = _piece_finder(secret, min(shortest, len(secret)))
    return REDACTED.join(_redact_part(part, secret, finder) for part in text.split(REDACTED))


@lru_cache(maxsize=64)
def _piece_finder(secret: str, length: int) -> re.Pattern[str]:
    """A pattern matching any ``length``-character piece of ``secret`` (where a run starts)."""
    pieces = sorted({secret[i : i + length] for i in range(len(secret) - length + 1)})
    return re.compile("|".join(re.escape(piece) for piece in pieces))


def _redact_part(text: str, secret: str, finder: re.Pattern[str]) -> str:
    pieces: list[str] = []
    start = 0
    while (found := finder.search(text, start)) is not None:
        length = _longest_piece_at(text, found.start(), secret)
        pieces.extend((text[start : found.start()], REDACTED))
        start = found.start() + length
    pieces.append(text[start:])
    return "".join(pieces)


def _longest_piece_at(text: str, start: int, secret: str) -> int:
    length = 0
    limit = min(len(secret), len(text) - start)
    while length < limit and text[start : start + length + 1] in secret:
        length += 1
    return length


def _forms(token: str) -> tuple[str, ...]:
    """The token as it may appear: raw, percent-encoded, JSON- or YAML-quoted (longest first)."""
    import json  # only once a token is registered: validate has none and never loads json

    forms = {token, quote(token, safe=""), json.dumps(token)[1:-1], token.replace("'", "''")}
    return tuple(sorted(forms, key=len, reverse=True))


class Redactor:
    """Removes one token (and its encoded forms) from any text; a callable."""

    def __init__(self, token: str, shortest: int = FRAGMENT_LENGTH) -> None:
        self._forms = _forms(token) if token else ()
        self._shortest = shortest
        self._anchors = tuple(
            _Anchors(_anchors(form, min(shortest, len(form)))) for form in self._forms
        )
        self.anchors = _Anchors(piece for each in self._anchors for piece in each.pieces)

    def __call__(self, text: str) -> str:
        if not self.anchors.found_in(text):
            return text
        for form, anchors in zip(self._forms, self._anchors, strict=True):
            if anchors.found_in(text):
                text = redact(text, form, self._shortest)
        return text


def _anchors(form: str, shortest: int) -> frozenset[str]:
    """Pieces of ``form`` of which any run to redact contains one: the pieces of half the
    shortest length that start at multiples of it (a quick test before the full search)."""
    size = max(shortest // 2, 1)
    return frozenset(form[start : start + size] for start in range(0, len(form) - size + 1, size))


_SHORT_TEXT = 4096
"""Up to this length a text is cut into all its pieces of an anchor's size, and those looked
up at once; a longer text is searched for each anchor in turn (the pieces would take more
memory than the search takes time)."""


class _Anchors:
    """Whether a text holds any of some pieces: the quick test every written line goes through
    (a ``-v`` run writes a line per request, and each is checked for every registered token)."""

    def __init__(self, pieces: Iterable[str]) -> None:
        self.pieces = frozenset(pieces)
        sizes = sorted({len(piece) for piece in self.pieces})
        self._by_size = tuple(
            (size, frozenset(piece for piece in self.pieces if len(piece) == size))
            for size in sizes
        )

    def found_in(self, text: str) -> bool:
        if len(text) > _SHORT_TEXT:
            return any(piece in text for piece in self.pieces)
        return any(
            not pieces.isdisjoint({text[i : i + size] for i in range(len(text) - size + 1)})
            for size, pieces in self._by_size
        )


_lock = threading.Lock()
_registered: dict[str, Redactor] = {}
_any_registered = _Anchors(())
"""Every registered token's anchors together: most text holds none, and is let through after
one look instead of one per token."""


def register(tokens: Iterable[str]) -> None:
    """Make :func:`scrub` remove these tokens from now on (empty values are ignored)."""
    global _any_registered
    with _lock:
        for token in tokens:
            if token and token not in _registered:
                _registered[token] = Redactor(token, DATA_FRAGMENT_LENGTH)
        _any_registered = _Anchors(
            piece for redactor in _registered.values() for piece in redactor.anchors.pieces
        )


def forget_all() -> None:
    """Forget every registered token (tests, and a process that runs several commands)."""
    global _any_registered
    with _lock:
        _registered.clear()
        _any_registered = _Anchors(())


def scrub(text: str) -> str:
    """``text`` without any registered token or piece of 8+ characters of one."""
    with _lock:
        redactors = tuple(_registered.values())
        anchors = _any_registered
    if not anchors.found_in(text):
        return text
    for redactor in redactors:
        text = redactor(text)
    return text
