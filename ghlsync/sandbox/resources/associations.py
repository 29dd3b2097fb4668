"""The six association endpoints of the simulated GHL API."""

from __future__ import annotations

import re
import uuid
from itertools import islice

from ghlsync.sandbox.entities import INTERNAL_ASSOCIATIONS, Association, describe_error
from ghlsync.sandbox.locations import Locations, LocationState
from ghlsync.sandbox.object_store import ObjectStore
from ghlsync.sandbox.resource import Answer, Resource, Scopes, route, rule
from ghlsync.sandbox.wire import BodyInputs, Call, QueryInputs, Rejection

__all__ = [
    "MAX_PAGE",
    "RESOURCE",
    "create_association",
    "delete_association",
    "get_association",
    "get_association_by_key",
    "list_associations",
    "list_associations_by_object",
    "listing",
    "present_association",
    "seed_association",
    "update_association",
]

MAX_PAGE = 100
_OBJECT_KEY = re.compile(r"(contact|opportunity|business|custom_objects\.[A-Za-z0-9_]+)")


def present_association(association: Association, location_id: str) -> dict[str, object]:
    return {**association.to_json(), "locationId": location_id}


def listing(name: str, items: list[dict[str, object]], total: int) -> dict[str, object]:
    """A list answer as captured from real locations: the items, ``total`` and a ``traceId``."""
    return {name: items, "total": total, "traceId": str(uuid.uuid4())}


def list_associations(state: Locations, call: Call, _: str) -> Answer:
    inputs = QueryInputs(call)
    location_id = inputs.text("locationId")
    skip = inputs.integer("skip", minimum=0)
    limit = inputs.integer("limit", minimum=1, maximum=MAX_PAGE)
    inputs.done()
    everything = state.location(location_id).associations
    page = islice(everything.values(), skip, skip + limit)
    items = [present_association(a, location_id) for a in page]
    return 200, listing("associations", items, len(everything))


def create_association(state: Locations, call: Call, _: str) -> Answer:
    inputs = BodyInputs(call)
    location_id = inputs.text("locationId")
    fields = {
        name: inputs.text(name)
        for name in ("key", "firstObjectKey", "firstObjectLabel", "secondObjectKey",
                     "secondObjectLabel")
    }
    inputs.done()
    _check_labels(fields["firstObjectLabel"], fields["secondObjectLabel"])
    _check_object_keys(fields["firstObjectKey"], fields["secondObjectKey"])
    location = state.location(location_id)
    _check_objects_exist(location, fields["firstObjectKey"], fields["secondObjectKey"])
    if location.association_by_key(fields["key"]) is not None:
        raise Rejection(400, f"Association with key '{fields['key']}' already exists")
    association = Association(
        id=state.new_id(),
        key=fields["key"],
        first_object_key=fields["firstObjectKey"],
        first_object_label=fields["firstObjectLabel"],
        second_object_key=fields["secondObjectKey"],
        second_object_label=fields["secondObjectLabel"],
    )
    location.add_association(association)
    return 201, present_association(association, location_id)


def _check_labels(first_label: str, second_label: str) -> None:
    if first_label == second_label:
        raise Rejection(422, ["Both object labels can not be same"])


def _check_object_keys(*object_keys: str) -> None:
    for object_key in object_keys:
        if not _OBJECT_KEY.fullmatch(object_key):
            raise Rejection(
                400,
                f"Invalid object key '{object_key}': expected contact, opportunity, business "
                "or custom_objects.<name>",
            )


def _check_objects_exist(location: LocationState, *object_keys: str) -> None:
    """A custom object exists when it was created, or (older state files) when its records
    are listed; associations to any other object are refused like GHL does."""
    objects = location.part(ObjectStore)
    for object_key in object_keys:
        listed = object_key in (location.records or {})
        if not (objects.has_object(object_key) or listed):
            raise Rejection(404, f"Object schema with key '{object_key}' not found")


def get_association_by_key(state: Locations, call: Call, key: str) -> Answer:
    inputs = QueryInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    association = state.location(location_id).association_by_key(key)
    if association is None:
        raise Rejection(404, f"Association with key '{key}' not found")
    return 200, present_association(association, location_id)


