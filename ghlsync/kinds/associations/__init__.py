"""Associations and their relations, as one kind (docs/design.md, "Kinds"): ``KIND`` in
``kind``, loaded when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghlsync.kinds.lazy import attributes_of

if TYPE_CHECKING:
    from ghlsync.kinds.associations.kind import KIND, Associations

__all__ = ["KIND", "Associations"]

__getattr__ = attributes_of(__name__, {"KIND": "kind", "Associations": "kind"})
