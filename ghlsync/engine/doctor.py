"""``doctor``'s checks of a location: a handful of GETs, each answer judged by
:mod:`ghlsync.engine.checkup` (docs/design.md, "doctor"). Reads only; prints nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghlsync.client import GhlClient
from ghlsync.client.objects import LOCATION_FIELD_OBJECTS
from ghlsync.client.parse import association_page, relation_page
from ghlsync.client.parse_objects import field_list, object_list
from ghlsync.client.probe import Probe
from ghlsync.client.records import parse_records
from ghlsync.client.segment import path_segment
from ghlsync.config import ConfigDocument, resolve
from ghlsync.config.ids import check_location_option
from ghlsync.config.natural_keys import used_keys
from ghlsync.config.resolve import LocationAccess, checked_location
from ghlsync.engine.agency import AGENCY_TOKEN_ENV, missing_token_message
from ghlsync.engine.checkup import (
    KEY_SCOPES,
    Check,
    Checkup,
    FileNeeds,
    Parser,
    Status,
    access_check,
    association_checks,
    cardinality_checks,
    field_listing_check,
    needs_line,
    parse_answer,
    rate_limit_checks,
    shape_checks,
    system_checks,
    write_scopes_note,
)
from ghlsync.errors import ApiError
from ghlsync.kinds.protocol import Listing
from ghlsync.values.state import DesiredState, LiveAssociation, ResolvedRecord

__all__ = ["Examined", "examine", "examine_member", "file_target", "location_only"]

_PLACEHOLDER_START = "<natural key"
_PLACEHOLDER = _PLACEHOLDER_START + " {}>"


_NOBODY = "ghlsync-doctor@example.invalid"


_PAGE_SIZE = 100
_KEY_READS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "contact": ("/contacts/search/duplicate", [("email", _NOBODY)]),
    "business": ("/businesses/", [("limit", "1"), ("skip", "0")]),
    "opportunity": ("/opportunities/search", [("limit", "1"), ("page", "1")]),
}


@dataclass(frozen=True, slots=True)
class Examined:
    """Where doctor looks, and what the file (if any) needs there."""

    access: LocationAccess
    desired: DesiredState | None = None
    needs: FileNeeds = field(default_factory=FileNeeds)


def examine(client: GhlClient, examined: Examined) -> Checkup:
    location = client.location_id
    listing = _probe(client, "/associations/", [("skip", "0"), ("limit", str(_PAGE_SIZE))])
    checks = [access_check("token", "associations.readonly", listing, location)]
    if listing.ok:
        checks += _after_token(client, examined, listing)
    return Checkup(location, tuple(checks), client.stats.requests)


def _after_token(client: GhlClient, examined: Examined, listing: Probe) -> list[Check]:
    checks = [*rate_limit_checks(listing.headers), *shape_checks(listing, association_page)]
    live = _live_associations(listing)
    if len(live) >= _PAGE_SIZE:
        live, unread = _every_association(client, live)
        checks += unread
    checks += system_checks(live.values())
    if examined.desired is not None:
        checks += _file_checks(client, examined.desired, examined.needs, live)
    return checks


def _file_checks(
    client: GhlClient, desired: DesiredState, needs: FileNeeds, live: dict[str, LiveAssociation]
) -> list[Check]:
    checks = [needs_line(needs.read_scopes()), write_scopes_note(needs)]
    if needs.relations:
        relations = _relations(desired, client.location_id)
        checks += _scope_probe(client, "associations/relation.readonly", *relations)
    if needs.objects:
        checks += _schema_checks(client, needs)
    for listing in needs.listings:
        scope = f"{listing.family}.readonly"
        checks += _scope_probe(client, scope, *_listing(listing, client.location_id))
    for object_key in needs.key_objects:
        checks += _key_probe(client, object_key)
    return [*checks, *association_checks(desired, live), *cardinality_checks(desired, live)]


_Request = tuple[str, str, list[tuple[str, str]], Parser]


def _scope_probe(
    client: GhlClient,
    scope: str,
    route: str,
    path: str,
    params: list[tuple[str, str]],
    parse: Parser,
) -> list[Check]:
    answer = client.probe(route, path, params)
    return [
        access_check(f"scope {scope}", scope, answer, client.location_id),
        *shape_checks(answer, parse),
    ]


def _listing(listing: Listing, location: str) -> _Request:
    """A kind's whole listing (one GET), parsed as ``plan`` parses it."""
    route = listing.route
    path = route.replace("{locationId}", path_segment(location, "GET", route))
    return route, path, [], listing.parse


def _relations(desired: DesiredState, location: str) -> _Request:
    """A record of the file (not a natural key), else one that cannot exist: an empty list."""
    sides = [(r.first.id, r.second.id) for r in desired.relations]
    ids = [record for pair in sides for record in pair] + list(desired.managed_records)
    record = next((i for i in ids if not i.startswith(_PLACEHOLDER_START)), "ghlsync-doctor")
    route = "/associations/relations/{recordId}"
    path = f"/associations/relations/{path_segment(record, 'GET', route)}"
    params = [("locationId", location), ("skip", "0"), ("limit", "100")]
    return route, path, params, relation_page


