"""Custom values and tags as plain values, declared and live, and the rule by which GHL
keys a custom value (README, "Custom values, tags and ownership")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghlsync.values.source import Source

__all__ = ["DesiredCustomValue", "LiveCustomValue", "LiveTag", "key_from_name", "name_for_key"]


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


@dataclass(frozen=True, slots=True)
class LiveTag:
    id: str
    name: str
