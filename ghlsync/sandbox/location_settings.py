"""Custom values and tags of a simulated location (``/locations/{id}/customValues``,
``/locations/{id}/tags``), with the shapes of HighLevel's ``locations.json``.

Like GHL (and as strict): bodies take exactly the documented properties (another one is a 422
``property X should not exist``), ``name`` and ``value`` are required strings, a custom
value's ``fieldKey`` is ``{{ custom_values.<key> }}`` with the key derived from the name
(lowercase, runs of other characters one ``_``) and kept when it is renamed, a second custom
value of the same key or tag of the same name is a 400. Deleting a tag removes it from the
location (contacts are not simulated).
"""

from __future__ import annotations

import re

from ghlsync.sandbox.associations import Answer
from ghlsync.sandbox.state import LocationState, SandboxState
from ghlsync.sandbox.wire import BodyInputs, Call, Rejection

__all__ = [
    "SETTINGS_SCOPES",
    "create_custom_value",
    "create_tag",
    "custom_value",
    "list_custom_values",
    "list_tags",
    "settings_scope",
    "tag",
]

SETTINGS_SCOPES = (
    "locations/customValues.readonly",
    "locations/customValues.write",
    "locations/tags.readonly",
    "locations/tags.write",
)
_FAMILY = re.compile(r"/locations/[^/]+/(customValues|tags)(/|$)")


def settings_scope(path: str, method: str) -> str | None:
    """The scope a custom value or tag request needs; None for other paths."""
    match = _FAMILY.match(path)
    if match is None:
        return None
    return f"locations/{match.group(1)}.{'readonly' if method == 'GET' else 'write'}"


# --- custom values --------------------------------------------------------------------------


def list_custom_values(state: SandboxState, call: Call, location_id: str) -> Answer:
    location = state.location(location_id)
    return 200, {"customValues": [dict(v) for v in location.custom_values.values()]}


def create_custom_value(state: SandboxState, call: Call, location_id: str) -> Answer:
    name, value = _name_and_value(call)
    location = state.location(location_id)
    field_key = f"{{{{ custom_values.{_slug(name)} }}}}"
    if any(v["fieldKey"] == field_key for v in location.custom_values.values()):
        raise Rejection(400, f"A custom value with the key '{_slug(name)}' already exists")
    item = {"id": state.new_id(), "name": name, "fieldKey": field_key, "value": value,
            "locationId": location_id}
    location.put_custom_value(item)
    return 201, {"customValue": dict(item)}


def custom_value(state: SandboxState, call: Call, location_and_id: str) -> Answer:
    """GET, PUT or DELETE ``/locations/{locationId}/customValues/{id}``."""
    location_id, value_id = location_and_id.split("/customValues/", 1)
    location = state.location(location_id)
    item = location.custom_values.get(value_id)
    if item is None:
        raise Rejection(400, f"Custom value with id '{value_id}' not found")
    if call.method == "DELETE":
        location.remove_custom_value(value_id)
        return 200, {"succeded": True}
    if call.method == "PUT":
        name, value = _name_and_value(call)
        item = {**item, "name": name, "value": value}
        location.put_custom_value(item)
    return 200, {"customValue": dict(item)}


def _name_and_value(call: Call) -> tuple[str, str]:
    inputs = _strict(call, ("name", "value"))
    name, value = inputs.text("name"), inputs.text("value")
    inputs.done()
    return name, value


# --- tags ------------------------------------------------------------------------------------


def list_tags(state: SandboxState, call: Call, location_id: str) -> Answer:
    return 200, {"tags": [dict(t) for t in state.location(location_id).tags.values()]}


def create_tag(state: SandboxState, call: Call, location_id: str) -> Answer:
    name = _tag_name(call)
    location = state.location(location_id)
    _refuse_taken(location, name)
    item = {"id": state.new_id(), "name": name, "locationId": location_id}
    location.put_tag(item)
    return 200, {"tag": dict(item)}


def tag(state: SandboxState, call: Call, location_and_id: str) -> Answer:
    """GET, PUT or DELETE ``/locations/{locationId}/tags/{tagId}``."""
    location_id, tag_id = location_and_id.split("/tags/", 1)
    location = state.location(location_id)
    item = location.tags.get(tag_id)
    if item is None:
        raise Rejection(400, f"Tag with id '{tag_id}' not found")
    if call.method == "DELETE":
        location.remove_tag(tag_id)
        return 200, {"succeded": True}
    if call.method == "PUT":
        name = _tag_name(call)
        if name != item["name"]:
            _refuse_taken(location, name)
        item = {**item, "name": name}
        location.put_tag(item)
    return 200, {"tag": dict(item)}


def _tag_name(call: Call) -> str:
    inputs = _strict(call, ("name",))
    name = inputs.text("name")
    inputs.done()
    return name


def _refuse_taken(location: LocationState, name: str) -> None:
    if any(t["name"] == name for t in location.tags.values()):
        raise Rejection(400, f"Tag '{name}' already exists")


# --- shared ----------------------------------------------------------------------------------


def _strict(call: Call, allowed: tuple[str, ...]) -> BodyInputs:
    inputs = BodyInputs(call)
    inputs.problems += [f"property {k} should not exist" for k in call.body if k not in allowed]
    return inputs


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")

