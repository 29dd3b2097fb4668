"""The agency's endpoints: ``POST /oauth/locationToken`` (mint a location token) and
``GET /locations/search`` (its sub-accounts). Both take the agency token and answer 401 in a
sandbox without an agency; :class:`ghlsync.sandbox.agency.Agency` does the work. The token
mint's form-encoded body is checked by the agency itself (no JSON rule)."""

from __future__ import annotations

from ghlsync.sandbox.locations import Locations
from ghlsync.sandbox.resource import Answer, Resource, route, rule
from ghlsync.sandbox.wire import Call, Rejection

__all__ = ["RESOURCE"]


def _mint_token(state: Locations, call: Call, _: str) -> Answer:
    if state.agency is None:
        raise Rejection(401, "Invalid JWT")
    return state.agency.mint(call, frozenset(state.locations))


def _search_locations(state: Locations, call: Call, _: str) -> Answer:
    if state.agency is None:
        raise Rejection(401, "Invalid JWT")
    return state.agency.search(call, list(state.locations))


RESOURCE = Resource(
    "agency",
    (
        route("/oauth/locationToken", POST=_mint_token),
        route("/locations/search", GET=_search_locations),
    ),
    rules={  # apps/locations.json
        ("GET", "/locations/search"): rule(query="companyId skip limit order email"),
    },
)
