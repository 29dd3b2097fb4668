"""One sandbox location's custom objects, custom fields and folders, kept as GHL shows them.

Items are stored in the JSON shape GHL answers with (``labels``, ``fieldKey``, ``dataType``,
``picklistOptions``...), so the state file reads like API responses. Standard objects
(contact, opportunity, business) always exist and are never stored. In the state file they are
the location's ``schema`` object (the name earlier versions gave it; files keep it):
``{"objects": [...], "searchableProperties": {key: [...]}, "customFields": [...],
"customFieldFolders": [...]}``, absent while the location has none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ghlsync.sandbox.entities import required_text
from ghlsync.sandbox.locations import Part

__all__ = ["MAX_CUSTOM_OBJECTS", "STANDARD_OBJECT_LABELS", "ObjectStore"]

JsonObject = dict[str, Any]
MAX_CUSTOM_OBJECTS = 10
STANDARD_OBJECT_LABELS = {
    "contact": ("Contact", "Contacts"),
    "opportunity": ("Opportunity", "Opportunities"),
    "business": ("Company", "Companies"),
}


class ObjectStore(Part):
    """Objects by key, fields and folders by id; ``bump`` counts every mutation."""

    def __init__(self, location_id: str, bump: Callable[[], None]) -> None:
        super().__init__(location_id, bump)
        self.objects: dict[str, JsonObject] = {}
        self.searchable: dict[str, list[str]] = {}
        self.fields: dict[str, JsonObject] = {}
        self.folders: dict[str, JsonObject] = {}

    @property
    def is_empty(self) -> bool:
        return not (self.objects or self.searchable or self.fields or self.folders)

    def has_object(self, key: str) -> bool:
        return key in STANDARD_OBJECT_LABELS or key in self.objects

    def object_json(self, key: str) -> JsonObject:
        """The object as GHL answers it (standard ones are made up on the fly)."""
        if key in self.objects:
            stored = dict(self.objects[key])
        else:
            singular, plural = STANDARD_OBJECT_LABELS[key]
            stored = {"id": key, "key": key, "standard": True, "type": "SYSTEM_DEFINED",
                      "labels": {"singular": singular, "plural": plural}}
        return {**stored, "locationId": self.location_id,
                "searchableProperties": list(self.searchable.get(key, []))}

    def all_object_keys(self) -> list[str]:
        return [*STANDARD_OBJECT_LABELS, *self.objects]

    def add_object(self, data: JsonObject) -> None:
        self.objects[data["key"]] = data
        self._bump()

    def update_object(self, key: str, changes: JsonObject, searchable: list[str]) -> None:
        if key in self.objects:
            self.objects[key].update(changes)
        self.searchable[key] = searchable
        self._bump()

    def fields_of(self, object_key: str) -> Iterator[JsonObject]:
        return (f for f in self.fields.values() if f["objectKey"] == object_key)

    def field_by_key(self, field_key: str) -> JsonObject | None:
        return next((f for f in self.fields.values() if f["fieldKey"] == field_key), None)

    def put_field(self, data: JsonObject) -> None:
        self.fields[data["id"]] = data
        self._bump()

    def remove_field(self, field_id: str) -> JsonObject:
        removed = self.fields.pop(field_id)
        for key, names in self.searchable.items():
            self.searchable[key] = [n for n in names if n != removed["fieldKey"]]
        self._bump()
        return removed

    def folders_of(self, object_key: str) -> Iterator[JsonObject]:
        return (f for f in self.folders.values() if f["objectKey"] == object_key)

    def put_folder(self, data: JsonObject) -> None:
        self.folders[data["id"]] = data
        self._bump()

    def remove_folder(self, folder_id: str) -> None:
        del self.folders[folder_id]
        self._bump()

    def owns(self, item_id: str) -> bool:
        return item_id in self.fields or item_id in self.folders

    # persistence

    def to_json(self) -> JsonObject:
        if self.is_empty:
            return {}
        return {"schema": {
            "objects": list(self.objects.values()),
            "searchableProperties": self.searchable,
            "customFields": list(self.fields.values()),
            "customFieldFolders": list(self.folders.values()),
        }}

    def load(self, location: Mapping[str, Any]) -> None:
        data = dict(location.get("schema", {}))
        for item in data.get("objects", []):
            self.objects[required_text(item, "key")] = dict(item)
        self.searchable = {str(k): list(v) for k, v in data.get("searchableProperties", {}).items()}
        for item in data.get("customFields", []):
            for name in ("fieldKey", "objectKey", "dataType"):
                required_text(item, name)
            self.fields[required_text(item, "id")] = dict(item)
        for item in data.get("customFieldFolders", []):
            self.folders[required_text(item, "id")] = dict(item)

