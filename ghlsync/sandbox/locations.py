"""The simulated locations in memory: what every location holds, and the resources' parts.

A location's core is what the association endpoints work on: associations, relations and the
records they join (:mod:`ghlsync.sandbox.state` describes their form in the state file). Every
other simulated resource keeps its share of a location in a :class:`Part` of its own, which it
declares in its resource module (:mod:`ghlsync.sandbox.registry`); a part is created empty with
its location, reads and writes its own keys of the location's object in the state file, and
says which ids it holds so that new ids never collide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from ghlsync.sandbox.agency import Agency
from ghlsync.sandbox.entities import Association, JsonObject, Relation, system_associations
from ghlsync.sandbox.record_entries import records_json

__all__ = ["Association", "ChangeCounter", "LocationState", "Locations", "Part", "Relation"]

_ID_PREFIX = "65a0"
P = TypeVar("P", bound="Part")


class Part:
    """A resource's share of one location; a new one is what a fresh GHL location holds."""

    def __init__(self, location_id: str, bump: Callable[[], None]) -> None:
        self.location_id = location_id
        self._bump = bump

    def owns(self, item_id: str) -> bool:
        """Whether an item of this part has this id."""
        return False

    def load(self, location: Mapping[str, Any]) -> None:
        """Read this part's keys of the location's object in the state file."""

    def to_json(self) -> JsonObject:
        """This part's keys of the location's object in the state file (none when empty)."""
        return {}


class ChangeCounter:
    """Counts mutations so that savers can tell whether anything changed since last time."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self) -> None:
        self.value += 1


class LocationState:
    """One location: associations, relations, (optional) records with lookup indexes, parts."""

    def __init__(
        self, location_id: str, changes: ChangeCounter, parts: Sequence[type[Part]]
    ) -> None:
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
        self._parts = {kind: kind(location_id, changes.bump) for kind in parts}

    # the resources' parts

    def part(self, kind: type[P]) -> P:
        """The location's part of that type (one every location has: see the registry)."""
        found = self._parts[kind]
        assert isinstance(found, kind)
        return found

    def owns(self, item_id: str) -> bool:
        """Whether an association, a relation or an item of a part has this id."""
        return (
            item_id in self.associations or item_id in self.relations
            or any(part.owns(item_id) for part in self._parts.values())
        )

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
        for part in self._parts.values():
            data |= part.to_json()
        return data



class Locations:
    """All simulated locations plus the id counter; each location has one of every part
    type given. Not thread-safe: the Sandbox locks it."""

    def __init__(self, parts: Sequence[type[Part]] = ()) -> None:
        self.changes = ChangeCounter()
        self.locations: dict[str, LocationState] = {}
        self.next_id = 1
        self.agency: Agency | None = None
        self._parts = tuple(parts)

    @property
    def revision(self) -> int:
        """Grows on every mutation; compare two readings to know whether to save."""
        return self.changes.value

    def new_id(self) -> str:
        while True:
            candidate = f"{_ID_PREFIX}{self.next_id:020x}"
            self.next_id += 1
            if not any(loc.owns(candidate) for loc in self.locations.values()):
                self.changes.bump()
                return candidate

    def location(self, location_id: str) -> LocationState:
        """The location, created and seeded like a fresh GHL location when new."""
        existing = self.locations.get(location_id)
        if existing is not None:
            return existing
        created = self.empty_location(location_id)
        for association in system_associations():
            created.add_association(association)
        return created

    def empty_location(self, location_id: str) -> LocationState:
        """A new location holding nothing, not even the standard associations."""
        created = LocationState(location_id, self.changes, self._parts)
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
