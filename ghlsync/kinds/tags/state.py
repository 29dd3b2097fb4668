"""Where tags sit in a DesiredState and a LiveState (docs/design.md, "Kinds")."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.values.location_settings import LiveTag
from ghlsync.values.slots import Declared, Slot
from ghlsync.values.source import Source
from ghlsync.values.state import DesiredState, LiveState

__all__ = ["DESIRED", "LIVE"]

DESIRED: Slot[DesiredState, Declared[Source]] = Slot("tags")
"""The declared tags (name -> where); absent when the file manages none."""

LIVE: Slot[LiveState, Mapping[str, LiveTag]] = Slot("tags")
"""The live tags by name; absent when they were not read."""
