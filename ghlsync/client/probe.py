"""One answer as ``doctor`` sees it: status, headers and body, or why there was none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ghlsync.errors import ApiError

__all__ = ["Probe"]


@dataclass(frozen=True, slots=True)
class Probe:
    """``error`` is set when the request failed (HTTP error status, or no answer at all)."""

    request: str
    status: int | None
    headers: Mapping[str, str] = field(default_factory=dict)
    payload: object = None
    error: ApiError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None