def _schema_checks(client: GhlClient, needs: FileNeeds) -> list[Check]:
    """The objects listing, then the field listing of each declared object that exists.

    Every listing ``plan`` will read is asked once, so one that answers an error (the
    business fields answer 400 on some locations) or a shape ghlsync cannot read fails here.
    """
    scope, location = "objects/schema.readonly", client.location_id
    listing = client.probe("/objects/", "/objects/", [("locationId", location)])
    checks = [access_check(f"scope {scope}", scope, listing, location)]
    checks += shape_checks(listing, object_list)
    live = _object_keys(listing)
    checks += _agency_check(client, needs, live) if listing.ok else []
    for object_key, request in _field_listings(needs, live, location):
        answer = client.probe(*request[:3])
        checks += [field_listing_check(object_key, answer, location),
                   *shape_checks(answer, request[3])]
    return checks


def _agency_check(client: GhlClient, needs: FileNeeds, live: set[str]) -> list[Check]:
    """The custom objects the file would create need the agency token (Agency-Access)."""
    created = sorted(k for k in needs.objects if k.startswith("custom_objects.") and k not in live)
    if not created:
        return []
    if client.has_agency_token:
        return [Check("agency token", Status.OK, f"set, for creating {', '.join(created)}")]
    fix = f"set {AGENCY_TOKEN_ENV} to an agency token before apply"
    return [Check("agency token", Status.FAIL, missing_token_message(created), fix)]


def _object_keys(listing: Probe) -> set[str]:
    try:
        objects = parse_answer(listing, object_list)
    except ApiError:
        return set()
    return {raw.value.key for raw in objects}


def _field_listings(
    needs: FileNeeds, live: set[str], location: str
) -> list[tuple[str, _Request]]:
    """The field listing of each declared object that exists (custom objects not yet created
    have none to read); contacts' when no declared object has one yet."""
    keys = [key for key in needs.objects if key in LOCATION_FIELD_OBJECTS or key in live]
    return [(key, _field_listing(key, location)) for key in keys or ["contact"]]


def _field_listing(object_key: str, location: str) -> _Request:
    if object_key in LOCATION_FIELD_OBJECTS:
        route = "/locations/{locationId}/customFields"
        path = f"/locations/{path_segment(location, 'GET', route)}/customFields"
        return route, path, [("model", object_key)], _parse_fields(object_key)
    route = "/custom-fields/object-key/{objectKey}"
    path = f"/custom-fields/object-key/{path_segment(object_key, 'GET', route)}"
    return route, path, [("locationId", location)], _parse_fields(object_key)


def _parse_fields(object_key: str) -> Parser:
    return lambda payload, endpoint: field_list(payload, endpoint, object_key)


def _parse_records(object_key: str) -> Parser:
    return lambda payload, endpoint: parse_records(payload, endpoint, object_key)


def _key_probe(client: GhlClient, object_key: str) -> list[Check]:
    """One harmless read per natural-key object (custom object records need a POST search)."""
    scope = KEY_SCOPES.get(object_key)
    if scope is None:
        message = f"{object_key} records: not checked, only a POST search reads them"
        return [Check("scope objects/record.readonly", Status.NOTE, message)]
    route, params = _KEY_READS[object_key]
    location = ("location_id" if object_key == "opportunity" else "locationId", client.location_id)
    answer = client.probe(route, route, [location, *params])
    return [
        access_check(f"scope {scope}", scope, answer, client.location_id),
        *shape_checks(answer, _parse_records(object_key)),
    ]


def _probe(client: GhlClient, route: str, params: list[tuple[str, str]]) -> Probe:
    return client.probe(route, route, [("locationId", client.location_id), *params])


def _every_association(
    client: GhlClient, first_page: dict[str, LiveAssociation]
) -> tuple[dict[str, LiveAssociation], list[Check]]:
    """A full first page: read them all, or the file's keys past it would look missing."""
    try:
        return {a.key: a for a in client.list_associations()}, []
    except ApiError as error:
        message = f"only the first {len(first_page)} associations could be read: {error}"
        fix = "run doctor again; keys past them may be reported missing meanwhile"
        return first_page, [Check("associations", Status.WARN, message, fix)]


def _live_associations(listing: Probe) -> dict[str, LiveAssociation]:
    """The live associations by key, or none when the listing did not parse (a FAIL already)."""
    try:
        page = parse_answer(listing, association_page)
    except ApiError:
        return {}
    return {association.key: association for association in page.items}


def location_only(location: str) -> Examined:
    """``--location`` alone, no file: the basics only."""
    return Examined(LocationAccess(check_location_option(location)))


def file_target(doc: ConfigDocument, environment: str | None, location: str | None) -> Examined:
    """The file's location and needs; natural keys stand in as placeholders (not looked up)."""
    access = checked_location(doc, environment, location)
    requests = used_keys(doc)
    placeholders = [ResolvedRecord(r.alias, r.key, _PLACEHOLDER.format(r.alias)) for r in requests]
    desired = resolve(doc, environment, location, placeholders).desired
    needs = FileNeeds.of(desired, (r.key.object for r in requests))
    return Examined(access, desired, needs)


def examine_member(doc: ConfigDocument, client: GhlClient) -> Checkup:
    """``doctor`` for one fleet member: ``doc`` as the member sees it, through its client."""
    return examine(client, file_target(doc, None, client.location_id))
