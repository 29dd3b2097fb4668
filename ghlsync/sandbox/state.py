"""The sandbox's persisted state: every simulated location, kept in one JSON file.

The file is meant to be read and edited by people. Its shape::

    {
      "version": 1,
      "next_id": 7,
      "locations": {
        "loc_123": {
          "associations": [
            {"id": "65a000000000000000000001", "key": "contact_business",
             "firstObjectKey": "contact", "firstObjectLabel": "Contact",
             "secondObjectKey": "business", "secondObjectLabel": "Business",
             "associationType": "SYSTEM_DEFINED"}
          ],
          "relations": [
            {"id": "65a000000000000000000002", "associationId": "65a000000000000000000001",
             "firstRecordId": "c_1", "secondRecordId": "b_1"}
          ],
          "records": {"contact": [{"id": "c_1", "email": "jane@example.com"}],
                      "business": ["b_1"]}
        }
      }
    }

- ``next_id`` feeds the id counter: ids are ``65a0`` followed by the counter in 20 hex digits,
  so the same requests always produce the same ids. Hand-written ids may be any string.
- A location that is not in the file, or is in it without ``associations`` (e.g. only
  ``records``), is created fresh, seeded with one
  SYSTEM_DEFINED association ``contact_business`` (``contact`` "Contact" to ``business``
  "Business"), like a fresh GHL location.
- ``records`` is optional. Without it any record id is accepted in a relation. With it, a
  relation's records must be listed, under the object of the association side they are on.
  A record may be an object with properties (``ghlsync.sandbox.records``) for the searches.
- Relations keep their order of creation; listings return them in that order.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ghlsync.errors import UsageError
from ghlsync.sandbox.records import entry_id, parse_properties, records_json

__all__ = [
    "SEED_ASSOCIATION_KEY",
    "STATE_VERSION",
    "Association",
    "ChangeCounter",
    "LocationState",
    "Relation",
    "SandboxState",
    "parse_records",
    "render_json",
    "write_json_atomically",
]

STATE_VERSION = 1
SEED_ASSOCIATION_KEY = "contact_business"
_ID_PREFIX = "65a0"

JsonObject = dict[str, Any]


@dataclass(slots=True)
class Association:
    id: str
    key: str
    first_object_key: str
    first_object_label: str
    second_object_key: str
    second_object_label: str
    association_type: str = "USER_DEFINED"

    @property
    def is_system(self) -> bool:
        return self.association_type == "SYSTEM_DEFINED"

    def involves(self, object_key: str) -> bool:
        return object_key in (self.first_object_key, self.second_object_key)

    def to_json(self) -> JsonObject:
        return {
            "id": self.id,
            "key": self.key,
            "firstObjectKey": self.first_object_key,
            "firstObjectLabel": self.first_object_label,
            "secondObjectKey": self.second_object_key,
            "secondObjectLabel": self.second_object_label,
            "associationType": self.association_type,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Association:
        return cls(
            id=_text(data, "id"),
            key=_text(data, "key"),
            first_object_key=_text(data, "firstObjectKey"),
            first_object_label=_text(data, "firstObjectLabel"),
            second_object_key=_text(data, "secondObjectKey"),
            second_object_label=_text(data, "secondObjectLabel"),
            association_type=str(data.get("associationType", "USER_DEFINED")),
        )


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


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name!r} must be a non-empty string")
    return value


class ChangeCounter:
    """Counts mutations so that savers can tell whether anything changed since last time."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self) -> None:
        self.value += 1


