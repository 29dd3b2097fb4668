"""Custom values as plain values, declared and live, the rule by which GHL keys one, and
where they sit in a DesiredState and a LiveState (docs/design.md, "Kinds"). The declared
value and the key rule live in ``declared`` (offered here too), all the file's section loads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ghlsync.kinds.custom_values.declared import DesiredCustomValue, key_from_name, name_for_key
from ghlsync.values.slots import Declared, Slot

if TYPE_CHECKING:
    from ghlsync.values.state import DesiredState, LiveState

__all__ = [
    "DESIRED",
    "LIVE",
    "DesiredCustomValue",
    "LiveCustomValue",
    "key_from_name",
    "name_for_key",
]


@dataclass(frozen=True, slots=True)
class LiveCustomValue:
    id: str
    key: str
    name: str
    value: str


DESIRED: Slot[DesiredState, Declared[DesiredCustomValue]] = Slot("custom_values")
"""The declared custom values by key; absent when the file manages none."""

LIVE: Slot[LiveState, Mapping[str, LiveCustomValue]] = Slot("custom_values")
"""The live custom values by key; absent when they were not read."""
