"""``ObjectsClient``: custom object schemas, custom fields and folders of one location.

Built on :meth:`GhlClient.request_json` (paced, retried, token never quoted). Custom objects
and business use the custom fields v2 API (with folders); contact and opportunity use
``/locations/{locationId}/customFields``. Writes are idempotent like the association ones:
a create answered "already exists" (a lost answer, retried) adopts what it finds by key when
it matches, a delete answered 404 is done. A create whose answer does not describe what it
made (``{id}``, ``{success: true}``, an empty or non-JSON body) is done: what it made is read
back (:mod:`adoption`). A contact or opportunity field GHL keyed from its name is adopted by
name, and ``matched`` says so.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ghlsync.client import adoption, interpret
from ghlsync.client.api import GhlClient
from ghlsync.client.parse import Endpoint
from ghlsync.client.parse_objects import (
    RawField,
    RawObject,
    field_list,
    folder_list,
    object_list,
    primary_property,
    single_field,
    single_folder,
    single_object,
)
from ghlsync.client.segment import path_segment
from ghlsync.errors import ApiError
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.objects import (
    NAME_KEYED_OBJECTS,
    FieldValue,
    FolderValue,
    ObjectValue,
    PrimaryProperty,
    field_key_of,
    same_field,
    short_key,
)

__all__ = ["LOCATION_FIELD_OBJECTS", "OPTION_TYPES", "ObjectsClient"]

LOCATION_FIELD_OBJECTS = NAME_KEYED_OBJECTS
OPTION_TYPES = frozenset(
    {"CHECKBOX", "SINGLE_OPTIONS", "MULTIPLE_OPTIONS", "RADIO", "TEXTBOX_LIST"}
)
"""The field types that take options (the official ``options`` description lists them)."""
_ANSWER_WRAPPERS = ("field", "customField", "object", "folder", "data")
Fields = tuple[list[FieldValue], list[FolderValue]]


class ObjectsClient:
    """The schema endpoints of ``client``'s location."""

    def __init__(self, client: GhlClient) -> None:
        self._client = client
        self._location = client.location_id
        self.matched: list[str] = []
        """How each field adopted other than by its key was matched, for the report."""
        self._matched_lock = threading.Lock()
        self._object_ids: dict[str, str] = {}
        self._ids_lock = threading.Lock()
        self._described: dict[str, RawObject] = {}

    @property
    def pool(self) -> TaskPool:
        """The client's pool as it is now (``console.reading`` swaps it for progress lines)."""
        return self._client.pool

    # -- reads ----------------------------------------------------------------------------

    def list_objects(self) -> list[ObjectValue]:
        """Every object schema of the location (standard and custom), without fields."""
        payload, endpoint = self._get("/objects/", "/objects/", [])
        raws = object_list(payload, endpoint)
        with self._ids_lock:
            self._described = {raw.value.key: raw for raw in raws if raw.says_searchable}
        return [self._remember(raw.value) for raw in raws]

    def described_by_listing(self, key: str) -> bool:
        """Whether the last listing said all :meth:`get_object` would about ``key`` (its
        searchable properties among it), but for a custom object's primary property's name
        and type, which its fields tell (:meth:`object_from_listing`)."""
        with self._ids_lock:
            return key in self._described

    def object_from_listing(self, key: str, fields: Sequence[FieldValue]) -> ObjectValue | None:
        """``key`` as the listing described it, with its primary property found among its
        ``fields``; None when the listing did not describe it or the property is not there
        (then :meth:`get_object` reads it)."""
        with self._ids_lock:
            raw = self._described.get(key)
        if raw is None:
            return None
        value = raw.value
        if raw.primary_key is None or value.is_standard:
            return value
        primary = short_key(value.key, raw.primary_key)
        found = next((f for f in fields if f.object_key == key and f.key == primary), None)
        if found is None:
            return None
        return replace(value, primary=PrimaryProperty(primary, found.name, found.type))

    def get_object(self, key: str) -> ObjectValue | None:
        """One object with its primary property and searchable keys; None when missing."""
        path = f"/objects/{_quote(key)}"
        try:
            payload, endpoint = self._get("/objects/{key}", path, [("fetchProperties", "true")])
        except ApiError as error:
            if interpret.already_gone(error):
                return None
            raise
        return self._remember(_with_primary(single_object(payload, endpoint), payload))

    def list_fields(self, object_key: str) -> Fields:
        """The custom fields of an object and (v2 objects only) its folders."""
        if object_key in LOCATION_FIELD_OBJECTS:
            return self._location_fields(object_key), []
        path = f"/custom-fields/object-key/{_quote(object_key)}"
        payload, endpoint = self._get("/custom-fields/object-key/{objectKey}", path, [])
        folders = folder_list(payload, endpoint, object_key)
        raws = field_list(payload, endpoint, object_key)
        return [_named_folder(raw, folders) for raw in raws], folders

    def _location_fields(self, object_key: str) -> list[FieldValue]:
        path = f"/locations/{_quote(self._location)}/customFields"
        route = "/locations/{locationId}/customFields"
        payload, endpoint = self._client.request_json(
            "GET", route, path, params=[("model", object_key)]
        )
        return [r.value for r in field_list(payload, endpoint, object_key, prefixed=True)]

    # -- object writes --------------------------------------------------------------------

    def create_object(self, value: ObjectValue) -> ObjectValue:
        """Create a custom object with its primary property; adopt a matching existing one."""
        assert value.primary is not None
        primary = value.primary
        body = {
            "locationId": self._location,
            "key": value.key,
            "labels": {"singular": value.singular, "plural": value.plural},
            "primaryDisplayPropertyDetails": {
                "key": field_key_of(value.key, primary.key),
                "name": primary.name,
                "dataType": primary.type,
            },
        }
        if value.description is not None:
            body["description"] = value.description
        try:
            payload, endpoint = self._client.request_write(
                "POST", "/objects/", "/objects/", body=body
            )
        except ApiError as error:
            return self._remember(self._adopt_object(value, error))
        created = interpret.parsed_or_none(single_object, payload, endpoint)
        if created is not None and created.value.key == value.key:
            return self._remember(created.value)
        find = functools.partial(self.get_object, value.key)
        return adoption.created_by_reading(find, f"object {value.key!r}", endpoint)

    def _remember(self, value: ObjectValue) -> ObjectValue:
        if value.id:
            with self._ids_lock:
                self._object_ids[value.key] = value.id
        return value

    def _parent_id(self, object_key: str, folder_id: str | None) -> str:
        """What a v2 field create names as ``parentId``: its folder, else its object's id.

        GHL requires ``parentId`` (docs/design.md); for ``business``, whose fields have no
        custom object, it is the business object's id as ``GET /objects/business`` lists it.
        """
        if folder_id is not None:
            return folder_id
        with self._ids_lock:
            known = self._object_ids.get(object_key)
        if known is not None:
            return known
        found = self.get_object(object_key)
        if found is None or not found.id:
            raise ApiError("POST", "/custom-fields/", 404, (
                f"object '{object_key}' was not found: its fields cannot be created"
            ))
        return found.id

    def update_object(self, value: ObjectValue) -> None:
        """Set labels and description (custom objects) and the searchable properties."""
        body: dict[str, Any] = {
            "locationId": self._location,
            "searchableProperties": [field_key_of(value.key, s) for s in value.searchable or ()],
        }
        if not value.is_standard:
            body["labels"] = {"singular": value.singular, "plural": value.plural}
            body["description"] = value.description
        path = f"/objects/{_quote(value.key)}"
        self._client.request_json("PUT", "/objects/{key}", path, body=body)

    def _adopt_object(self, value: ObjectValue, error: ApiError) -> ObjectValue:
        if not interpret.may_mean_key_taken(error):
            raise error
        existing = self.get_object(value.key)
        if existing is None:
            raise error
        if (existing.singular, existing.plural, existing.primary) != (
            value.singular, value.plural, value.primary
        ):
            raise ApiError(error.method, error.path, 409, (
                f"object '{value.key}' already exists with other labels or primary property"
            )) from None
        return existing

    # -- folder and field writes ----------------------------------------------------------

    def create_folder(self, object_key: str, name: str) -> FolderValue:
        """Create a field folder; one of the same name already there is adopted."""
        body = {"locationId": self._location, "objectKey": object_key, "name": name}
        route = "/custom-fields/folder"
        try:
            payload, endpoint = self._client.request_write("POST", route, route, body=body)
        except ApiError as error:
            if not interpret.may_mean_key_taken(error):
                raise
            found = self._folder_named(object_key, name)
            if found is None:
                raise
            return found
        read = functools.partial(single_folder, object_key=object_key)
        created = interpret.parsed_or_none(read, payload, endpoint)
        if created is not None and created.name == name:
            return created
        answered = _answered_id(payload)
        if created is None and answered is not None:
            return FolderValue(object_key, name, answered)
        find = functools.partial(self._folder_named, object_key, name)
        return adoption.created_by_reading(find, f"folder {name!r} of {object_key}", endpoint)

    def _folder_named(self, object_key: str, name: str) -> FolderValue | None:
        return next((f for f in self.list_fields(object_key)[1] if f.name == name), None)

    def create_field(self, value: FieldValue, folder_id: str | None) -> FieldValue:
        """Create a field; a field with its key and type already there is adopted (for
        contact and opportunity, also one GHL keyed from its name: see ``matched``)."""
        try:
            payload, endpoint = self._post_field(value, folder_id)
        except ApiError as error:
            if not interpret.may_mean_key_taken(error):
                raise
            found = same_field(value, self.list_fields(value.object_key)[0])
            if found is None:
                raise
            return self._adopted(value, *found, error)
        created = self._created_field(value, payload, endpoint)
        if created.key != value.key:
            if value.object_key not in NAME_KEYED_OBJECTS:
                raise endpoint.error(
                    f"GHL named the new field '{created.key}', not '{value.key}': "
                    "use that key in the file"
                )
            self._note(value, f"as created: GHL keyed it {created.key!r}")
        return created

    def _created_field(self, value: FieldValue, payload: object, endpoint: Endpoint) -> FieldValue:
        """The field a create made: from its answer, else read back by id, key or name."""
        read = functools.partial(single_field, object_key=value.object_key)
        created = interpret.parsed_or_none(read, payload, endpoint)
        if created is not None:
            return created.value
        answered = _answered_id(payload)

        def find() -> FieldValue | None:
            fields = self.list_fields(value.object_key)[0]
            by_id = next((f for f in fields if answered and f.id == answered), None)
            found = same_field(value, fields)
            return by_id or (found[0] if found else None)

        return adoption.created_by_reading(find, f"field {value.address()!r}", endpoint)

    def _adopted(
        self, value: FieldValue, found: FieldValue, how: str, error: ApiError
    ) -> FieldValue:
        """``found`` (already there) as ``value``'s live field when their types agree."""
        if found.type != value.type:
            raise ApiError(error.method, error.path, 409, (
                f"field '{value.object_key}.{found.key}' already exists as {found.type}"
            )) from None
        if how != "by key":
            self._note(value, how)
        return found

    def _note(self, value: FieldValue, how: str) -> None:
        with self._matched_lock:
            self.matched.append(f"{value.address()}: matched {how}")

    def _post_field(self, value: FieldValue, folder_id: str | None) -> tuple[object, Endpoint]:
        body = _field_body(value, creating=True)
        if value.object_key in LOCATION_FIELD_OBJECTS:
            path = f"/locations/{_quote(self._location)}/customFields"
            route = "/locations/{locationId}/customFields"
        else:
            path = route = "/custom-fields/"
            body |= {"locationId": self._location, "objectKey": value.object_key,
                     "showInForms": True,
                     "parentId": self._parent_id(value.object_key, folder_id)}
        return self._client.request_write("POST", route, path, body=body)

    def update_field(self, live: FieldValue, value: FieldValue, folder_id: str | None) -> None:
        """Update name, description, placeholder and options (added to) in place.

        The official update has no ``parentId``: a field's folder is set at creation only,
        so ``folder_id`` is not sent.
        """
        assert live.id is not None
        body = _field_body(value, creating=False)
        if value.object_key in LOCATION_FIELD_OBJECTS:
            route = "/locations/{locationId}/customFields/{id}"
            path = f"/locations/{_quote(self._location)}/customFields/{_quote(live.id)}"
        else:
            body |= {"locationId": self._location, "showInForms": True}
            route, path = "/custom-fields/{id}", f"/custom-fields/{_quote(live.id)}"
        self._client.request_json("PUT", route, path, body=body)

    def delete_field(self, live: FieldValue) -> None:
        """Delete a field and its values in every record; already gone is done."""
        assert live.id is not None
        if live.object_key in LOCATION_FIELD_OBJECTS:
            route = "/locations/{locationId}/customFields/{id}"
            path = f"/locations/{_quote(self._location)}/customFields/{_quote(live.id)}"
        else:
            route, path = "/custom-fields/{id}", f"/custom-fields/{_quote(live.id)}"
        try:
            self._client.request_json("DELETE", route, path)
        except ApiError as error:
            if not interpret.already_gone(error):
                raise

    def _get(self, route: str, path: str, extra: list[tuple[str, str]]) -> tuple[object, Endpoint]:
        params = [("locationId", self._location), *extra]
        return self._client.request_json("GET", route, path, params=params)


