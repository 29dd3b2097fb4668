"""Tag changes, and a live tag as a plan value (a declared tag is its name)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ghlsync.kinds.tags.state import LiveTag
from ghlsync.values.plan import Action, KeyedChange, KeyedValue, Phase

__all__ = ["TagChange", "tag_value"]


def tag_value(tag: LiveTag) -> KeyedValue:
    return KeyedValue(tag.name, (), tag.id)


@dataclass(frozen=True, slots=True)
class TagChange(KeyedChange):
    noun: ClassVar[str] = "tag"
    phases: ClassVar[dict[Action, Phase]] = {
        Action.CREATE: Phase.CREATE_TAGS,
        Action.DELETE: Phase.DELETE_TAGS,
    }
