"""The custom value steps of an apply: create, update (name and value), delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Protocol

from ghlsync.kinds.custom_values.state import LiveCustomValue
from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.protocol import Step
from ghlsync.values.plan import Action, AnyChange, Phase

__all__ = ["CUSTOM_VALUE_PHASES", "CustomValueApplier", "CustomValueWriter"]

CUSTOM_VALUE_PHASES = (
    Phase.CREATE_CUSTOM_VALUES,
    Phase.UPDATE_CUSTOM_VALUES,
    Phase.DELETE_CUSTOM_VALUES,
)


class CustomValueWriter(Protocol):
    def create(self, key: str, name: str, value: str) -> LiveCustomValue: ...

    def update(self, value_id: str, name: str, value: str) -> LiveCustomValue: ...

    def delete(self, value_id: str) -> None: ...


class CustomValueApplier:
    def __init__(self, writer: CustomValueWriter) -> None:
        self.writer = writer

    def steps(self, phase: Phase, changes: Sequence[AnyChange], failed: Set[str]) -> list[Step]:
        return [
            Step(c, None, self._call(c))
            for c in changes
            if isinstance(c, CustomValueChange) and c.phase is phase
        ]

    def notes(self) -> list[str]:
        return []

    def _call(self, change: CustomValueChange) -> Callable[[], str | None]:
        value = change.value
        name, text = value.get("name"), value.get("value")
        if change.action is Action.CREATE:
            return lambda: self.writer.create(value.key, name, text).id
        assert value.id is not None
        value_id = value.id
        if change.action is Action.UPDATE:
            return lambda: _no_id(self.writer.update(value_id, name, text))
        return lambda: self.writer.delete(value_id)


def _no_id(_: LiveCustomValue) -> None:
    """An update creates nothing: no id to report."""