class LocationState:
    """One location's associations, relations and (optional) records, with lookup indexes."""

    def __init__(self, location_id: str, changes: ChangeCounter) -> None:
        self.location_id = location_id
        self._changes = changes
        self.associations: dict[str, Association] = {}
        self._association_ids_by_key: dict[str, str] = {}
        self.relations: dict[str, Relation] = {}
        self._relation_ids_by_identity: dict[tuple[str, str, str], str] = {}
        self._relation_ids_by_record: dict[str, dict[str, None]] = {}
        self._relation_ids_by_association: dict[str, dict[str, None]] = {}
        self.records: dict[str, list[str]] | None = None
        self.properties: dict[str, dict[str, str]] = {}
        self._object_by_record: dict[str, str] = {}

    # associations

    def association_by_key(self, key: str) -> Association | None:
        association_id = self._association_ids_by_key.get(key)
        return None if association_id is None else self.associations[association_id]

    def add_association(self, association: Association) -> None:
        if association.key in self._association_ids_by_key:
            raise ValueError(f"duplicate association key {association.key!r}")
        if association.id in self.associations:
            raise ValueError(f"duplicate association id {association.id!r}")
        self.associations[association.id] = association
        self._association_ids_by_key[association.key] = association.id
        self._relation_ids_by_association[association.id] = {}
        self._changes.bump()

    def relabel_association(self, association_id: str, first: str, second: str) -> Association:
        association = self.associations[association_id]
        association.first_object_label = first
        association.second_object_label = second
        self._changes.bump()
        return association

    def remove_association(self, association_id: str) -> int:
        """Delete an association and all its relations; return how many relations went."""
        association = self.associations.pop(association_id)
        del self._association_ids_by_key[association.key]
        relation_ids = list(self._relation_ids_by_association.pop(association_id))
        for relation_id in relation_ids:
            self._unindex_relation(self.relations.pop(relation_id))
        self._changes.bump()
        return len(relation_ids)

    # relations

    def find_relation(self, association_id: str, first: str, second: str) -> Relation | None:
        relation_id = self._relation_ids_by_identity.get((association_id, first, second))
        return None if relation_id is None else self.relations[relation_id]

    def add_relation(self, relation: Relation) -> None:
        identity = relation.identity
        if relation.association_id not in self.associations:
            raise ValueError(f"relation {relation.id!r} names an unknown association")
        if identity in self._relation_ids_by_identity or relation.id in self.relations:
            raise ValueError(f"relation {relation.id!r} duplicates another relation or its id")
        self.relations[relation.id] = relation
        self._relation_ids_by_identity[identity] = relation.id
        self._relation_ids_by_association[relation.association_id][relation.id] = None
        by_record = self._relation_ids_by_record
        by_record.setdefault(relation.first_record_id, {})[relation.id] = None
        by_record.setdefault(relation.second_record_id, {})[relation.id] = None
        self._changes.bump()

    def remove_relation(self, relation_id: str) -> Relation:
        relation = self.relations.pop(relation_id)
        self._unindex_relation(relation)
        del self._relation_ids_by_association[relation.association_id][relation_id]
        self._changes.bump()
        return relation

    def relations_of_record(
        self, record_id: str, association_ids: frozenset[str] | None = None
    ) -> Iterator[Relation]:
        """Relations where the record is first or second, in creation order."""
        for relation_id in self._relation_ids_by_record.get(record_id, {}):
            relation = self.relations[relation_id]
            if association_ids is None or relation.association_id in association_ids:
                yield relation

    def _unindex_relation(self, relation: Relation) -> None:
        del self._relation_ids_by_identity[relation.identity]
        for record_id in (relation.first_record_id, relation.second_record_id):
            ids = self._relation_ids_by_record.get(record_id)
            if ids is not None:
                ids.pop(relation.id, None)
                if not ids:
                    del self._relation_ids_by_record[record_id]

    # records

    def set_records(
        self,
        records: Mapping[str, list[str]] | None,
        properties: Mapping[str, dict[str, str]] | None = None,
    ) -> None:
        """Enforce these record lists (object key -> ids), or accept any id when None.

        ``properties`` gives record id -> its properties (email, name...) for the searches.
        """
        object_by_record: dict[str, str] = {}
        for object_key, record_ids in (records or {}).items():
            for record_id in record_ids:
                if object_by_record.setdefault(record_id, object_key) != object_key:
                    raise ValueError(f"record {record_id!r} is listed under two objects")
        self.records = None if records is None else {k: list(v) for k, v in records.items()}
        self.properties = {k: dict(v) for k, v in (properties or {}).items()}
        self._object_by_record = object_by_record
        self._changes.bump()

    def object_of_record(self, record_id: str) -> str | None:
        return self._object_by_record.get(record_id)

    def to_json(self) -> JsonObject:
        data: JsonObject = {
            "associations": [a.to_json() for a in self.associations.values()],
            "relations": [r.to_json() for r in self.relations.values()],
        }
        if self.records is not None:
            data["records"] = records_json(self.records, self.properties)
        return data


