"""The association and relation steps of an apply: what each change sends, what it waits for.

A relation create waits for its association (created, or re-created by a replacement); an
association create waits for the custom objects it joins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from typing import Protocol

from ghlsync.kinds.protocol import Step
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.objects import STANDARD_OBJECTS, object_address
from ghlsync.values.plan import Action, AnyChange, AssociationChange, Phase, RelationChange
from ghlsync.values.state import LiveAssociation, LiveRelation, Side

__all__ = ["ASSOCIATION_PHASES", "AssociationApplier", "LiveWriter"]

ASSOCIATION_PHASES = (
    Phase.CREATE_ASSOCIATIONS,
    Phase.UPDATE_ASSOCIATIONS,
    Phase.DELETE_RELATIONS,
    Phase.REPLACE_ASSOCIATIONS,
    Phase.CREATE_RELATIONS,
    Phase.DELETE_ASSOCIATIONS,
)


class LiveWriter(Protocol):
    pool: TaskPool

    def create_association(self, key: str, first: Side, second: Side) -> LiveAssociation: ...

    def update_association_labels(
        self, association_id: str, first_label: str, second_label: str
    ) -> LiveAssociation: ...

    def delete_association(self, association_id: str) -> None: ...

    def create_relation(
        self, association_id: str, first_record_id: str, second_record_id: str
    ) -> LiveRelation: ...

    def delete_relation(self, relation_id: str) -> None: ...


class AssociationApplier:
    """Writes associations and relations; ``ids`` maps association keys to live ids and
    learns the ids of the associations it creates."""

    def __init__(self, writer: LiveWriter, ids: dict[str, str]) -> None:
        self.writer = writer
        self.ids = ids

    def steps(self, phase: Phase, changes: Sequence[AnyChange], failed: Set[str]) -> list[Step]:
        return [
            Step(c, self._blocked_by(c, failed), self._call(c))
            for c in changes
            if c.phase is phase and isinstance(c, AssociationChange | RelationChange)
        ]

    def notes(self) -> list[str]:
        return []

    def _blocked_by(
        self, change: AssociationChange | RelationChange, failed: Set[str]
    ) -> str | None:
        if isinstance(change, AssociationChange):
            if change.action not in (Action.CREATE, Action.REPLACE) or change.after is None:
                return None
            sides = (change.after.first.object, change.after.second.object)
            missing = [object_address(k) for k in sides if k not in STANDARD_OBJECTS]
            return next((f"{a} was not created" for a in missing if a in failed), None)
        if change.action is not Action.CREATE:
            return None
        key = change.value.association_key
        if f"association.{key}" in failed or key not in self.ids:
            return f"association '{key}' was not created"
        return None

    def _call(self, change: AssociationChange | RelationChange) -> Callable[[], str | None]:
        if isinstance(change, AssociationChange):
            return lambda: self._association(change)
        return lambda: self._relation(change)

    def _association(self, change: AssociationChange) -> str | None:
        """Run the change; the id of the association it created, if any."""
        before, after = change.before, change.after
        if change.action in (Action.DELETE, Action.REPLACE):
            assert before is not None and before.id is not None
            self.writer.delete_association(before.id)
        if change.action is Action.UPDATE:
            assert before is not None and before.id is not None and after is not None
            self.writer.update_association_labels(before.id, after.first.label, after.second.label)
        if change.action in (Action.CREATE, Action.REPLACE):
            assert after is not None
            created = self.writer.create_association(after.key, after.first, after.second)
            self.ids[after.key] = created.id
            return created.id
        return None

    def _relation(self, change: RelationChange) -> str | None:
        """Run the change; the id of the relation it created, if any."""
        value = change.value
        if change.action is Action.DELETE:
            assert value.id is not None
            self.writer.delete_relation(value.id)
            return None
        association_id = self.ids[value.association_key]
        return self.writer.create_relation(association_id, value.first.id, value.second.id).id
