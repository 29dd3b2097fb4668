"""Which handler answers which method and path, and which location a request counts against."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ghlsync.sandbox import (
    associations,
    custom_fields,
    location_settings,
    objects,
    records,
    relations,
)
from ghlsync.sandbox.agency import AGENCY_PATHS
from ghlsync.sandbox.associations import Answer
from ghlsync.sandbox.request_rules import route_of, unknown_properties
from ghlsync.sandbox.state import SandboxState
from ghlsync.sandbox.wire import Call, Rejection

__all__ = ["Handler", "dispatch", "location_of"]

Handler = Callable[[SandboxState, Call, str], Answer]


@dataclass(frozen=True, slots=True)
class _Route:
    pattern: re.Pattern[str]
    handlers: dict[str, Handler]


def _route(pattern: str, **handlers: Handler) -> _Route:
    return _Route(re.compile(pattern), handlers)


_SCHEMA_ROUTES = (
    _route("/objects", GET=objects.list_objects, POST=objects.create_object),
    _route("/objects/([^/]+)", GET=objects.get_object, PUT=objects.update_object),
    _route("/custom-fields", POST=custom_fields.create_field),
    _route("/custom-fields/object-key/([^/]+)", GET=custom_fields.list_fields),
    _route("/custom-fields/folder", POST=custom_fields.create_folder),
    _route("/custom-fields/folder/([^/]+)", DELETE=custom_fields.delete_folder),
    _route(
        "/custom-fields/([^/]+)",
        GET=custom_fields.get_field,
        PUT=custom_fields.update_field,
        DELETE=custom_fields.delete_field,
    ),
    _route(
        "/locations/([^/]+)/customFields",
        GET=custom_fields.list_location_fields,
        POST=custom_fields.create_location_field,
    ),
    _route(
        "/locations/([^/]+/customFields/[^/]+)",
        GET=custom_fields.location_field,
        PUT=custom_fields.location_field,
        DELETE=custom_fields.location_field,
    ),
)

def _mint_token(state: SandboxState, call: Call, _: str) -> Answer:
    if state.agency is None:
        raise Rejection(401, "Invalid JWT")
    return state.agency.mint(call, frozenset(state.locations))


def _search_locations(state: SandboxState, call: Call, _: str) -> Answer:
    if state.agency is None:
        raise Rejection(401, "Invalid JWT")
    return state.agency.search(call, list(state.locations))


_ROUTES = (
    _route("/oauth/locationToken", POST=_mint_token),
    _route("/locations/search", GET=_search_locations),
    _route(
        "/associations",
        GET=associations.list_associations,
        POST=associations.create_association,
    ),
    _route("/associations/relations", POST=relations.create_relation),
    _route(
        "/associations/relations/([^/]+)",
        GET=relations.list_relations,
        DELETE=relations.delete_relation,
    ),
    _route("/associations/key/([^/]+)", GET=associations.get_association_by_key),
    _route("/associations/objectKey/([^/]+)", GET=associations.list_associations_by_object),
    _route(
        "/associations/([^/]+)",
        GET=associations.get_association,
        PUT=associations.update_association,
        DELETE=associations.delete_association,
    ),
    *_SCHEMA_ROUTES,
    _route(
        "/locations/([^/]+)/customValues",
        GET=location_settings.list_custom_values,
        POST=location_settings.create_custom_value,
    ),
    _route(
        "/locations/([^/]+/customValues/[^/]+)",
        GET=location_settings.custom_value,
        PUT=location_settings.custom_value,
        DELETE=location_settings.custom_value,
    ),
    _route(
        "/locations/([^/]+)/tags",
        GET=location_settings.list_tags,
        POST=location_settings.create_tag,
    ),
    _route(
        "/locations/([^/]+/tags/[^/]+)",
        GET=location_settings.tag,
        PUT=location_settings.tag,
        DELETE=location_settings.tag,
    ),
    _route("/contacts/search/duplicate", GET=records.search_duplicate_contact),
    _route("/contacts/search", POST=records.search_contacts),
    _route("/businesses", GET=records.list_businesses),
    _route("/opportunities/search", GET=records.search_opportunities),
    _route("/objects/([^/]+)/records/search", POST=records.search_custom_records),
    _route("/contacts/([^/]+)", GET=records.get_contact),
    _route("/businesses/([^/]+)", GET=records.get_business),
    _route("/opportunities/([^/]+)", GET=records.get_opportunity),
    _route("/objects/([^/]+/records/[^/]+)", GET=records.get_custom_record),
)


def dispatch(state: SandboxState, call: Call) -> Answer:
    """Run the handler for the call; Rejection 404 for unknown paths, 405 for wrong methods,
    422 for a body or query property the endpoint does not accept (as GHL does)."""
    _refuse_unknown_properties(call)
    path_matched = False
    for route in _ROUTES:
        match = route.pattern.fullmatch(call.path)
        if match is None:
            continue
        handler = route.handlers.get(call.method)
        if handler is not None:
            return handler(state, call, match.group(1) if match.groups() else "")
        path_matched = True
    if path_matched:
        raise Rejection(405, f"Cannot {call.method} {call.path}")
    raise Rejection(404, f"Cannot {call.method} {call.path}")


def _refuse_unknown_properties(call: Call) -> None:
    """Only for the endpoints ``request_rules`` lists (others check their own inputs)."""
    if route_of(call.method, call.path) is None:
        return
    names = [name for name, _ in call.query.multi_items()]
    form = call.path in AGENCY_PATHS  # a form body, checked by the agency itself
    body = dict(call.body) if call.method in ("POST", "PUT") and not form else {}
    unknown = unknown_properties(call.method, call.path, body, names)
    if unknown:
        raise Rejection(422, [f"property {name} should not exist" for name in unknown])


def location_of(state: SandboxState, call: Call) -> str:
    """The location a request is rate-limited under ("" when it names none)."""
    if call.path in AGENCY_PATHS:
        return ""
    named: str = call.query.get("locationId", "") or call.query.get("location_id", "")
    if named:
        return named
    try:
        body_location: object = call.body.get("locationId")
    except Rejection:
        body_location = None
    if isinstance(body_location, str) and body_location:
        return body_location
    if call.path.startswith("/locations/"):
        return call.path.split("/")[2]
    last_segment = call.path.rsplit("/", 1)[-1]
    found = state.find_association(last_segment)
    return found[0].location_id if found else _item_location(state, last_segment)


def _item_location(state: SandboxState, item_id: str) -> str:
    """The location owning a field, folder or record with this id ("" when none does)."""
    owner = (
        loc for loc in state.locations.values()
        if loc.schema.owns(item_id) or loc.object_of_record(item_id) is not None
    )
    return next((loc.location_id for loc in owner), "")
