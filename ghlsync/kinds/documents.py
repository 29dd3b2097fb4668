"""Pydantic documents of one change in a JSON plan: what every change has, and the object,
field and folder changes (README, "Objects and fields"). ``plan_document`` adds the
association and relation changes and the plan around them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from ghlsync.kinds.objects.value_documents import (
    FieldValueDocument,
    FolderValueDocument,
    ObjectValueDocument,
)
from ghlsync.values.plan import Action, AnyChange, FieldChange, Kind, ObjectsChange
from ghlsync.values.state import Source

__all__ = [
    "OBJECTS_DOCUMENTS",
    "ChangeDocumentBase",
    "CustomFieldChangeDocument",
    "FieldChangeDocument",
    "FolderChangeDocument",
    "ObjectChangeDocument",
    "SourceText",
    "StrictDocument",
    "source_from_text",
    "source_text",
]

SourceText = Annotated[str, StringConstraints(pattern=r"^.+:[0-9]+$")]

_SHAPES = {
    Action.CREATE: (False, True),
    Action.UPDATE: (True, True),
    Action.REPLACE: (True, True),
    Action.DELETE: (True, False),
}


class StrictDocument(BaseModel):
    """Every plan-file document: unknown keys refused, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldChangeDocument(StrictDocument):
    path: str
    old: str
    new: str

    @classmethod
    def listed(cls, fields: tuple[FieldChange, ...]) -> list[FieldChangeDocument]:
        return [cls(path=f.path, old=f.old, new=f.new) for f in fields]

    @staticmethod
    def changes(documents: list[FieldChangeDocument]) -> tuple[FieldChange, ...]:
        return tuple(FieldChange(d.path, d.old, d.new) for d in documents)


class ChangeDocumentBase(StrictDocument):
    """What every change document has; before and after must match the action."""

    address: str
    action: Action
    reason: str
    source: SourceText | None

    def to_change(self) -> AnyChange:
        """The change this document describes (each kind's document overrides it)."""
        raise NotImplementedError

    @model_validator(mode="after")
    def _before_and_after_match_action(self) -> Self:
        has_before, has_after = _SHAPES[self.action]
        present = (
            getattr(self, "before", None) is not None,
            getattr(self, "after", None) is not None,
        )
        if present != (has_before, has_after):
            wanted = " and ".join(
                n for n, has in (("before", has_before), ("after", has_after)) if has
            )
            raise ValueError(f"a {self.action.value} change has exactly {wanted}")
        return self


ObjectsValueDocument = ObjectValueDocument | FieldValueDocument | FolderValueDocument


class _ObjectsChangeDocument(ChangeDocumentBase):
    """An object, field or folder change (README, "Objects and fields")."""

    kind: str
    before: ObjectsValueDocument | None
    after: ObjectsValueDocument | None
    fields: list[FieldChangeDocument]

    @model_validator(mode="after")
    def _address_matches_values(self) -> Self:
        if self.to_change().address != self.address:
            raise ValueError(f"address {self.address!r} does not match its values")
        return self

    @classmethod
    def of(cls, change: ObjectsChange) -> Self:
        values = {name: asdict(v) if v is not None else None
                  for name, v in (("before", change.before), ("after", change.after))}
        return cls.model_validate({
            "kind": change.kind.value, "address": change.address, "action": change.action,
            "reason": change.reason, "source": source_text(change.source), **values,
            "fields": FieldChangeDocument.listed(change.fields),
        })

    def to_change(self) -> ObjectsChange:
        return ObjectsChange(
            kind=Kind(self.kind),
            action=self.action,
            before=self.before.to_value() if self.before else None,
            after=self.after.to_value() if self.after else None,
            reason=self.reason,
            source=source_from_text(self.source),
            fields=FieldChangeDocument.changes(self.fields),
        )


class ObjectChangeDocument(_ObjectsChangeDocument):
    kind: Literal["object"]
    action: Literal[Action.CREATE, Action.UPDATE]
    before: ObjectValueDocument | None
    after: ObjectValueDocument | None


class CustomFieldChangeDocument(_ObjectsChangeDocument):
    kind: Literal["field"]
    before: FieldValueDocument | None
    after: FieldValueDocument | None


class FolderChangeDocument(_ObjectsChangeDocument):
    kind: Literal["folder"]
    action: Literal[Action.CREATE]
    before: None
    after: FolderValueDocument | None


OBJECTS_DOCUMENTS: dict[Kind, type[_ObjectsChangeDocument]] = {
    Kind.OBJECT: ObjectChangeDocument,
    Kind.FIELD: CustomFieldChangeDocument,
    Kind.FOLDER: FolderChangeDocument,
}


def source_text(source: Source | None) -> str | None:
    """``FILE:LINE``, or None."""
    return str(source) if source else None


def source_from_text(text: str | None) -> Source | None:
    """Parse ``FILE:LINE`` (the file may itself contain colons)."""
    if text is None:
        return None
    file, line = text.rsplit(":", 1)
    return Source(file, int(line))
