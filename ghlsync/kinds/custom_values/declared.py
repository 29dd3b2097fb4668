"""A declared custom value and the rule by which GHL keys one: what the file's section needs
(``ghlsync validate`` loads this, not the live value nor the states' slots in ``state``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghlsync.values.source import Source

__all__ = ["DesiredCustomValue", "key_from_name", "name_for_key"]


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
