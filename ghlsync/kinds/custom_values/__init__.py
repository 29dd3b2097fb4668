"""Custom values (``{{ custom_values.<key> }}``), as one kind (README, "Custom values and
tags"): ``KIND`` in ``kind`` and the file's ``SECTION`` in ``section``, each loaded when
first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghlsync.kinds.lazy import attributes_of

if TYPE_CHECKING:
    from ghlsync.kinds.custom_values.kind import KIND, CustomValues
    from ghlsync.kinds.custom_values.section import SECTION

__all__ = ["KIND", "SECTION", "SECTION_KEY", "SECTION_PRUNE_FLAG", "CustomValues"]

SECTION_KEY = "custom_values"
"""The file's top-level key of this kind's section: a file without it (nor ``prune.custom_values``)
loads no ``section`` module."""
SECTION_PRUNE_FLAG = True
"""The section has a ``prune.custom_values`` flag."""

__getattr__ = attributes_of(
    __name__, {"KIND": "kind", "CustomValues": "kind", "SECTION": "section"}
)
