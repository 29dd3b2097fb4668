"""Records with properties, and the search and listing endpoints that find them.

In the state file a location's ``records`` lists ids per object; an entry may instead be an
object with properties: ``{"contact": [{"id": "c_1", "email": "jane@example.com"}, "c_2"]}``.
A custom object exists in a location when its key is listed under ``records``. A location
without ``records`` has no records: like GHL, it refuses relations naming any.

The single-record reads (``GET /contacts/{id}``, ``/businesses/{id}``, ``/opportunities/{id}``,
``/objects/{schemaKey}/records/{id}``) take no ``locationId`` (the token names the location);
the sandbox finds the location holding the record. An unknown id answers 400, or 404 for a
custom-object record (both are seen on GHL).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from ghlsync.sandbox.locations import Locations, LocationState
from ghlsync.sandbox.object_store import ObjectStore
from ghlsync.sandbox.record_entries import Properties, parse_properties, parse_records
from ghlsync.sandbox.resource import Answer, Resource, Scopes, route, rule
from ghlsync.sandbox.wire import BodyInputs, Call, QueryInputs, Rejection
from ghlsync.values.resolution import ascii_lower

__all__ = [
    "MAX_PAGE_LIMIT",
    "RESOURCE",
    "get_business",
    "get_contact",
    "get_custom_record",
    "get_opportunity",
    "list_businesses",
    "search_contacts",
    "search_custom_records",
    "search_duplicate_contact",
    "search_opportunities",
    "seed_records",
]

MAX_PAGE_LIMIT = 100


# -- reading helpers ---------------------------------------------------------------------


def _ids_of(location: LocationState, object_key: str) -> list[str]:
    return (location.records or {}).get(object_key, [])


def _records_of(
    location: LocationState, object_key: str, ids: list[str] | None = None
) -> list[tuple[str, Properties]]:
    chosen = _ids_of(location, object_key) if ids is None else ids
    return [(i, location.properties.get(i, {})) for i in chosen]


def _present(record: tuple[str, Properties], location_id: str) -> dict[str, object]:
    record_id, properties = record
    return {"id": record_id, "locationId": location_id, **properties}


def _integer(value: object, name: str, minimum: int, problems: list[str]) -> int:
    number = int(value) if isinstance(value, str) and value.strip().isdigit() else value
    if isinstance(number, bool) or not isinstance(number, int):
        problems.append(f"{name} must be a number conforming to the specified constraints")
        return minimum
    if number < minimum:
        problems.append(f"{name} must not be less than {minimum}")
    if name in ("pageLimit", "limit") and number > MAX_PAGE_LIMIT:
        problems.append(f"{name} must not be greater than {MAX_PAGE_LIMIT}")
    return number


def _required_location(value: object, name: str, problems: list[str]) -> str:
    if isinstance(value, str) and value:
        return value
    problems.extend([f"{name} should not be empty", f"{name} must be a string"])
    return ""


def _done(problems: list[str]) -> None:
    if problems:
        raise Rejection(422, problems)


def _page(items: list[Any], page: int, size: int) -> list[Any]:
    return items[(page - 1) * size : page * size]


def _fuzzy(
    records: Iterable[tuple[str, Properties]], query: str, searchable: frozenset[str]
) -> list[tuple[str, Properties]]:
    """GHL-like search: ``property:value`` or a bare value, case-insensitive substring, over
    the ``searchable`` properties only (another property is never matched)."""
    name, _, wanted = query.partition(":") if ":" in query else ("", "", query)
    needle = wanted.strip().casefold()
    return [
        record
        for record in records
        if any(
            needle in value.casefold()
            for key, value in record[1].items()
            if (not name or key == name) and key in searchable
        )
    ]


def _searchable(location: LocationState, object_key: str) -> frozenset[str]:
    """The object's searchable properties (short keys), as set with ``PUT /objects/{key}``."""
    full = location.part(ObjectStore).searchable.get(object_key, [])
    return frozenset(name.removeprefix(f"{object_key}.") for name in full if name)


# -- contacts ----------------------------------------------------------------------------


