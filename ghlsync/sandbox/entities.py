"""What a simulated location holds: associations (with their limits) and relations.

Cardinality limits follow GHL's field names:

- ``firstObjectToSecondObjectMaxLimit``: how many *second* records one *first* record may be
  linked to (a business may have 10,000 contacts);
- ``secondObjectToFirstObjectMaxLimit``: how many *first* records one *second* record may be
  linked to (a contact may have 1 business).

A USER_DEFINED association may instead (or also) carry cardinality strings such as
``firstObjectToSecondObjectCardinality: "ONE_TO_MANY"``. An explicit limit wins; otherwise
``ONE_TO_...`` means a second record may have 1 first record, and ``..._TO_ONE`` that a first
record may have 1 second record. ``secondObjectToFirstObjectCardinality`` is kept as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = [
    "CARDINALITIES",
    "INTERNAL_ASSOCIATIONS",
    "SYSTEM_ASSOCIATIONS",
    "Association",
    "JsonObject",
    "Relation",
    "describe_error",
    "required_text",
    "system_associations",
]

JsonObject = dict[str, Any]
CARDINALITIES = ("ONE_TO_ONE", "ONE_TO_MANY", "MANY_TO_ONE", "MANY_TO_MANY")
_LIMIT_FIELDS = ("firstObjectToSecondObjectMaxLimit", "secondObjectToFirstObjectMaxLimit")
_CARDINALITY_FIELDS = (
    "firstObjectToSecondObjectCardinality",
    "secondObjectToFirstObjectCardinality",
)


@dataclass(slots=True)
class Association:
    id: str
    key: str
    first_object_key: str
    first_object_label: str
    second_object_key: str
    second_object_label: str
    association_type: str = "USER_DEFINED"
    extras: JsonObject | None = None
    """Optional limit and cardinality fields, kept and answered as given."""

    @property
    def is_system(self) -> bool:
        return self.association_type == "SYSTEM_DEFINED"

    def involves(self, object_key: str) -> bool:
        return object_key in (self.first_object_key, self.second_object_key)

    def max_seconds_per_first(self) -> int | None:
        """How many second records one first record may be linked to (None: unlimited)."""
        return self._limit(_LIMIT_FIELDS[0], lambda c: c.endswith("_TO_ONE"))

    def max_firsts_per_second(self) -> int | None:
        """How many first records one second record may be linked to (None: unlimited)."""
        return self._limit(_LIMIT_FIELDS[1], lambda c: c.startswith("ONE_TO_"))

    def _limit(self, field: str, means_one: Callable[[str], bool]) -> int | None:
        extras = self.extras or {}
        if isinstance(extras.get(field), int):
            return int(extras[field])
        return 1 if means_one(str(extras.get(_CARDINALITY_FIELDS[0], ""))) else None

    def to_json(self) -> JsonObject:
        return {
            "id": self.id,
            "key": self.key,
            "firstObjectKey": self.first_object_key,
            "firstObjectLabel": self.first_object_label,
            "secondObjectKey": self.second_object_key,
            "secondObjectLabel": self.second_object_label,
            "associationType": self.association_type,
            **(self.extras or {}),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Association:
        association_type = str(data.get("associationType", "USER_DEFINED"))
        if association_type not in ("USER_DEFINED", "SYSTEM_DEFINED"):
            raise ValueError("associationType must be USER_DEFINED or SYSTEM_DEFINED")
        return cls(
            id=required_text(data, "id"),
            key=required_text(data, "key"),
            first_object_key=required_text(data, "firstObjectKey"),
            first_object_label=required_text(data, "firstObjectLabel"),
            second_object_key=required_text(data, "secondObjectKey"),
            second_object_label=required_text(data, "secondObjectLabel"),
            association_type=association_type,
            extras=_extras(data),
        )


def _extras(data: Mapping[str, Any]) -> JsonObject | None:
    extras: JsonObject = {}
    for name in _LIMIT_FIELDS:
        if data.get(name) is not None:
            extras[name] = _positive(data, name)
    for name in _CARDINALITY_FIELDS:
        if data.get(name) is not None:
            if data[name] not in CARDINALITIES:
                raise ValueError(f"{name!r} must be one of {', '.join(CARDINALITIES)}")
            extras[name] = data[name]
    return extras or None


def _positive(data: Mapping[str, Any], name: str) -> int:
    value = data[name]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name!r} must be a whole number of at least 1")
    return value


def describe_error(error: Exception) -> str:
    """What is wrong with a hand-written state entry, for a message."""
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error)


def required_text(data: Mapping[str, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name!r} must be a non-empty string")
    return value


class Relation(NamedTuple):
    """A link between two records through an association (a tuple: cheap at 100,000)."""

    id: str
    association_id: str
    first_record_id: str
    second_record_id: str

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.association_id, self.first_record_id, self.second_record_id)

    def to_json(self) -> JsonObject:
        return {
            "id": self.id,
            "associationId": self.association_id,
            "firstRecordId": self.first_record_id,
            "secondRecordId": self.second_record_id,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Relation:
        relation = cls(
            data["id"], data["associationId"], data["firstRecordId"], data["secondRecordId"]
        )
        for value in relation:
            if not isinstance(value, str) or not value:
                raise ValueError(f"relation {relation.id!r}: ids must be non-empty strings")
        return relation


SYSTEM_ASSOCIATIONS: tuple[JsonObject, ...] = (
    {
        "id": "BUSINESSES_CONTACTS_ASSOCIATION",
        "key": "BUSINESSES_CONTACTS_ASSOCIATION",
        "firstObjectKey": "business",
        "firstObjectLabel": "Business",
        "secondObjectKey": "contact",
        "secondObjectLabel": "Contact",
        "associationType": "SYSTEM_DEFINED",
        "firstObjectToSecondObjectMaxLimit": 10_000,
        "secondObjectToFirstObjectMaxLimit": 1,
    },
    {
        "id": "OPPORTUNITIES_CONTACTS_ASSOCIATION",
        "key": "OPPORTUNITIES_CONTACTS_ASSOCIATION",
        "firstObjectKey": "opportunity",
        "firstObjectLabel": "Opportunity",
        "secondObjectKey": "contact",
        "secondObjectLabel": "Contact",
        "associationType": "SYSTEM_DEFINED",
        "firstObjectToSecondObjectMaxLimit": 25,
        "secondObjectToFirstObjectMaxLimit": 1_000,
    },
)
"""The standard associations every real location returns; their id is their key."""


INTERNAL_ASSOCIATIONS: tuple[JsonObject, ...] = (
    {
        "id": "TASK_CONTACT_ASSOCIATION",
        "key": "TASK_CONTACT_ASSOCIATION",
        "firstObjectKey": "task",
        "firstObjectLabel": "Task",
        "secondObjectKey": "contact",
        "secondObjectLabel": "Contact",
        "associationType": "SYSTEM_DEFINED",
    },
)
"""Internal associations: only ``GET /associations/objectKey/...&includeInternalAssociations=true``
returns them; they are never stored and take no relations here."""


def system_associations() -> list[Association]:
    """Fresh copies of the standard SYSTEM_DEFINED associations of a new location."""
    return [Association.from_json(data) for data in SYSTEM_ASSOCIATIONS]
