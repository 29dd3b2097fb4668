"""Plain values of the CRM schema: objects, custom fields and folders, desired or live.

The same value classes describe what the file asks for (``id`` None) and what the location
has (``id`` set), so the planner compares like with like and the plan carries them as its
``before`` and ``after``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ghlsync.values.source import Source
from ghlsync.values.standard_objects import STANDARD_OBJECTS

__all__ = [
    "NAME_KEYED_OBJECTS",
    "STANDARD_OBJECTS",
    "DesiredObjects",
    "FieldValue",
    "FolderValue",
    "LiveObjects",
    "ObjectValue",
    "ObjectsValue",
    "PrimaryProperty",
    "field_address",
    "field_key_of",
    "key_from_name",
    "object_address",
    "same_field",
    "short_key",
]


def field_key_of(object_key: str, key: str) -> str:
    """GHL's full ``fieldKey``, e.g. ``custom_objects.property.mls_number``."""
    return f"{object_key}.{key}"


def short_key(object_key: str, full_key: str) -> str:
    """The key the file uses: the last part of GHL's ``fieldKey`` (any prefix accepted)."""
    return full_key.removeprefix(f"{object_key}.").rsplit(".", 1)[-1]


def key_from_name(name: str) -> str:
    """The key GHL derives from a contact or opportunity field's name when it does not keep
    the ``fieldKey`` sent: lower case, words joined by ``_`` ("Buyer budget" ->
    ``buyer_budget``)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


NAME_KEYED_OBJECTS = frozenset({"contact", "opportunity"})
"""Objects whose fields GHL may key from their name instead of the ``fieldKey`` sent."""


def same_field(
    wanted: FieldValue, candidates: Iterable[FieldValue]
) -> tuple[FieldValue, str] | None:
    """The live field that is ``wanted``, and how it was matched: by key; else, for
    contact and opportunity fields only, the one field keyed from ``wanted``'s name or
    carrying that name (docs/design.md, "Identity, scope and pruning")."""
    pool = [f for f in candidates if f.object_key == wanted.object_key]
    by_key = next((f for f in pool if f.key == wanted.key), None)
    if by_key is not None:
        return by_key, "by key"
    if wanted.object_key not in NAME_KEYED_OBJECTS:
        return None
    derived = key_from_name(wanted.name)
    named = [f for f in pool if f.key == derived or f.name == wanted.name]
    if len(named) != 1:
        return None
    return named[0], f"by its name {wanted.name!r} (GHL keyed it {named[0].key!r})"


def object_address(key: str) -> str:
    """How a plan names an object: ``object.<key>``."""
    return f"object.{key}"


def field_address(object_key: str, key: str) -> str:
    """How a plan names a field: ``field.<object key>.<field key>``."""
    return f"field.{object_key}.{key}"


@dataclass(frozen=True, slots=True)
class PrimaryProperty:
    key: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class ObjectValue:
    """A custom object (labels set) or a standard one (only ``searchable`` is managed)."""

    key: str
    singular: str | None = None
    plural: str | None = None
    description: str | None = None
    primary: PrimaryProperty | None = None
    searchable: tuple[str, ...] | None = None
    id: str | None = None

    @property
    def is_standard(self) -> bool:
        return self.key in STANDARD_OBJECTS

    def address(self) -> str:
        return object_address(self.key)


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A custom field of ``object_key``; ``key`` is the short key written in the file."""

    object_key: str
    key: str
    name: str
    type: str
    options: tuple[str, ...] = ()
    folder: str | None = None
    description: str | None = None
    placeholder: str | None = None
    id: str | None = None

    @property
    def identity(self) -> tuple[str, str]:
        return (self.object_key, self.key)

    def address(self) -> str:
        return field_address(self.object_key, self.key)


@dataclass(frozen=True, slots=True)
class FolderValue:
    object_key: str
    name: str
    id: str | None = None

    def address(self) -> str:
        return f"folder.{self.object_key}[{self.name}]"


ObjectsValue = ObjectValue | FieldValue | FolderValue


@dataclass(frozen=True, slots=True)
class DesiredObjects:
    """The ``objects:`` section resolved: objects by key, fields by (object, key), sources."""

    objects: Mapping[str, ObjectValue] = field(default_factory=dict)
    fields: Mapping[tuple[str, str], FieldValue] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    prune_fields: bool = False

    def source(self, address: str) -> Source | None:
        return self.sources.get(address)


@dataclass(frozen=True, slots=True)
class LiveObjects:
    """What was read: the objects of the location, and fields and folders of ``read`` objects.

    ``read`` holds the object keys asked for (the declared ones): those that exist had
    their fields listed; fields of other objects are unknown and never touched.
    """

    objects: Mapping[str, ObjectValue] = field(default_factory=dict)
    fields: Mapping[tuple[str, str], FieldValue] = field(default_factory=dict)
    folders: Mapping[tuple[str, str], FolderValue] = field(default_factory=dict)
    read: frozenset[str] = frozenset()

    def fields_of(self, object_key: str) -> list[FieldValue]:
        return [f for (obj, _), f in sorted(self.fields.items()) if obj == object_key]
