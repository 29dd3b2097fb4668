"""Tags the location must have, as one kind (README, "Custom values and tags"): ``KIND`` in
``kind`` and the file's ``SECTION`` in ``section``, each loaded when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghlsync.kinds.lazy import attributes_of

if TYPE_CHECKING:
    from ghlsync.kinds.tags.kind import KIND, Tags
    from ghlsync.kinds.tags.section import SECTION

__all__ = ["KIND", "SECTION", "SECTION_KEY", "SECTION_PRUNE_FLAG", "Tags"]

SECTION_KEY = "tags"
"""The file's top-level key of this kind's section: a file without it (nor ``prune.tags``)
loads no ``section`` module."""
SECTION_PRUNE_FLAG = True
"""The section has a ``prune.tags`` flag."""

__getattr__ = attributes_of(__name__, {"KIND": "kind", "Tags": "kind", "SECTION": "section"})
