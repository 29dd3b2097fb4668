"""Custom value changes, and the declared and live custom values as plan values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ghlsync.kinds.custom_values.state import DesiredCustomValue, LiveCustomValue
from ghlsync.values.plan import Action, KeyedChange, KeyedValue, Phase

__all__ = ["CustomValueChange", "desired_value", "live_value"]

_PHASES = {
    Action.CREATE: Phase.CREATE_CUSTOM_VALUES,
    Action.UPDATE: Phase.UPDATE_CUSTOM_VALUES,
    Action.DELETE: Phase.DELETE_CUSTOM_VALUES,
}


def desired_value(declared: DesiredCustomValue) -> KeyedValue:
    return KeyedValue(declared.key, (("name", declared.name), ("value", declared.value)))


def live_value(live: LiveCustomValue) -> KeyedValue:
    return KeyedValue(live.key, (("name", live.name), ("value", live.value)), live.id)


@dataclass(frozen=True, slots=True)
class CustomValueChange(KeyedChange):
    noun: ClassVar[str] = "custom_value"
    phases: ClassVar[dict[Action, Phase]] = _PHASES
