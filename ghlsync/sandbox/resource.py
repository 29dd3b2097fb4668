"""What a simulated GHL resource brings to the sandbox, in one module of ``sandbox/resources/``.

A :class:`Resource` names its routes (which handler answers which method and path), the
request properties each of its endpoints accepts as HighLevel's official OpenAPI files list
them (``rules``; the router refuses any other with a 422), the token scopes its requests need,
and the type of its :class:`~ghlsync.sandbox.locations.Part` of each location (its share of
the state file). :mod:`ghlsync.sandbox.registry` lists every resource once; the router, the
state file, the scope checks and the request rules iterate it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ghlsync.sandbox.locations import Locations, Part
from ghlsync.sandbox.wire import Call

__all__ = [
    "Accepted",
    "Answer",
    "Handler",
    "ItemHandler",
    "Resource",
    "Route",
    "Scopes",
    "location_collection",
    "location_scopes",
    "route",
    "rule",
]

Answer = tuple[int, object]
Handler = Callable[[Locations, Call, str], Answer]
"""``(state, call, the path's captured part or "")`` -> status and JSON payload."""
ItemHandler = Callable[[Locations, Call, str, str], Answer]
"""``(state, call, location id, item id)`` -> status and JSON payload."""


@dataclass(frozen=True, slots=True)
class Route:
    pattern: re.Pattern[str]
    handlers: Mapping[str, Handler]


def route(pattern: str, **handlers: Handler) -> Route:
    """``pattern`` (a regular expression of the whole path, at most one group) by method."""
    return Route(re.compile(pattern), handlers)


def location_collection(
    name: str, *, listing: Handler, create: Handler, item: ItemHandler
) -> tuple[Route, Route]:
    """A collection under a location, as GHL's ``locations.json`` has several:
    ``GET|POST /locations/{locationId}/<name>`` (handlers take the location id) and
    ``GET|PUT|DELETE /locations/{locationId}/<name>/{id}`` (``item`` takes both ids)."""

    def one_item(state: Locations, call: Call, location_and_id: str) -> Answer:
        location_id, item_id = location_and_id.split(f"/{name}/", 1)
        return item(state, call, location_id, item_id)

    return (
        route(f"/locations/([^/]+)/{name}", GET=listing, POST=create),
        route(f"/locations/([^/]+/{name}/[^/]+)", GET=one_item, PUT=one_item, DELETE=one_item),
    )


@dataclass(frozen=True, slots=True)
class Accepted:
    """The body and query property names an endpoint accepts."""

    body: frozenset[str] = frozenset()
    query: frozenset[str] = frozenset()

    def __or__(self, other: Accepted) -> Accepted:
        return Accepted(self.body | other.body, self.query | other.query)


def rule(body: str = "", query: str = "") -> Accepted:
    """Space-separated body and query property names."""
    return Accepted(frozenset(body.split()), frozenset(query.split()))


@dataclass(frozen=True, slots=True)
class Scopes:
    """The token scopes requests to some paths need: ``readonly`` for GETs (for every request
    when there is no ``write``), ``write`` for the others."""

    paths: re.Pattern[str]
    """Matches the start of the paths concerned."""
    readonly: str
    write: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.readonly,) if self.write is None else (self.readonly, self.write)

    def needed(self, path: str, method: str) -> str | None:
        """The scope a ``method`` request to ``path`` needs; None for other paths."""
        if not self.paths.match(path):
            return None
        return self.readonly if method == "GET" or self.write is None else self.write


def location_scopes(collection: str) -> Scopes:
    """``locations/<collection>.readonly|.write`` for ``/locations/{id}/<collection>...``."""
    paths = re.compile(rf"/locations/[^/]+/{collection}(/|$)")
    return Scopes(paths, f"locations/{collection}.readonly", f"locations/{collection}.write")


@dataclass(frozen=True, slots=True)
class Resource:
    """One simulated GHL resource: everything the sandbox needs to serve it."""

    name: str
    routes: tuple[Route, ...]
    rules: Mapping[tuple[str, str], Accepted] = field(default_factory=dict)
    """(method, official path template without trailing slash) -> what the official file
    lists; tests check these against the files."""
    part: type[Part] | None = None
    scopes: tuple[Scopes, ...] = ()
    """The scopes of its paths (paths no resource claims need ``associations.readonly`` or
    ``associations.write``)."""
    admin: Mapping[str, Mapping[str, Handler]] = field(default_factory=dict)
    """Its endpoints under ``/_sandbox/`` (name -> method -> handler, which gets ""): ways to
    seed what the API cannot create, without auth, faults or rate limits."""
    agency_access: frozenset[tuple[str, str]] = frozenset()
    """(method, path) of its Agency-Access endpoints: only the agency token may call them
    (it is refused on every other endpoint but the agency's own)."""
