"""A collection of items under a location (``/locations/{locationId}/<name>[/{id}]``) kept as
GHL answers them: custom values and tags are such collections, each described by an
:class:`ItemCollection` whose :meth:`~ItemCollection.resource` is the whole resource.

Like GHL's (``locations.json``): the listing answers ``{<name>: [...]}``, one item and a
create or update ``{<singular>: {...}}``, a delete ``{"succeded": true}`` (sic), and an unknown
id a 400 ``<Noun> with id '<id>' not found``. Items keep the order they were created in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ghlsync.sandbox.entities import JsonObject
from ghlsync.sandbox.locations import Locations, Part
from ghlsync.sandbox.resource import (
    Answer,
    Resource,
    location_collection,
    location_scopes,
    rule,
)
from ghlsync.sandbox.wire import Call, Rejection

__all__ = ["ItemCollection", "StoredItems"]


class StoredItems(Part):
    """A part that keeps items as GHL answers them (objects with a string ``id``), in the
    order created, in a list under :attr:`key` of the location's object in the state file."""

    key: ClassVar[str]

    def __init__(self, location_id: str, bump: Callable[[], None]) -> None:
        super().__init__(location_id, bump)
        self.items: dict[str, JsonObject] = {}

    def put(self, item: JsonObject) -> None:
        self.items[item["id"]] = item
        self._bump()

    def remove(self, item_id: str) -> None:
        del self.items[item_id]
        self._bump()

    def owns(self, item_id: str) -> bool:
        return item_id in self.items

    def load(self, location: Mapping[str, Any]) -> None:
        stored = location.get(self.key, [])
        if not isinstance(stored, list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) for i in stored
        ):
            raise TypeError(f"{self.key} must be a list of objects with an 'id'")
        for item in stored:
            self.put(dict(item))

    def to_json(self) -> JsonObject:
        return {self.key: list(self.items.values())} if self.items else {}


@dataclass(frozen=True, slots=True)
class ItemCollection:
    """What differs between two collections; :meth:`resource` does the rest."""

    part: type[StoredItems]
    """Its key (``customValues``) is also the path segment and the listing's key."""
    singular: str
    """The key of one item in an answer: ``customValue``."""
    noun: str
    """For the not-found message: ``Custom value``."""
    item_id: str
    """The official name of the item's path parameter: ``id``, ``tagId``."""
    body: str
    """The body properties creates and updates take (space-separated)."""
    new_fields: Callable[[Call, StoredItems], JsonObject]
    """The fields of a new item from a create's body (Rejection when refused)."""
    changed_fields: Callable[[Call, StoredItems, JsonObject], JsonObject]
    """The fields an update's body changes on this item (Rejection when refused)."""
    created_status: int = 201

    @property
    def name(self) -> str:
        return self.part.key

    def resource(self) -> Resource:
        path = f"/locations/{{locationId}}/{self.name}"
        one = f"{path}/{{{self.item_id}}}"
        return Resource(
            self.name,
            location_collection(self.name, listing=self._list, create=self._create,
                                item=self._one),
            rules={
                ("GET", path): rule(), ("POST", path): rule(self.body),
                ("GET", one): rule(), ("PUT", one): rule(self.body), ("DELETE", one): rule(),
            },
            part=self.part,
            scopes=(location_scopes(self.name),),
        )

    def _list(self, state: Locations, call: Call, location_id: str) -> Answer:
        items = state.location(location_id).part(self.part).items.values()
        return 200, {self.name: [dict(i) for i in items]}

    def _create(self, state: Locations, call: Call, location_id: str) -> Answer:
        items = state.location(location_id).part(self.part)
        fields = self.new_fields(call, items)
        item = {"id": state.new_id(), **fields, "locationId": location_id}
        items.put(item)
        return self.created_status, {self.singular: dict(item)}

    def _one(self, state: Locations, call: Call, location_id: str, item_id: str) -> Answer:
        items = state.location(location_id).part(self.part)
        item = items.items.get(item_id)
        if item is None:
            raise Rejection(400, f"{self.noun} with id '{item_id}' not found")
        if call.method == "DELETE":
            items.remove(item_id)
            return 200, {"succeded": True}
        if call.method == "PUT":
            item = {**item, **self.changed_fields(call, items, item)}
            items.put(item)
        return 200, {self.singular: dict(item)}
