"""Tags the location must have, as one kind (README, "Custom values and tags"): ``KIND`` in
``kind``, loaded when first used; the file's section in ``section``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghlsync.kinds.lazy import attributes_of

if TYPE_CHECKING:
    from ghlsync.kinds.tags.kind import KIND, Tags

__all__ = ["KIND", "Tags"]

__getattr__ = attributes_of(__name__, "kind", __all__)
