"""The sandbox's persisted state: every simulated location, kept in one JSON file.

The file is meant to be read and edited by people. Its shape::

    {
      "version": 1,
      "next_id": 7,
      "locations": {
        "loc_123": {
          "associations": [
            {"id": "BUSINESSES_CONTACTS_ASSOCIATION", "key": "BUSINESSES_CONTACTS_ASSOCIATION",
             "firstObjectKey": "business", "firstObjectLabel": "Business",
             "secondObjectKey": "contact", "secondObjectLabel": "Contact",
             "associationType": "SYSTEM_DEFINED",
             "firstObjectToSecondObjectMaxLimit": 10000, "secondObjectToFirstObjectMaxLimit": 1},
            {"id": "65a000000000000000000001", "key": "property_owner",
             "firstObjectKey": "custom_objects.property", "firstObjectLabel": "Property",
             "secondObjectKey": "contact", "secondObjectLabel": "Owner",
             "associationType": "USER_DEFINED",
             "firstObjectToSecondObjectCardinality": "MANY_TO_MANY"}
          ],
          "relations": [
            {"id": "65a000000000000000000002", "associationId": "BUSINESSES_CONTACTS_ASSOCIATION",
             "firstRecordId": "b_1", "secondRecordId": "c_1"}
          ],
          "records": {"contact": [{"id": "c_1", "email": "jane@example.com"}],
                      "business": ["b_1"]}
        }
      }
    }

- ``next_id`` feeds the id counter: ids are ``65a0`` followed by the counter in 20 hex digits,
  so the same requests always produce the same ids. Hand-written ids may be any string.
- A location that is not in the file, or is in it without ``associations`` (e.g. only
  ``records``), is created on first use, seeded like a fresh GHL
  location with the two standard SYSTEM_DEFINED associations, whose id is their key:
  ``BUSINESSES_CONTACTS_ASSOCIATION`` (``business`` first, ``contact`` second; a contact has at
  most 1 business, a business at most 10,000 contacts) and ``OPPORTUNITIES_CONTACTS_ASSOCIATION``
  (``opportunity`` first, ``contact`` second; 25 contacts per opportunity, 1,000 opportunities
  per contact). See :mod:`ghlsync.sandbox.entities` for the limit and cardinality fields, which
  any association may carry and which relation creates obey.
- ``records`` lists the records the location holds, per object. A relation's records must be
  listed, under the object of the association side they are on: without ``records`` the
  location has none, and every relation create is refused, as GHL refuses unknown records.
  A record may be an object with properties (``ghlsync.sandbox.records``) for the searches.
- Relations keep their order of creation; listings return them in that order.
- ``agency`` is optional: the company whose sub-accounts the locations are, and its token
  (:mod:`ghlsync.sandbox.agency`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from ghlsync.errors import UsageError
from ghlsync.sandbox.agency import Agency
from ghlsync.sandbox.entities import (
    Association,
    JsonObject,
    Relation,
    describe_error,
    system_associations,
)
from ghlsync.sandbox.record_entries import entry_id, parse_properties, records_json
from ghlsync.sandbox.schema_store import SchemaStore
from ghlsync.sandbox.storage import read_json_file, render_json, write_json_atomically

__all__ = [
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
_ID_PREFIX = "65a0"


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
        self.schema = SchemaStore(location_id, changes.bump)

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
        """The records the location holds (object key -> ids); None: none at all.

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

    def add_records(
        self,
        records: Mapping[str, list[str]],
        properties: Mapping[str, dict[str, str]] | None = None,
    ) -> None:
        """Hold these records too (object key -> ids), keeping the ones held already."""
        merged = {k: list(v) for k, v in (self.records or {}).items()}
        for object_key, record_ids in records.items():
            held = merged.setdefault(object_key, [])
            held.extend(i for i in record_ids if i not in held)
        self.set_records(merged, {**self.properties, **(properties or {})})

    def object_of_record(self, record_id: str) -> str | None:
        return self._object_by_record.get(record_id)

    def to_json(self) -> JsonObject:
        data: JsonObject = {
            "associations": [a.to_json() for a in self.associations.values()],
            "relations": [r.to_json() for r in self.relations.values()],
        }
        if self.records is not None:
            data["records"] = records_json(self.records, self.properties)
        if not self.schema.is_empty:
            data["schema"] = self.schema.to_json()
        return data


class SandboxState:
    """All simulated locations plus the id counter. Not thread-safe: the Sandbox locks it."""

    def __init__(self) -> None:
        self.changes = ChangeCounter()
        self.locations: dict[str, LocationState] = {}
        self.next_id = 1
        self.agency: Agency | None = None

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
            or loc.schema.owns(candidate)
            for loc in self.locations.values()
        )

    def location(self, location_id: str) -> LocationState:
        """The location, created and seeded like a fresh GHL location when new."""
        existing = self.locations.get(location_id)
        if existing is not None:
            return existing
        created = self._empty_location(location_id)
        for association in system_associations():
            created.add_association(association)
        return created

    def _empty_location(self, location_id: str) -> LocationState:
        created = LocationState(location_id, self.changes)
        self.locations[location_id] = created
        self.changes.bump()
        return created

    def find_association(
        self, association_id: str, location_id: str | None = None
    ) -> tuple[LocationState, Association] | None:
        """The association with that id, in that location (default: the first holding it)."""
        if location_id is not None:
            named = self.locations.get(location_id)
            candidates = [named] if named is not None else []
        else:
            candidates = list(self.locations.values())
        for location in candidates:
            association = location.associations.get(association_id)
            if association is not None:
                return location, association
        return None

    # persistence

    def to_json(self) -> JsonObject:
        data: JsonObject = {
            "version": STATE_VERSION,
            "next_id": self.next_id,
            "locations": {lid: loc.to_json() for lid, loc in self.locations.items()},
        }
        if self.agency is not None:
            data["agency"] = self.agency.to_json()
        return data

    @classmethod
    def from_json(cls, data: object, origin: str = "sandbox state") -> SandboxState:
        """Build a state from its JSON form; UsageError naming ``origin`` when it is invalid."""
        try:
            return cls._from_json(data)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise UsageError(f"{origin}: invalid sandbox state: {describe_error(error)}") from None

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
        if data.get("agency") is not None:
            state.agency = Agency.from_json(data["agency"])
        return state

    def _loaded_location(self, location_id: str, data: object) -> LocationState:
        """A location without ``associations`` in the file is a fresh one (seeded)."""
        if isinstance(data, dict) and "associations" not in data:
            return self.location(location_id)
        return self._empty_location(location_id)

    @classmethod
    def load(cls, path: Path) -> SandboxState:
        """Read a state file; a missing file is an empty state."""
        data = read_json_file(path)
        return cls() if data is None else cls.from_json(data, origin=str(path))

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
    location.schema.load(dict(data.get("schema", {})))


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


