"""Which handler answers which method and path (the routes of every resource of the
registry), and which location a request counts against."""

from __future__ import annotations

from ghlsync.sandbox.agency import AGENCY_PATHS
from ghlsync.sandbox.registry import RESOURCES
from ghlsync.sandbox.request_rules import route_of, unknown_properties
from ghlsync.sandbox.resource import Answer, Route
from ghlsync.sandbox.state import SandboxState
from ghlsync.sandbox.wire import Call, Rejection

__all__ = ["dispatch", "location_of"]

_ROUTES: tuple[Route, ...] = tuple(route for r in RESOURCES for route in r.routes)


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
    """Only for the endpoints ``request_rules`` lists (others check their own inputs, as the
    agency does the token mint's form body)."""
    if route_of(call.method, call.path) is None:
        return
    names = [name for name, _ in call.query.multi_items()]
    body = dict(call.body) if call.method in ("POST", "PUT") else {}
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
    return _item_location(state, call.path.rsplit("/", 1)[-1])


def _item_location(state: SandboxState, item_id: str) -> str:
    """The first location holding an item (an association, a field...) or a record with this
    id ("" when none does)."""
    owner = (
        loc for loc in state.locations.values()
        if loc.owns(item_id) or loc.object_of_record(item_id) is not None
    )
    return next((loc.location_id for loc in owner), "")