def search_duplicate_contact(state: Locations, call: Call, _: str) -> Answer:
    """``GET /contacts/search/duplicate``: the contact with this email or number.

    Several matches (a location that allows duplicates; GHL does not document this answer):
    all of them, under ``contacts``.
    """
    inputs = QueryInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    email, number = call.query.get("email", ""), call.query.get("number", "")
    if not email and not number:
        raise Rejection(400, "Either email or number is required")
    contacts = _records_of(state.location(location_id), "contact")
    found = [c for c in contacts if _same_contact(c[1], email, number)]
    if len(found) > 1:
        return 200, {"contacts": [_present(c, location_id) for c in found]}
    return 200, {"contact": _present(found[0], location_id) if found else None}


def _same_contact(properties: Properties, email: str, number: str) -> bool:
    if email:
        return ascii_lower(properties.get("email", "")) == ascii_lower(email.strip())
    digits = "".join(c for c in properties.get("phone", "") if c.isdigit())
    return bool(digits) and digits == "".join(c for c in number if c.isdigit())


def search_contacts(state: Locations, call: Call, _: str) -> Answer:
    """``POST /contacts/search``: a page of the location's contacts, with ``total``."""
    body, problems = call.body, list[str]()
    location_id = _required_location(body.get("locationId"), "locationId", problems)
    limit = _integer(body.get("pageLimit"), "pageLimit", 1, problems)
    page = _integer(body.get("page", 1), "page", 1, problems)
    _done(problems)
    location = state.location(location_id)
    every = _ids_of(location, "contact")
    contacts = _records_of(location, "contact", _page(every, page, limit))
    return 200, {"contacts": [_present(c, location_id) for c in contacts], "total": len(every)}


# -- businesses and opportunities --------------------------------------------------------


def list_businesses(state: Locations, call: Call, _: str) -> Answer:
    """``GET /businesses/?locationId=``: a page of businesses (``skip``/``limit``, no total)."""
    problems: list[str] = []
    location_id = _required_location(call.query.get("locationId"), "locationId", problems)
    limit = _integer(call.query.get("limit", "100"), "limit", 1, problems)
    skip = _integer(call.query.get("skip", "0"), "skip", 0, problems)
    _done(problems)
    businesses = _records_of(state.location(location_id), "business")[skip : skip + limit]
    return 200, {"businesses": [_present(b, location_id) for b in businesses]}


def search_opportunities(state: Locations, call: Call, _: str) -> Answer:
    """``GET /opportunities/search?location_id=&q=``: a page, with ``meta.total``."""
    problems: list[str] = []
    location_id = _required_location(call.query.get("location_id"), "location_id", problems)
    limit = _integer(call.query.get("limit", "20"), "limit", 1, problems)
    page = _integer(call.query.get("page", "1"), "page", 1, problems)
    _done(problems)
    found = _records_of(state.location(location_id), "opportunity")
    query = call.query.get("q", "")
    if query:
        found = [o for o in found if query.casefold() in o[1].get("name", "").casefold()]
    meta = {"total": len(found), "currentPage": page,
            "nextPage": page + 1 if page < math.ceil(len(found) / limit) else None}
    shown = [_present(o, location_id) for o in _page(found, page, limit)]
    return 200, {"opportunities": shown, "meta": meta}


# -- custom objects ----------------------------------------------------------------------


def search_custom_records(state: Locations, call: Call, object_key: str) -> Answer:
    """``POST /objects/{schemaKey}/records/search``: fuzzy over the properties, with total."""
    body, problems = call.body, list[str]()
    location_id = _required_location(body.get("locationId"), "locationId", problems)
    limit = _integer(body.get("pageLimit"), "pageLimit", 1, problems)
    page = _integer(body.get("page"), "page", 1, problems)
    query = body.get("query")
    if not isinstance(query, str):
        problems.append("query must be a string")
    if not isinstance(body.get("searchAfter"), list):
        problems.append("searchAfter must be an array")
    _done(problems)
    location = state.location(location_id)
    if not object_key.startswith("custom_objects.") or object_key not in (location.records or {}):
        raise Rejection(404, f"Object schema with key {object_key} not found")
    every = _records_of(location, object_key)
    searchable = _searchable(location, object_key)
    found = _fuzzy(every, str(query), searchable) if str(query).strip() else every
    shown = [
        {"id": i, "locationId": location_id, "properties": p}
        for i, p in _page(found, page, limit)
    ]
    return 200, {"records": shown, "total": len(found)}


# -- single records ----------------------------------------------------------------------


def _holder(state: Locations, object_key: str, record_id: str) -> str | None:
    """The id of the location holding ``record_id`` as a record of ``object_key``."""
    return next(
        (lid for lid, loc in state.locations.items()
         if loc.object_of_record(record_id) == object_key),
        None,
    )


