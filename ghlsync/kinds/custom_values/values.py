"""Custom values as plain values: declared, live, and their changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ghlsync.model import Source
from ghlsync.plan import Action, KeyedChange, KeyedValue, Phase

__all__ = [
    "CustomValueChange",
    "DesiredCustomValue",
    "LiveCustomValue",
    "key_from_name",
    "name_for_key",
]

CUSTOM_VALUE_PHASES = {
    Action.CREATE: Phase.CREATE_CUSTOM_VALUES,
    Action.UPDATE: Phase.UPDATE_CUSTOM_VALUES,
    Action.DELETE: Phase.DELETE_CUSTOM_VALUES,
}


def key_from_name(name: str) -> str:
    """The key GHL gives a custom value named ``name``: lowercase, every run of characters
    other than ``a-z`` and ``0-9`` one ``_``, none at either end (``Support phone`` ->
    ``support_phone``)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def name_for_key(key: str) -> str:
    """A name that gives ``key`` (``support_phone`` -> ``Support phone``)."""
    return key.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class DesiredCustomValue:
    """A declared custom value; ``key`` is the one in ``{{ custom_values.<key> }}``."""

    key: str
    name: str
    value: str
    source: Source

    def as_value(self) -> KeyedValue:
        return KeyedValue(self.key, (("name", self.name), ("value", self.value)))


@dataclass(frozen=True, slots=True)
class LiveCustomValue:
    id: str
    key: str
    name: str
    value: str

    def as_value(self) -> KeyedValue:
        return KeyedValue(self.key, (("name", self.name), ("value", self.value)), self.id)


@dataclass(frozen=True, slots=True)
class CustomValueChange(KeyedChange):
    noun: ClassVar[str] = "custom_value"
    phases: ClassVar[dict[Action, Phase]] = CUSTOM_VALUE_PHASES
