"""Pydantic documents of object, field and folder values in a JSON plan (and back)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ghlsync.values.objects import FieldValue, FolderValue, ObjectValue, PrimaryProperty

__all__ = [
    "FieldValueDocument",
    "FolderValueDocument",
    "ObjectValueDocument",
    "PrimaryPropertyDocument",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PrimaryPropertyDocument(_Strict):
    key: str
    name: str
    type: str


class ObjectValueDocument(_Strict):
    id: str | None
    key: str
    singular: str | None
    plural: str | None
    description: str | None
    primary: PrimaryPropertyDocument | None
    searchable: list[str] | None

    def to_value(self) -> ObjectValue:
        primary = PrimaryProperty(**self.primary.model_dump()) if self.primary else None
        searchable = tuple(self.searchable) if self.searchable is not None else None
        return ObjectValue(self.key, self.singular, self.plural, self.description, primary,
                           searchable, self.id)


class FieldValueDocument(_Strict):
    id: str | None
    object_key: str
    key: str
    name: str
    type: str
    options: list[str]
    folder: str | None
    description: str | None
    placeholder: str | None

    def to_value(self) -> FieldValue:
        return FieldValue(**{**self.model_dump(), "options": tuple(self.options)})


class FolderValueDocument(_Strict):
    id: str | None
    object_key: str
    name: str

    def to_value(self) -> FolderValue:
        return FolderValue(self.object_key, self.name, self.id)
