"""Where custom values sit in a DesiredState and a LiveState (docs/design.md, "Kinds")."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.values.location_settings import DesiredCustomValue, LiveCustomValue
from ghlsync.values.slots import Declared, Slot
from ghlsync.values.state import DesiredState, LiveState

__all__ = ["DESIRED", "LIVE"]

DESIRED: Slot[DesiredState, Declared[DesiredCustomValue]] = Slot("custom_values")
"""The declared custom values by key; absent when the file manages none."""

LIVE: Slot[LiveState, Mapping[str, LiveCustomValue]] = Slot("custom_values")
"""The live custom values by key; absent when they were not read."""
