"""Custom objects, their folders and fields, as one kind (README, "Objects and fields"):
``KIND`` in ``kind``, loaded when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghlsync.kinds.lazy import attributes_of

if TYPE_CHECKING:
    from ghlsync.kinds.objects.kind import KIND, Objects

__all__ = ["KIND", "Objects"]

__getattr__ = attributes_of(__name__, {"KIND": "kind", "Objects": "kind"})
