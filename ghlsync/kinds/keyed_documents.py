"""The plan-file (JSON) documents of the kinds of things known by one key (custom values,
tags): apart from ``kinds/keyed.py`` so that a text plan does not build these models."""

from __future__ import annotations

from typing import ClassVar, Self

from ghlsync.kinds.documents import (
    ChangeDocumentBase,
    FieldChangeDocument,
    StrictDocument,
    source_from_text,
    source_text,
)
from ghlsync.values.plan import KeyedChange, KeyedValue

__all__ = ["KeyedChangeDocument", "KeyedValueDocument"]


class KeyedValueDocument(StrictDocument):
    key: str
    attributes: dict[str, str]
    id: str | None

    @classmethod
    def of(cls, value: KeyedValue | None) -> KeyedValueDocument | None:
        if value is None:
            return None
        return cls(key=value.key, attributes=dict(value.attributes), id=value.id)

    def to_value(self) -> KeyedValue:
        return KeyedValue(self.key, tuple(sorted(self.attributes.items())), self.id)


class KeyedChangeDocument(ChangeDocumentBase):
    """A keyed change; each kind subclasses it with its ``kind`` literal and change type."""

    change_type: ClassVar[type[KeyedChange]] = KeyedChange
    kind: str
    before: KeyedValueDocument | None
    after: KeyedValueDocument | None
    fields: list[FieldChangeDocument]

    @classmethod
    def of(cls, change: KeyedChange) -> Self:
        return cls(
            kind=change.noun,
            address=change.address,
            action=change.action,
            before=KeyedValueDocument.of(change.before),
            after=KeyedValueDocument.of(change.after),
            reason=change.reason,
            source=source_text(change.source),
            fields=FieldChangeDocument.listed(change.fields),
        )

    def to_change(self) -> KeyedChange:
        return self.change_type(
            action=self.action,
            before=self.before.to_value() if self.before else None,
            after=self.after.to_value() if self.after else None,
            reason=self.reason,
            source=source_from_text(self.source),
            fields=FieldChangeDocument.changes(self.fields),
        )