def list_associations_by_object(state: Locations, call: Call, object_key: str) -> Answer:
    inputs = QueryInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    location = state.location(location_id)
    found = [a for a in location.associations.values() if a.involves(object_key)]
    items = [present_association(a, location_id) for a in found]
    if call.query.get("includeInternalAssociations", "").lower() == "true":
        items += _internal_associations(object_key, location_id)
    return 200, listing("associations", items, len(items))


def _internal_associations(object_key: str, location_id: str) -> list[dict[str, object]]:
    involved = (a for a in INTERNAL_ASSOCIATIONS if object_key in (
        a["firstObjectKey"], a["secondObjectKey"]))
    return [{**a, "locationId": location_id} for a in involved]


def get_association(state: Locations, call: Call, association_id: str) -> Answer:
    location, association = _find(state, call, association_id)
    return 200, present_association(association, location.location_id)


def update_association(state: Locations, call: Call, association_id: str) -> Answer:
    inputs = BodyInputs(call)
    first_label = inputs.text("firstObjectLabel")
    second_label = inputs.text("secondObjectLabel")
    inputs.done()
    location, association = _find(state, call, association_id)
    _refuse_system(association, "updated")
    _check_labels(first_label, second_label)
    location.relabel_association(association_id, first_label, second_label)
    return 200, present_association(association, location.location_id)


def delete_association(state: Locations, call: Call, association_id: str) -> Answer:
    location, association = _find(state, call, association_id)
    _refuse_system(association, "deleted")
    location.remove_association(association_id)
    message = "Association and its relations deleted successfully"
    return 200, {"deleted": True, "id": association_id, "message": message}


def _find(state: Locations, call: Call, association_id: str) -> tuple[
    LocationState, Association
]:
    """The association, or 404 when unknown or when a given locationId names another location."""
    claimed = _claimed_location(call)
    found = state.find_association(association_id, claimed)
    if found is None:
        raise Rejection(404, f"Association with id '{association_id}' not found")
    return found


def _claimed_location(call: Call) -> str | None:
    """The locationId a request names in its query (or in a write's body), if any."""
    named = call.query.get("locationId") or (call.body.get("locationId") if call.is_write else None)
    return str(named) if named else None


def _refuse_system(association: Association, verb: str) -> None:
    if association.is_system:
        raise Rejection(
            400,
            f"Association '{association.key}' is SYSTEM_DEFINED and cannot be {verb}; "
            "only USER_DEFINED associations can be changed",
        )


def seed_association(state: Locations, call: Call, _: str) -> Answer:
    """``POST /_sandbox/associations``: add any association (SYSTEM_DEFINED too, with limits
    or cardinalities) to a location."""
    inputs = BodyInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    raw = call.body.get("association")
    if not isinstance(raw, dict):
        raise Rejection(400, "association must be an object in the state file's format")
    item = {"id": state.new_id(), **raw}
    try:
        association = Association.from_json(item)
        state.location(location_id).add_association(association)
    except (KeyError, TypeError, ValueError) as error:
        raise Rejection(400, f"invalid association: {describe_error(error)}") from None
    return 200, association.to_json()


RESOURCE = Resource(
    "associations",
    (
        route("/associations", GET=list_associations, POST=create_association),
        route("/associations/key/([^/]+)", GET=get_association_by_key),
        route("/associations/objectKey/([^/]+)", GET=list_associations_by_object),
        route(
            "/associations/([^/]+)",
            GET=get_association,
            PUT=update_association,
            DELETE=delete_association,
        ),
    ),
    rules={  # apps/associations.json
        ("GET", "/associations"): rule(query="locationId skip limit"),
        ("POST", "/associations"): rule("locationId key firstObjectKey firstObjectLabel "
                                        "secondObjectKey secondObjectLabel"),
        ("GET", "/associations/key/{key_name}"): rule(query="locationId"),
        ("GET", "/associations/objectKey/{objectKey}"): rule(query="locationId"),
        ("GET", "/associations/{associationId}"): rule(),
        ("PUT", "/associations/{associationId}"): rule("firstObjectLabel secondObjectLabel"),
        ("DELETE", "/associations/{associationId}"): rule(),
    },
    scopes=(
        Scopes(re.compile("/associations(?!/relations)"), "associations.readonly",
               "associations.write"),
    ),
    admin={"associations": {"POST": seed_association}},
)
