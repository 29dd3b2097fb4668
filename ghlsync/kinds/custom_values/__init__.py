"""Custom values (``{{ custom_values.<key> }}``), as one kind (README, "Custom values and
tags"): ``KIND`` in ``kind``, loaded when first used; the file's section in ``section``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghlsync.kinds.lazy import attributes_of

if TYPE_CHECKING:
    from ghlsync.kinds.custom_values.kind import KIND, CustomValues

__all__ = ["KIND", "CustomValues"]

__getattr__ = attributes_of(__name__, "kind", __all__)