class SandboxState:
    """All simulated locations plus the id counter. Not thread-safe: the Sandbox locks it."""

    def __init__(self) -> None:
        self.changes = ChangeCounter()
        self.locations: dict[str, LocationState] = {}
        self.next_id = 1

    @property
    def revision(self) -> int:
        """Grows on every mutation; compare two readings to know whether to save."""
        return self.changes.value

    def new_id(self) -> str:
        while True:
            candidate = f"{_ID_PREFIX}{self.next_id:020x}"
            self.next_id += 1
            if not self._id_in_use(candidate):
                self.changes.bump()
                return candidate

    def _id_in_use(self, candidate: str) -> bool:
        return any(
            candidate in loc.associations or candidate in loc.relations
            for loc in self.locations.values()
        )

    def location(self, location_id: str) -> LocationState:
        """The location, created and seeded like a fresh GHL location when new."""
        existing = self.locations.get(location_id)
        if existing is not None:
            return existing
        created = self._empty_location(location_id)
        created.add_association(self._seed_association())
        return created

    def _empty_location(self, location_id: str) -> LocationState:
        created = LocationState(location_id, self.changes)
        self.locations[location_id] = created
        self.changes.bump()
        return created

    def _seed_association(self) -> Association:
        return Association(
            id=self.new_id(),
            key=SEED_ASSOCIATION_KEY,
            first_object_key="contact",
            first_object_label="Contact",
            second_object_key="business",
            second_object_label="Business",
            association_type="SYSTEM_DEFINED",
        )

    def find_association(self, association_id: str) -> tuple[LocationState, Association] | None:
        for location in self.locations.values():
            association = location.associations.get(association_id)
            if association is not None:
                return location, association
        return None

    # persistence

    def to_json(self) -> JsonObject:
        return {
            "version": STATE_VERSION,
            "next_id": self.next_id,
            "locations": {lid: loc.to_json() for lid, loc in self.locations.items()},
        }

    @classmethod
    def from_json(cls, data: object, origin: str = "sandbox state") -> SandboxState:
        """Build a state from its JSON form; UsageError naming ``origin`` when it is invalid."""
        try:
            return cls._from_json(data)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise UsageError(f"{origin}: invalid sandbox state: {_describe(error)}") from None

    @classmethod
    def _from_json(cls, data: object) -> SandboxState:
        if not isinstance(data, dict):
            raise TypeError("the top level must be a JSON object")
        if data.get("version", STATE_VERSION) != STATE_VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        state = cls()
        for location_id, location_data in dict(data.get("locations", {})).items():
            _load_location(state._loaded_location(str(location_id), location_data), location_data)
        state.next_id = max(state.next_id, int(data.get("next_id", 1)))
        return state

    def _loaded_location(self, location_id: str, data: object) -> LocationState:
        """A location without ``associations`` in the file is a fresh one (seeded)."""
        if isinstance(data, dict) and "associations" not in data:
            return self.location(location_id)
        return self._empty_location(location_id)

    @classmethod
    def load(cls, path: Path) -> SandboxState:
        """Read a state file; a missing file is an empty state."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except OSError as error:
            raise UsageError(f"cannot read sandbox state {path}: {error.strerror}") from None
        try:
            data = json.loads(text)
        except ValueError as error:
            raise UsageError(f"sandbox state {path} is not valid JSON: {error}") from None
        return cls.from_json(data, origin=str(path))

    def save(self, path: Path) -> None:
        write_json_atomically(path, self.to_json())


def _load_location(location: LocationState, data: object) -> None:
    if not isinstance(data, dict):
        raise TypeError(f"location {location.location_id!r} must be a JSON object")
    for item in data.get("associations", []):
        location.add_association(Association.from_json(item))
    for item in data.get("relations", []):
        location.add_relation(Relation.from_json(item))
    if data.get("records") is not None:
        location.set_records(parse_records(data["records"]), parse_properties(data["records"]))


def parse_records(data: object) -> dict[str, list[str]]:
    """Validate a ``{"object key": ["record id" or {"id": ..., property: value}, ...]}``
    mapping; return the ids per object."""
    if not isinstance(data, dict):
        raise TypeError("records must map object keys to lists of record ids")
    records: dict[str, list[str]] = {}
    for object_key, entries in data.items():
        if not isinstance(entries, list):
            raise TypeError(f"records of {object_key!r} must be a list")
        records[str(object_key)] = [entry_id(entry) for entry in entries]
    return records


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return str(error)


def render_json(value: object, depth: int = 0) -> str:
    """Indented JSON, except that flat objects (one association, relation...) take one line."""
    inner = "  " * (depth + 1)
    if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
        items = [f"{inner}{json.dumps(k)}: {render_json(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        items = [inner + render_json(v, depth + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"
    return json.dumps(value, ensure_ascii=False)


def write_json_atomically(path: Path, data: object) -> None:
    """Write JSON to a temporary file beside ``path``, then rename it over ``path``."""
    text = render_json(data) + "\n"
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise UsageError(f"cannot write sandbox state {path}: {error.strerror}") from None
