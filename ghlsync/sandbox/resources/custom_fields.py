"""Both custom field APIs of the simulated GHL API, and the field folders.

- v2 (custom objects and business): ``/custom-fields/...``, options as ``[{key, label}]``.
- contact and opportunity: ``/locations/{locationId}/customFields...``, options as
  ``picklistOptions`` strings, no folders.

Like GHL: an unknown ``dataType`` is a 422, a taken ``fieldKey`` a 400, ``dataType``,
``fieldKey`` and ``objectKey`` are fixed, and an update that drops options keeps them.
"""

from __future__ import annotations

import re
from typing import Any

from ghlsync.sandbox.locations import Locations
from ghlsync.sandbox.object_store import ObjectStore
from ghlsync.sandbox.resource import Answer, Resource, location_collection, route, rule
from ghlsync.sandbox.resources.objects import present_field, queried_objects
from ghlsync.sandbox.standard_fields import listed_standard_fields
from ghlsync.sandbox.wire import BodyInputs, Call, Rejection

__all__ = [
    "RESOURCE", "create_field", "create_folder", "create_location_field", "delete_field",
    "delete_folder", "get_field", "list_fields", "list_location_fields", "location_field",
    "update_field",
]

DATA_TYPES = frozenset({
    "TEXT", "LARGE_TEXT", "NUMERICAL", "PHONE", "MONETORY", "CHECKBOX", "SINGLE_OPTIONS",
    "MULTIPLE_OPTIONS", "DATE", "TEXTBOX_LIST", "FILE_UPLOAD", "RADIO", "EMAIL",
})
_V2_OBJECT = re.compile(r"business|custom_objects\.[a-z0-9_]+")
_LOCATION_MODELS = ("contact", "opportunity")
_UPDATABLE = ("name", "description", "placeholder", "showInForms")


# --- v2: custom objects and business ----------------------------------------------------


def list_fields(state: Locations, call: Call, object_key: str) -> Answer:
    store = queried_objects(state, call)
    _require_v2_object(store, object_key)
    return 200, {
        "fields": [present_field(store, f) for f in store.fields_of(object_key)],
        "folders": [present_field(store, f) for f in store.folders_of(object_key)],
    }


def create_field(state: Locations, call: Call, _: str) -> Answer:
    inputs = BodyInputs(call)
    location_id, name = inputs.text("locationId"), inputs.text("name")
    object_key, field_key = inputs.text("objectKey"), inputs.text("fieldKey")
    parent_id = inputs.text("parentId")
    data_type = _data_type(call.body, inputs)
    inputs.done()
    store = state.location(location_id).part(ObjectStore)
    _require_v2_object(store, object_key)
    _check_new_key(store, object_key, field_key)
    field = {"id": state.new_id(), "objectKey": object_key, "fieldKey": field_key,
             "name": name, "dataType": data_type,
             "parentId": _parent(store, object_key, parent_id),
             "showInForms": bool(call.body.get("showInForms", True)),
             "options": _v2_options(call.body.get("options"), [])}
    field.update({k: call.body[k] for k in ("description", "placeholder") if k in call.body})
    store.put_field(field)
    return 201, {"field": present_field(store, field)}


def get_field(state: Locations, call: Call, field_id: str) -> Answer:
    store, field = _find_field(state, field_id)
    return 200, {"field": present_field(store, field)}


def update_field(state: Locations, call: Call, field_id: str) -> Answer:
    store, field = _find_field(state, field_id)
    fixed = [n for n in ("dataType", "fieldKey", "objectKey") if n in call.body]
    if fixed:
        raise Rejection(400, f"{', '.join(fixed)} cannot be changed once a field is created")
    updated = {**field, **{k: call.body[k] for k in _UPDATABLE if k in call.body}}
    if "options" in call.body:
        updated["options"] = _v2_options(call.body["options"], field.get("options", []))
    store.put_field(updated)
    return 200, {"field": present_field(store, updated)}


def delete_field(state: Locations, call: Call, field_id: str) -> Answer:
    store, field = _find_field(state, field_id)
    store.remove_field(field_id)
    return 200, {"succeded": True, "id": field_id, "key": field["fieldKey"]}


