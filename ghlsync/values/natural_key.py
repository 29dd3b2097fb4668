"""A record named by a natural key, apart from ``values/records.py``: ``ghlsync validate`` of a
file without natural keys does not load it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NaturalKey"]


@dataclass(frozen=True, slots=True)
class NaturalKey:
    """A record named by one property of its object, e.g. the contact whose email is X."""

    object: str
    property: str
    value: str

    def __str__(self) -> str:
        return f"{self.object} {self.property} {self.value!r}"
