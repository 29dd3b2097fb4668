"""The tag steps of an apply: create the missing, delete the pruned."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Protocol

from ghlsync.kinds.protocol import Step
from ghlsync.kinds.tags.state import LiveTag
from ghlsync.kinds.tags.values import TagChange
from ghlsync.values.plan import Action, AnyChange, Phase

__all__ = ["TAG_PHASES", "TagApplier", "TagWriter"]

TAG_PHASES = (Phase.CREATE_TAGS, Phase.DELETE_TAGS)


class TagWriter(Protocol):
    def create(self, name: str) -> LiveTag: ...

    def delete(self, tag_id: str) -> None: ...


class TagApplier:
    def __init__(self, writer: TagWriter) -> None:
        self.writer = writer

    def steps(self, phase: Phase, changes: Sequence[AnyChange], failed: Set[str]) -> list[Step]:
        return [
            Step(c, None, self._call(c))
            for c in changes
            if isinstance(c, TagChange) and c.phase is phase
        ]

    def notes(self) -> list[str]:
        return []

    def _call(self, change: TagChange) -> Callable[[], str | None]:
        value = change.value
        if change.action is Action.CREATE:
            return lambda: self.writer.create(value.key).id
        assert value.id is not None
        tag_id = value.id
        return lambda: self.writer.delete(tag_id)