def _field_body(value: FieldValue, *, creating: bool) -> dict[str, Any]:
    """What both field APIs share: name, placeholder, options (only for types with options);
    the key and type on creates; the description (v2) or the model (contact, opportunity)."""
    body: dict[str, Any] = {"name": value.name, "placeholder": value.placeholder or ""}
    if creating:
        body |= {"dataType": value.type, "fieldKey": field_key_of(value.object_key, value.key)}
    if value.object_key in LOCATION_FIELD_OBJECTS:
        return body | {"model": value.object_key} | _location_options(value)
    body["description"] = value.description or ""
    if value.type in OPTION_TYPES:
        body["options"] = [{"key": _option_key(o), "label": o} for o in value.options]
    return body


def _location_options(value: FieldValue) -> dict[str, Any]:
    """TEXTBOX_LIST takes the documented ``textBoxListOptions``; picklists take ``options``
    as strings (accepted though undocumented, see docs/design.md); other types take none."""
    if value.type == "TEXTBOX_LIST":
        return {"textBoxListOptions": [{"label": o, "prefillValue": ""} for o in value.options]}
    if value.type in OPTION_TYPES:
        return {"options": list(value.options)}
    return {}


def _option_key(label: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_") or label


def _with_primary(raw: RawObject, payload: object) -> ObjectValue:
    """The object with its primary property (custom objects only: standard ones have none
    ghlsync manages, and their embedded properties are not read)."""
    value = raw.value
    if raw.primary_key is None or value.is_standard:
        return value
    key = short_key(value.key, raw.primary_key)
    name, kind = primary_property(payload, raw.primary_key) or (key, "TEXT")
    return ObjectValue(value.key, value.singular, value.plural, value.description,
                       PrimaryProperty(key, name, kind), value.searchable, value.id)


def _answered_id(payload: object) -> str | None:
    """The id a create answer gives, bare or wrapped, when it gives one."""
    if not isinstance(payload, Mapping):
        return None
    inner = [payload[n] for n in _ANSWER_WRAPPERS if isinstance(payload.get(n), Mapping)]
    for holder in (*inner, payload):
        for name in ("id", "_id"):
            value = holder.get(name)
            if isinstance(value, str) and value.strip():
                return value
    return None


def _named_folder(raw: RawField, folders: list[FolderValue]) -> FieldValue:
    names = {f.id: f.name for f in folders}
    folder = names.get(raw.folder_id) if raw.folder_id else None
    value = raw.value
    return FieldValue(value.object_key, value.key, value.name, value.type, value.options,
                      folder, value.description, value.placeholder, value.id)


def _quote(segment: str) -> str:
    """One path segment; an unsafe id or key is refused (:mod:`ghlsync.client.segment`)."""
    return path_segment(segment, "request", "/objects or /custom-fields path")