def _single(state: Locations, call: Call, object_key: str, record_id: str) -> Answer:
    QueryInputs(call).done()
    location_id = _holder(state, object_key, record_id)
    if location_id is None:
        status = 400 if object_key in ("contact", "business", "opportunity") else 404
        raise Rejection(status, f"{object_key} with id {record_id} not found")
    properties = state.locations[location_id].properties.get(record_id, {})
    return 200, {"contact" if object_key == "contact" else _wrapper(object_key):
                 _present((record_id, properties), location_id)}


def _wrapper(object_key: str) -> str:
    return object_key if object_key in ("business", "opportunity") else "record"


def get_contact(state: Locations, call: Call, record_id: str) -> Answer:
    """``GET /contacts/{contactId}``: ``{"contact": {...}}``."""
    return _single(state, call, "contact", record_id)


def get_business(state: Locations, call: Call, record_id: str) -> Answer:
    """``GET /businesses/{businessId}``: ``{"business": {...}}``."""
    return _single(state, call, "business", record_id)


def get_opportunity(state: Locations, call: Call, record_id: str) -> Answer:
    """``GET /opportunities/{id}``: ``{"opportunity": {...}}``."""
    return _single(state, call, "opportunity", record_id)


def get_custom_record(state: Locations, call: Call, key_and_id: str) -> Answer:
    """``GET /objects/{schemaKey}/records/{id}``: ``{"record": {...}}``."""
    object_key, _, record_id = key_and_id.partition("/records/")
    return _single(state, call, object_key, record_id)


# -- seeding -----------------------------------------------------------------------------


def seed_records(state: Locations, call: Call, _: str) -> Answer:
    """``POST /_sandbox/records``: the records a location holds (``"add": true``: these too)."""
    inputs = BodyInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    raw, add = call.body.get("records"), call.body.get("add") is True
    try:
        records = None if raw is None else parse_records(raw)
        properties = None if raw is None else parse_properties(raw)
        location = state.location(location_id)
        if add:
            location.add_records(records or {}, properties)
        else:
            location.set_records(records, properties)
    except (TypeError, ValueError) as error:
        raise Rejection(400, str(error)) from None
    return 200, {"locationId": location_id, "records": location.to_json().get("records")}


_SEARCH_RECORDS = "locationId page pageLimit query searchAfter"

RESOURCE = Resource(
    "records",
    (
        route("/contacts/search/duplicate", GET=search_duplicate_contact),
        route("/contacts/search", POST=search_contacts),
        route("/businesses", GET=list_businesses),
        route("/opportunities/search", GET=search_opportunities),
        route("/objects/([^/]+)/records/search", POST=search_custom_records),
        route("/contacts/([^/]+)", GET=get_contact),
        route("/businesses/([^/]+)", GET=get_business),
        route("/opportunities/([^/]+)", GET=get_opportunity),
        route("/objects/([^/]+/records/[^/]+)", GET=get_custom_record),
    ),
    rules={  # apps/contacts.json, businesses.json, opportunities.json, objects.json
        ("GET", "/contacts/search/duplicate"): rule(query="locationId number email"),
        ("POST", "/contacts/search"): rule(),
        ("GET", "/contacts/{contactId}"): rule(),
        ("GET", "/businesses"): rule(query="locationId limit skip"),
        ("GET", "/businesses/{businessId}"): rule(),
        ("GET", "/opportunities/search"): rule(
            query="q location_id pipeline_id pipeline_stage_id contact_id status assigned_to "
            "campaignId id order endDate startAfter startAfterId date country page limit "
            "getTasks getNotes getCalendarEvents"
        ),
        ("GET", "/opportunities/{id}"): rule(),
        ("POST", "/objects/{schemaKey}/records/search"): rule(_SEARCH_RECORDS),
        ("GET", "/objects/{schemaKey}/records/{id}"): rule(),
    },
    scopes=tuple(  # the searches only read, POST ones included
        Scopes(re.compile(re.escape(prefix)), scope)
        for prefix, scope in (
            ("/contacts/", "contacts.readonly"),
            ("/businesses", "businesses.readonly"),
            ("/opportunities/", "opportunities.readonly"),
            ("/objects/", "objects/record.readonly"),
        )
    ),
    admin={"records": {"POST": seed_records}},
)