def create_folder(state: Locations, call: Call, _: str) -> Answer:
    inputs = BodyInputs(call)
    location_id, name = inputs.text("locationId"), inputs.text("name")
    object_key = inputs.text("objectKey")
    inputs.done()
    store = state.location(location_id).part(ObjectStore)
    _require_v2_object(store, object_key)
    if any(f["name"] == name for f in store.folders_of(object_key)):
        raise Rejection(400, f"Folder '{name}' already exists on {object_key}")
    folder = {"id": state.new_id(), "objectKey": object_key, "name": name}
    store.put_folder(folder)
    return 201, present_field(store, folder)


def delete_folder(state: Locations, call: Call, folder_id: str) -> Answer:
    store = queried_objects(state, call)
    if folder_id not in store.folders:
        raise Rejection(404, f"Folder with id '{folder_id}' not found")
    store.remove_folder(folder_id)
    return 200, {"succeded": True, "id": folder_id, "key": folder_id}


# --- contact and opportunity: /locations/{locationId}/customFields ------------------------


def list_location_fields(state: Locations, call: Call, location_id: str) -> Answer:
    model = call.query.get("model", "all")
    store = state.location(location_id).part(ObjectStore)
    models = _LOCATION_MODELS if model == "all" else (model,)
    standard = [f for m in models for f in listed_standard_fields(m, location_id)]
    fields = [_location_json(store, f) for m in models for f in store.fields_of(m)]
    return 200, {"customFields": [*standard, *fields]}


def create_location_field(state: Locations, call: Call, location_id: str) -> Answer:
    inputs = BodyInputs(call)
    name = inputs.text("name")
    data_type = _data_type(call.body, inputs)
    model = call.body.get("model", "contact")
    if model not in _LOCATION_MODELS:
        inputs.problems.append("model must be one of the following values: contact, opportunity")
    inputs.done()
    store = state.location(location_id).part(ObjectStore)
    field_key = str(call.body.get("fieldKey") or f"{model}.{_slug(name)}")
    _check_new_key(store, model, field_key)
    field = {"id": state.new_id(), "objectKey": model, "fieldKey": field_key, "name": name,
             "dataType": data_type, "placeholder": call.body.get("placeholder", ""),
             "picklistOptions": _strings(call.body.get("options"), [])}
    field |= _text_box_list(call.body, [])
    store.put_field(field)
    return 201, {"customField": _location_json(store, field)}


def location_field(state: Locations, call: Call, location_id: str, field_id: str) -> Answer:
    """GET, PUT or DELETE ``/locations/{locationId}/customFields/{id}``."""
    store = state.location(location_id).part(ObjectStore)
    field = store.fields.get(field_id)
    if field is None or field["objectKey"] not in _LOCATION_MODELS:
        raise Rejection(400, f"Custom field with id '{field_id}' not found")
    if call.method == "DELETE":
        store.remove_field(field_id)
        return 200, {"succeded": True}
    if call.method == "PUT":
        field = _update_location_field(store, field, call.body)
    return 200, {"customField": _location_json(store, field)}


def _update_location_field(store: ObjectStore, field: dict[str, Any], body: Any) -> dict[str, Any]:
    updated = {**field, **{k: body[k] for k in ("name", "placeholder") if k in body}}
    if "options" in body:
        updated["picklistOptions"] = _strings(body["options"], field.get("picklistOptions", []))
    updated |= _text_box_list(body, field.get("textBoxListOptions", []))
    store.put_field(updated)
    return updated


def _location_json(store: ObjectStore, field: dict[str, Any]) -> dict[str, Any]:
    shown = {k: v for k, v in field.items() if k != "objectKey"}
    return {**shown, "model": field["objectKey"], "locationId": store.location_id}


# --- shared checks -------------------------------------------------------------------------


def _require_v2_object(store: ObjectStore, object_key: str) -> None:
    if not _V2_OBJECT.fullmatch(object_key):
        raise Rejection(
            400, f"Custom fields v2 support custom objects and business, not '{object_key}'"
        )
    if not store.has_object(object_key):
        raise Rejection(404, f"Object schema with key '{object_key}' not found")


def _check_new_key(store: ObjectStore, object_key: str, field_key: str) -> None:
    if not field_key.startswith(f"{object_key}."):
        raise Rejection(400, f"fieldKey must start with '{object_key}.', got '{field_key}'")
    if store.field_by_key(field_key) is not None:
        raise Rejection(400, f"A field with fieldKey '{field_key}' already exists")


def _data_type(body: Any, inputs: BodyInputs) -> str:
    value = body.get("dataType")
    if value not in DATA_TYPES:
        allowed = ", ".join(sorted(DATA_TYPES))
        inputs.problems.append(f"dataType must be one of the following values: {allowed}")
        return ""
    return str(value)


