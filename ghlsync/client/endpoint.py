"""Which request an answer belongs to: the context every client error message names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ghlsync.errors import ApiError

__all__ = ["Endpoint"]


def _unchanged(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The request an answer belongs to, for error messages.

    ``route`` is the path template (``/associations/{associationId}``); ``clean`` removes
    secrets from any text about to be shown (see :mod:`ghlsync.plumbing.redaction`).
    """

    method: str
    path: str
    status: int | None = None
    route: str = ""
    clean: Callable[[str], str] = _unchanged

    def answered(self, status: int) -> Endpoint:
        """The same endpoint, knowing the HTTP status of the answer being read."""
        return replace(self, status=status)

    def error(self, message: str) -> ApiError:
        return ApiError(self.method, self.clean(self.path), self.status, self.clean(message))

    def __str__(self) -> str:
        return f"{self.method} {self.path}"
