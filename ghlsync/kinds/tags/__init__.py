"""Tags the location must have, as one kind (README, "Custom values and tags"): ``KIND`` in
``kind`` and the file's ``SECTION`` in ``section``, each loaded when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghlsync.kinds.lazy import attributes_of

if TYPE_CHECKING:
    from ghlsync.kinds.tags.kind import KIND, Tags
    from ghlsync.kinds.tags.section import SECTION

__all__ = ["KIND", "SECTION", "Tags"]

__getattr__ = attributes_of(__name__, {"KIND": "kind", "Tags": "kind", "SECTION": "section"})
