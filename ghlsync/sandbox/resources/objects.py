"""The custom object endpoints of the simulated GHL API (``/objects/``).

Like GHL: a location holds at most 10 custom objects, ``key`` and the primary display
property are fixed at creation, ``searchableProperties`` must name existing properties, and
there is no DELETE for an object. Objects, fields and folders are kept in the location's
:class:`~ghlsync.sandbox.object_store.ObjectStore` part, which this resource brings.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from ghlsync.sandbox.locations import Locations
from ghlsync.sandbox.object_store import MAX_CUSTOM_OBJECTS, ObjectStore
from ghlsync.sandbox.resource import Answer, Resource, route, rule
from ghlsync.sandbox.standard_fields import standard_properties
from ghlsync.sandbox.wire import BodyInputs, Call, QueryInputs, Rejection

__all__ = [
    "RESOURCE",
    "create_object",
    "get_object",
    "list_objects",
    "present_field",
    "queried_objects",
    "update_object",
]

_CUSTOM_KEY = re.compile(r"custom_objects\.[a-z0-9_]+")
_PRIMARY_TYPES = ("TEXT", "NUMERICAL")


def present_field(store: ObjectStore, field: dict[str, Any]) -> dict[str, Any]:
    return {**field, "locationId": store.location_id}


def list_objects(state: Locations, call: Call, _: str) -> Answer:
    store = queried_objects(state, call)
    return 200, {"objects": [store.object_json(key) for key in store.all_object_keys()]}


def get_object(state: Locations, call: Call, key: str) -> Answer:
    store = queried_objects(state, call)
    _require_object(store, key)
    answer: dict[str, Any] = {"object": store.object_json(key), "cache": False}
    if call.query.get("fetchProperties", "").lower() == "true":
        custom = [present_field(store, f) for f in store.fields_of(key)]
        answer["fields"] = [*standard_properties(key, store.location_id), *custom]
    return 200, answer | {"traceId": str(uuid.uuid4())}


def create_object(state: Locations, call: Call, _: str) -> Answer:
    inputs = BodyInputs(call)
    location_id, key = inputs.text("locationId"), inputs.text("key")
    labels = _labels(call.body.get("labels"), inputs, required=True)
    primary_name = "primaryDisplayPropertyDetails"
    primary = _mapping(call.body.get(primary_name), primary_name)
    inputs.done()
    store = state.location(location_id).part(ObjectStore)
    _check_new_object(store, key, primary)
    primary_key = _full_key(key, str(primary["key"]))
    created = {"id": state.new_id(), "key": key, "standard": False, "type": "USER_DEFINED",
               "labels": labels, "description": _optional_text(call.body, "description"),
               "primaryDisplayProperty": primary_key}
    store.add_object(created)
    store.put_field({"id": state.new_id(), "objectKey": key, "fieldKey": primary_key,
                     "name": primary["name"], "dataType": primary["dataType"]})
    return 201, {"object": store.object_json(key)}


def update_object(state: Locations, call: Call, key: str) -> Answer:
    inputs = BodyInputs(call)
    location_id = inputs.text("locationId")
    searchable = call.body.get("searchableProperties")
    if not isinstance(searchable, list) or not all(isinstance(s, str) for s in searchable):
        inputs.problems.append("searchableProperties must be an array of strings")
    labels = _labels(call.body.get("labels"), inputs, required=False)
    inputs.done()
    store = state.location(location_id).part(ObjectStore)
    _require_object(store, key)
    assert isinstance(searchable, list)
    full = [_full_key(key, name) for name in searchable]
    _check_searchable(store, key, full)
    changes: dict[str, Any] = {"labels": labels} if labels else {}
    if "description" in call.body:
        changes["description"] = _optional_text(call.body, "description")
    store.update_object(key, changes, full)
    return 200, {"object": store.object_json(key)}


def queried_objects(state: Locations, call: Call) -> ObjectStore:
    """The objects of the location named by ``?locationId=`` (no other query parameter)."""
    inputs = QueryInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    return state.location(location_id).part(ObjectStore)


def _require_object(store: ObjectStore, key: str) -> None:
    if not store.has_object(key):
        raise Rejection(404, f"Object schema with key '{key}' not found")


def _check_new_object(store: ObjectStore, key: str, primary: dict[str, Any]) -> None:
    if not _CUSTOM_KEY.fullmatch(key):
        raise Rejection(422, [f"key must look like custom_objects.<name>, got '{key}'"])
    if store.has_object(key):
        raise Rejection(400, f"Custom object with key '{key}' already exists")
    if len(store.objects) >= MAX_CUSTOM_OBJECTS:
        raise Rejection(400, f"A location can have at most {MAX_CUSTOM_OBJECTS} custom objects")
    if primary.get("dataType") not in _PRIMARY_TYPES:
        raise Rejection(422, ["primaryDisplayPropertyDetails.dataType must be TEXT or NUMERICAL"])
    if not isinstance(primary.get("key"), str) or not isinstance(primary.get("name"), str):
        raise Rejection(422, ["primaryDisplayPropertyDetails needs key and name strings"])


def _check_searchable(store: ObjectStore, key: str, names: list[str]) -> None:
    known = {f["fieldKey"] for f in store.fields_of(key)}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise Rejection(400, f"Searchable properties not found on {key}: {', '.join(unknown)}")


def _full_key(object_key: str, name: str) -> str:
    return name if name.startswith(f"{object_key}.") else f"{object_key}.{name}"


def _labels(value: object, inputs: BodyInputs, *, required: bool) -> dict[str, str] | None:
    if value is None and not required:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(value.get(n), str) and value.get(n) for n in ("singular", "plural")
    ):
        inputs.problems.append("labels must have singular and plural strings")
        return None
    return {"singular": value["singular"], "plural": value["plural"]}


def _mapping(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Rejection(422, [f"{name} must be an object"])
    return value


def _optional_text(body: Any, name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise Rejection(422, [f"{name} must be a string"])
    return value


RESOURCE = Resource(
    "objects",
    (
        route("/objects", GET=list_objects, POST=create_object),
        route("/objects/([^/]+)", GET=get_object, PUT=update_object),
    ),
    rules={  # apps/objects.json
        ("GET", "/objects"): rule(query="locationId"),
        ("POST", "/objects"): rule("labels key description locationId "
                                   "primaryDisplayPropertyDetails"),
        ("GET", "/objects/{key}"): rule(query="locationId fetchProperties"),
        ("PUT", "/objects/{key}"): rule("labels description locationId searchableProperties"),
    },
    part=ObjectStore,
    agency_access=frozenset({("POST", "/objects")}),
)
