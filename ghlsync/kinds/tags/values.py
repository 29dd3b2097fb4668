"""Tags as plain values: live tags and their changes (a declared tag is its name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ghlsync.plan import Action, KeyedChange, KeyedValue, Phase

__all__ = ["LiveTag", "TagChange"]


@dataclass(frozen=True, slots=True)
class LiveTag:
    id: str
    name: str

    def as_value(self) -> KeyedValue:
        return KeyedValue(self.name, (), self.id)


@dataclass(frozen=True, slots=True)
class TagChange(KeyedChange):
    noun: ClassVar[str] = "tag"
    phases: ClassVar[dict[Action, Phase]] = {
        Action.CREATE: Phase.CREATE_TAGS,
        Action.DELETE: Phase.DELETE_TAGS,
    }
