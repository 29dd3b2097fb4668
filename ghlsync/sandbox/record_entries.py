"""Records in the state file: a location's ``records`` lists ids per object, and an entry may
be an object with properties: ``{"contact": [{"id": "c_1", "email": "jane@example.com"}, "c_2"]}``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["Properties", "entry_id", "parse_properties", "parse_records", "records_json"]

Properties = dict[str, str]


def entry_id(entry: object) -> str:
    """The id of a ``records`` entry: a string, or an object's ``id``."""
    if isinstance(entry, Mapping):
        entry = entry.get("id")
    if not isinstance(entry, str) or not entry:
        raise TypeError("a record is an id or an object with a non-empty string 'id'")
    return entry


def _entry_properties(entry: object) -> Properties:
    if not isinstance(entry, Mapping):
        return {}
    properties = {k: v for k, v in entry.items() if k != "id"}
    for name, value in properties.items():
        if not isinstance(value, str):
            raise TypeError(f"record {entry_id(entry)!r}: property {name!r} must be a string")
    return properties


def parse_properties(data: Mapping[str, list[object]]) -> dict[str, Properties]:
    """Record id -> its properties, for the entries given as objects."""
    return {
        entry_id(entry): _entry_properties(entry)
        for entries in data.values()
        for entry in entries
        if isinstance(entry, Mapping)
    }


def records_json(
    records: Mapping[str, list[str]], properties: Mapping[str, Properties]
) -> dict[str, list[object]]:
    """The ``records`` of the state file: ids, or objects for records with properties."""
    return {
        object_key: [{"id": i, **properties[i]} if i in properties else i for i in ids]
        for object_key, ids in records.items()
    }


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


