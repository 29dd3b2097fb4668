"""Tags as plain values, and where they sit in a DesiredState and a LiveState (a declared
tag is its name and where it was listed; docs/design.md, "Kinds")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ghlsync.values.slots import Declared, Slot
from ghlsync.values.source import Source
from ghlsync.values.state import DesiredState, LiveState

__all__ = ["DESIRED", "LIVE", "LiveTag"]


@dataclass(frozen=True, slots=True)
class LiveTag:
    id: str
    name: str


DESIRED: Slot[DesiredState, Declared[Source]] = Slot("tags")
"""The declared tags (name -> where); absent when the file manages none."""

LIVE: Slot[LiveState, Mapping[str, LiveTag]] = Slot("tags")
"""The live tags by name; absent when they were not read."""
