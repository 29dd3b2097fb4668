"""Custom values as plain values, declared and live, the rule by which GHL keys one, and
where they sit in a DesiredState and a LiveState (docs/design.md, "Kinds")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ghlsync.values.slots import Declared, Slot
from ghlsync.values.source import Source

if TYPE_CHECKING:  # ``ghlsync validate`` loads the declared values, not the states
    from ghlsync.values.state import DesiredState, LiveState

__all__ = [
    "DESIRED",
    "LIVE",
    "DesiredCustomValue",
    "LiveCustomValue",
    "key_from_name",
    "name_for_key",
]


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
