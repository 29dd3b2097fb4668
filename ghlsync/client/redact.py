"""Keeping the API token, and any recognisable piece of it, out of messages and logs.

A server may echo the token (``Authorization: Bearer <token>`` in an error page), and error
bodies are cut to a short snippet: a cut can leave half a token. So :func:`redact` runs before
any cutting and removes every maximal run of the text that is a piece of the token at least
:data:`FRAGMENT_LENGTH` characters long, as well as the token whole (a token shorter than that
is only ever removed whole). The percent-encoded form, as it appears in a URL, is covered too.
"""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["FRAGMENT_LENGTH", "REDACTED", "Redactor", "redact"]

REDACTED = "[redacted]"
FRAGMENT_LENGTH = 6


def redact(text: str, secret: str) -> str:
    """``text`` with every run of ``min(FRAGMENT_LENGTH, len(secret))`` or more characters
    that occurs in ``secret`` replaced by :data:`REDACTED`. Idempotent: markers already in
    ``text`` are kept as they are, so text cleaned twice reads the same."""
    if not secret or not text:
        return text
    return REDACTED.join(_redact_part(part, secret) for part in text.split(REDACTED))


def _redact_part(text: str, secret: str) -> str:
    shortest = min(FRAGMENT_LENGTH, len(secret))
    pieces: list[str] = []
    start = 0
    while start < len(text):
        length = _longest_piece_at(text, start, secret)
        if length >= shortest:
            pieces.append(REDACTED)
            start += length
        else:
            pieces.append(text[start])
            start += 1
    return "".join(pieces)


class Redactor:
    """Removes tokens (and their URL-encoded forms) from any text; a callable."""

    def __init__(self, token: str, *others: str) -> None:
        self._forms = tuple(
            form
            for secret in (token, *others)
            for form in dict.fromkeys((quote(secret, safe=""), secret))
        )

    def __call__(self, text: str) -> str:
        for form in self._forms:
            text = redact(text, form)
        return text


def _longest_piece_at(text: str, start: int, secret: str) -> int:
    length = 0
    limit = min(len(secret), len(text) - start)
    while length < limit and text[start : start + length + 1] in secret:
        length += 1
    return length