def _parent(store: ObjectStore, object_key: str, parent_id: str) -> str | None:
    """The folder a new field goes in: ``parentId`` names one of the object's folders, or
    the object itself (its id) for a field in no folder."""
    if parent_id == store.object_json(object_key)["id"]:
        return None
    folder = store.folders.get(parent_id)
    if folder is None or folder["objectKey"] != object_key:
        raise Rejection(400, f"Folder with id '{parent_id}' not found")
    return parent_id


def _find_field(state: Locations, field_id: str) -> tuple[ObjectStore, dict[str, Any]]:
    for location in state.locations.values():
        store = location.part(ObjectStore)
        field = store.fields.get(field_id)
        if field is not None and field["objectKey"] not in _LOCATION_MODELS:
            return store, field
    raise Rejection(404, f"Custom field with id '{field_id}' not found")


def _v2_options(value: object, kept: list[dict[str, str]]) -> list[dict[str, str]]:
    """New options, plus every kept one the request dropped (GHL does not remove options)."""
    wanted = value if isinstance(value, list) else []
    options = [{"key": str(o.get("key", o.get("label"))), "label": str(o.get("label"))}
               for o in wanted if isinstance(o, dict)]
    labels = {o["label"] for o in options}
    return [*options, *(o for o in kept if o["label"] not in labels)]


def _text_box_list(body: Any, kept: list[dict[str, str]]) -> dict[str, Any]:
    """``textBoxListOptions`` (``[{label, prefillValue}]``), kept ones added back."""
    value = body.get("textBoxListOptions")
    if not isinstance(value, list):
        return {"textBoxListOptions": kept} if kept else {}
    wanted = [{"label": str(o.get("label")), "prefillValue": str(o.get("prefillValue", ""))}
              for o in value if isinstance(o, dict)]
    labels = {o["label"] for o in wanted}
    return {"textBoxListOptions": [*wanted, *(o for o in kept if o["label"] not in labels)]}


def _strings(value: object, kept: list[str]) -> list[str]:
    wanted = [str(v) for v in value] if isinstance(value, list) else []
    return [*wanted, *(k for k in kept if k not in wanted)]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


_V2_FIELD_UPDATE = "locationId name description placeholder showInForms options acceptedFormats "
_LOCATION_FIELD = "name placeholder acceptedFormat isMultipleFile maxNumberOfFiles "
_LOCATION_FIELDS = "/locations/{locationId}/customFields"

RESOURCE = Resource(
    "custom fields",
    (
        route("/custom-fields", POST=create_field),
        route("/custom-fields/object-key/([^/]+)", GET=list_fields),
        route("/custom-fields/folder", POST=create_folder),
        route("/custom-fields/folder/([^/]+)", DELETE=delete_folder),
        route("/custom-fields/([^/]+)", GET=get_field, PUT=update_field, DELETE=delete_field),
        *location_collection(
            "customFields",
            listing=list_location_fields,
            create=create_location_field,
            item=location_field,
        ),
    ),
    rules={
        # apps/custom-fields.json
        ("POST", "/custom-fields"): rule(
            "locationId name description placeholder showInForms options acceptedFormats "
            "dataType fieldKey objectKey maxFileLimit allowCustomOption parentId"
        ),
        ("GET", "/custom-fields/{id}"): rule(),
        ("PUT", "/custom-fields/{id}"): rule(_V2_FIELD_UPDATE + "maxFileLimit"),
        ("DELETE", "/custom-fields/{id}"): rule(),
        ("GET", "/custom-fields/object-key/{objectKey}"): rule(query="locationId"),
        ("POST", "/custom-fields/folder"): rule("objectKey name locationId"),
        ("PUT", "/custom-fields/folder/{id}"): rule("name locationId"),
        ("DELETE", "/custom-fields/folder/{id}"): rule(query="locationId"),
        # apps/locations.json
        ("GET", _LOCATION_FIELDS): rule(query="model"),
        ("POST", _LOCATION_FIELDS): rule(
            _LOCATION_FIELD + "textBoxListOptions position model dataType"
        ),
        ("GET", f"{_LOCATION_FIELDS}/{{id}}"): rule(),
        ("PUT", f"{_LOCATION_FIELDS}/{{id}}"): rule(
            _LOCATION_FIELD + "textBoxListOptions position model"
        ),
        ("DELETE", f"{_LOCATION_FIELDS}/{{id}}"): rule(),
    },
)
