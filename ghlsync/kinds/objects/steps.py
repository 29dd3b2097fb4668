"""The schema steps of an apply: what each object, folder and field change sends, and what
it waits for.

A field waits for its object and its folder; an object's searchable properties wait for
the fields they name; an association waits for the custom objects it joins. A step whose
prerequisite failed (its address is in ``failed``) is skipped with
the reason. A new object's searchable properties are
set in the object-update phase, once its fields exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from typing import Protocol

from ghlsync.values.objects import (
    FieldValue,
    FolderValue,
    LiveObjects,
    ObjectValue,
    field_address,
    object_address,
)
from ghlsync.values.plan import Action, Kind, ObjectsChange, Phase

__all__ = ["SEARCHABLE_PHASE", "ObjectsSteps", "ObjectsWriter", "Step"]

SEARCHABLE_PHASE = Phase.UPDATE_OBJECTS
Step = tuple[ObjectsChange, str | None, Callable[[], None]]
"""A change, why it cannot run (None when it can), and the call that performs it."""


class ObjectsWriter(Protocol):
    def create_object(self, value: ObjectValue) -> ObjectValue: ...

    def update_object(self, value: ObjectValue) -> None: ...

    def create_folder(self, object_key: str, name: str) -> FolderValue: ...

    def create_field(self, value: FieldValue, folder_id: str | None) -> FieldValue: ...

    def update_field(self, live: FieldValue, value: FieldValue, folder_id: str | None) -> None: ...

    def delete_field(self, live: FieldValue) -> None: ...


class ObjectsSteps:
    """Builds the steps of each schema phase and remembers what failed."""

    def __init__(self, writer: ObjectsWriter | None, live: LiveObjects | None) -> None:
        self.writer = writer
        folders = live.folders if live else {}
        self.folder_ids: dict[tuple[str, str], str] = {
            k: f.id for k, f in folders.items() if f.id is not None
        }

    def steps(
        self, changes: Iterable[ObjectsChange], phase: Phase, failed: Set[str] = frozenset()
    ) -> list[Step]:
        """The steps of ``phase``: its changes, plus new objects' searchable properties;
        ``failed`` holds the addresses of the creates that did not happen."""
        chosen = [c for c in changes if c.phase == phase]
        if phase == SEARCHABLE_PHASE:
            chosen += [c for c in changes if _created_with_searchable(c)]
        return [(c, self._blocked_by(c, phase, failed), self._call(c, phase)) for c in chosen]

    @staticmethod
    def is_follow_up(change: ObjectsChange, phase: Phase) -> bool:
        """Whether this step finishes a change reported already (a new object's searchable)."""
        return change.phase != phase

    def _blocked_by(self, change: ObjectsChange, phase: Phase, failed: Set[str]) -> str | None:
        if self.writer is None:
            return "objects and fields cannot be written by this command"
        needed = [self._object_of(change)]
        value = change.value
        if isinstance(value, FieldValue) and value.folder is not None:
            needed.append(FolderValue(value.object_key, value.folder).address())
        if isinstance(value, ObjectValue) and phase == SEARCHABLE_PHASE:
            needed.append(value.address())
            needed += [field_address(value.key, name) for name in value.searchable or ()]
        missing = [address for address in needed if address in failed]
        return f"{missing[0]} was not created" if missing else None

    @staticmethod
    def _object_of(change: ObjectsChange) -> str:
        value = change.value
        key = value.key if isinstance(value, ObjectValue) else value.object_key
        return object_address(key) if change.kind is not Kind.OBJECT else ""

    def _call(self, change: ObjectsChange, phase: Phase) -> Callable[[], None]:
        value = change.value
        if isinstance(value, ObjectValue):
            return self._object_call(change, value, phase)
        if isinstance(value, FolderValue):
            return lambda: self._create_folder(value)
        return self._field_call(change, value)

    def _object_call(
        self, change: ObjectsChange, value: ObjectValue, phase: Phase
    ) -> Callable[[], None]:
        writer = self.writer
        assert writer is not None
        if change.action is Action.CREATE and phase != SEARCHABLE_PHASE:
            return lambda: _discard(writer.create_object(value))
        return lambda: writer.update_object(value)

    def _create_folder(self, value: FolderValue) -> None:
        assert self.writer is not None
        created = self.writer.create_folder(value.object_key, value.name)
        self.folder_ids[(value.object_key, value.name)] = created.id or ""

    def _field_call(self, change: ObjectsChange, value: FieldValue) -> Callable[[], None]:
        writer = self.writer
        assert writer is not None
        before = change.before
        assert before is None or isinstance(before, FieldValue)
        if change.action is Action.DELETE:
            assert before is not None
            return lambda: writer.delete_field(before)
        if change.action is Action.UPDATE:
            assert before is not None
            return lambda: writer.update_field(before, value, self._folder_id(value))
        return lambda: self._create_field(before, value)

    def _create_field(self, before: FieldValue | None, value: FieldValue) -> None:
        assert self.writer is not None
        if before is not None:
            self.writer.delete_field(before)
        self.writer.create_field(value, self._folder_id(value))

    def _folder_id(self, value: FieldValue) -> str | None:
        if value.folder is None:
            return None
        return self.folder_ids.get((value.object_key, value.folder))


def _created_with_searchable(change: ObjectsChange) -> bool:
    value = change.after
    return (
        change.kind is Kind.OBJECT
        and change.action is Action.CREATE
        and isinstance(value, ObjectValue)
        and bool(value.searchable)
    )


def _discard(_: object) -> None:
    return None
