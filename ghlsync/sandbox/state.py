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
  A record may be an object with properties (``ghlsync.sandbox.resources.records``) for the
  searches.
- Relations keep their order of creation; listings return them in that order.
- Each simulated resource with a part (:mod:`ghlsync.sandbox.registry`) keeps its own keys in a
  location's object, absent while it holds nothing: ``schema`` (custom objects, fields and
  folders: :mod:`ghlsync.sandbox.object_store`; the key keeps the name of earlier versions),
  ``customValues`` and ``tags`` (:mod:`ghlsync.sandbox.resources.custom_values` and ``tags``).
- ``agency`` is optional: the company whose sub-accounts the locations are, and its token
  (:mod:`ghlsync.sandbox.agency`).
"""

from __future__ import annotations

from pathlib import Path

from ghlsync.errors import UsageError
from ghlsync.sandbox.agency import Agency
from ghlsync.sandbox.entities import Association, JsonObject, Relation, describe_error
from ghlsync.sandbox.locations import ChangeCounter, Locations, LocationState
from ghlsync.sandbox.record_entries import parse_properties, parse_records
from ghlsync.sandbox.registry import PARTS
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


class SandboxState(Locations):
    """Every simulated location, each with the parts of the registry's resources, and their
    form in the state file. Not thread-safe: the Sandbox locks it."""

    def __init__(self) -> None:
        super().__init__(PARTS)

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
        return self.empty_location(location_id)

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
    for kind in PARTS:
        location.part(kind).load(data)
