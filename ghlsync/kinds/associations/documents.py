"""The association and relation changes of a JSON plan (docs/design.md, "Saved plans")."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ghlsync.kinds.documents import (
    ChangeDocumentBase,
    FieldChangeDocument,
    StrictDocument,
    source_from_text,
    source_text,
)
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import RecordRef, Side

__all__ = [
    "AssociationChangeDocument",
    "AssociationValueDocument",
    "RelationChangeDocument",
    "declared_document",
]

Count = Annotated[int, Field(ge=0)]


class SideDocument(StrictDocument):
    object: str
    label: str

    @classmethod
    def of(cls, side: Side) -> SideDocument:
        return cls(object=side.object, label=side.label)

    def to_side(self) -> Side:
        return Side(self.object, self.label)


class RecordDocument(StrictDocument):
    id: str
    alias: str | None
    natural_key: str | None = None

    @classmethod
    def of(cls, record: RecordRef) -> RecordDocument:
        return cls(id=record.id, alias=record.alias, natural_key=record.natural_key)

    def to_record(self) -> RecordRef:
        return RecordRef(self.id, self.alias, self.natural_key)


class AssociationValueDocument(StrictDocument):
    id: str | None
    key: str
    first: SideDocument
    second: SideDocument

    @classmethod
    def of(cls, value: AssociationValue | None) -> AssociationValueDocument | None:
        if value is None:
            return None
        first, second = SideDocument.of(value.first), SideDocument.of(value.second)
        return cls(id=value.id, key=value.key, first=first, second=second)

    def to_value(self) -> AssociationValue:
        return AssociationValue(self.key, self.first.to_side(), self.second.to_side(), self.id)


class RelationValueDocument(StrictDocument):
    id: str | None
    association_key: str
    first: RecordDocument
    second: RecordDocument

    @classmethod
    def of(cls, value: RelationValue | None) -> RelationValueDocument | None:
        if value is None:
            return None
        first, second = RecordDocument.of(value.first), RecordDocument.of(value.second)
        return cls(id=value.id, association_key=value.association_key, first=first, second=second)

    def to_value(self) -> RelationValue:
        first, second = self.first.to_record(), self.second.to_record()
        return RelationValue(self.association_key, first, second, self.id)


class AssociationChangeDocument(ChangeDocumentBase):
    kind: Literal["association"]
    before: AssociationValueDocument | None
    after: AssociationValueDocument | None
    fields: list[FieldChangeDocument]
    cascade: Count
    limits: str | None = None

    @classmethod
    def of(cls, change: AssociationChange) -> AssociationChangeDocument:
        return cls(
            kind="association",
            address=change.address,
            action=change.action,
            before=AssociationValueDocument.of(change.before),
            after=AssociationValueDocument.of(change.after),
            reason=change.reason,
            source=source_text(change.source),
            fields=FieldChangeDocument.listed(change.fields),
            cascade=change.cascade,
            limits=change.limits,
        )

    def to_change(self) -> AssociationChange:
        return AssociationChange(
            action=self.action,
            before=self.before.to_value() if self.before else None,
            after=self.after.to_value() if self.after else None,
            reason=self.reason,
            source=source_from_text(self.source),
            fields=FieldChangeDocument.changes(self.fields),
            cascade=self.cascade,
            limits=self.limits,
        )


class RelationChangeDocument(ChangeDocumentBase):
    kind: Literal["relation"]
    action: Literal[Action.CREATE, Action.DELETE]
    before: RelationValueDocument | None
    after: RelationValueDocument | None

    @classmethod
    def of(cls, change: RelationChange) -> RelationChangeDocument:
        return cls(
            kind="relation",
            address=change.address,
            action=_relation_action(change.action),
            before=RelationValueDocument.of(change.before),
            after=RelationValueDocument.of(change.after),
            reason=change.reason,
            source=source_text(change.source),
        )

    def to_change(self) -> RelationChange:
        return RelationChange(
            action=self.action,
            before=self.before.to_value() if self.before else None,
            after=self.after.to_value() if self.after else None,
            reason=self.reason,
            source=source_from_text(self.source),
        )


def declared_document(value: AssociationValue) -> AssociationValueDocument:
    document = AssociationValueDocument.of(value)
    assert document is not None
    return document


def _relation_action(action: Action) -> Literal[Action.CREATE, Action.DELETE]:
    if action is Action.CREATE or action is Action.DELETE:
        return action
    raise AssertionError(f"a relation cannot be {action.value}d")  # Plan() already refuses it
