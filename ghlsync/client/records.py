"""The record endpoints used to resolve natural keys, read tolerantly.

Lookups: contacts by ``GET /contacts/search/duplicate`` (``email`` or ``number``),
opportunities by ``GET /opportunities/search?q=``, custom-object records by
``POST /objects/{key}/records/search`` (fuzzy: equality is checked by the caller).
Listings: ``POST /contacts/search``, ``GET /businesses/``, ``GET /opportunities/search``,
``POST /objects/{key}/records/search``. Businesses have no search, only the listing.
One record: ``GET /contacts/{id}``, ``/businesses/{id}``, ``/opportunities/{id}``,
``/objects/{schemaKey}/records/{id}`` (``record_exists``).

GHL's record search runs over an object's searchable properties only: a key on another
property would silently find nothing. So the custom objects' searchable properties are read
first (``GET /objects/``, once; ``GET /objects/{key}`` for an object the listing is silent
about), and a key on a property that is not searchable is looked for in the object's listing
(read once, filtered by the caller).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from ghlsync.client.api import GhlClient
from ghlsync.client.parse import Endpoint
from ghlsync.client.parse_objects import object_list, single_object
from ghlsync.client.segment import path_segment, segment_problem
from ghlsync.errors import ApiError
from ghlsync.values.resolution import ListingPage, RecordValues, all_pages
from ghlsync.values.state import NaturalKey

__all__ = ["PAGE_SIZE", "RecordFinder", "parse_records", "record_exists"]

PAGE_SIZE = 100
_LISTS = ("contacts", "businesses", "opportunities", "records", "data")
_SINGLES = ("contact", "business", "opportunity", "record")
_RECORD_ROUTES = {
    "contact": "/contacts/{contactId}",
    "business": "/businesses/{businessId}",
    "opportunity": "/opportunities/{id}",
}
_CUSTOM_RECORD_ROUTE = "/objects/{schemaKey}/records/{id}"
_MISSING = (400, 404)
"""What GHL answers for an unknown record id (both are seen)."""


def record_exists(client: GhlClient, object_key: str, record_id: str) -> bool:
    """Whether the location holds ``record_id`` as a record of ``object_key`` (one GET)."""
    route = _RECORD_ROUTES.get(object_key, _CUSTOM_RECORD_ROUTE)
    segment = path_segment(record_id, "GET", route)
    if object_key in _RECORD_ROUTES:
        path = route.rsplit("/", 1)[0] + f"/{segment}"
    else:
        path = f"/objects/{path_segment(object_key, 'GET', route)}/records/{segment}"
    try:
        client.request_json("GET", route, path)
    except ApiError as error:
        if error.status in _MISSING:
            return False
        raise
    return True


class RecordFinder:
    """Looks records of one location up by a property value, or lists them page by page."""

    def __init__(self, client: GhlClient, page_size: int = PAGE_SIZE) -> None:
        self._client = client
        self._location = client.location_id
        self.page_size = page_size
        self._lock = threading.Lock()
        self._searchable_lock = threading.Lock()  # held while reading: each read done once
        self._searchable: dict[str, frozenset[str]] | None = None
        self._listings: dict[str, list[RecordValues]] = {}
        self._served: dict[int, int] = {}
        """Business records served per page number: the next page's ``skip`` counts them, so
        a short page that ``total`` says is not the last skips nothing."""

    def can_look_up(self, object_key: str) -> bool:
        return object_key != "business"

    def look_up(self, key: NaturalKey) -> list[RecordValues]:
        """Records that may have ``key``'s value (a superset: the search may be fuzzy)."""
        if key.object == "contact":
            return self._duplicate_contact(key)
        if key.object.startswith("custom_objects.") and not self._is_searchable(key):
            return self._listing(key.object)

        def search(number: int) -> ListingPage:
            return self._page(key.object, number, key.value)

        return all_pages(search, f"{key.object} search", max_pages=self._client.limits.max_pages)

    def look_up_all(self, keys: Sequence[NaturalKey]) -> list[list[RecordValues]]:
        """Each key's ``look_up``, concurrently on the client's pool."""
        return self._client.pool.gather([functools.partial(self.look_up, key) for key in keys])

    def list_page(self, object_key: str, number: int) -> ListingPage:
        return self._page(object_key, number, None)

    def _is_searchable(self, key: NaturalKey) -> bool:
        with self._searchable_lock:
            if self._searchable is None:
                self._searchable = self._listed_searchable()
            known = self._searchable.get(key.object)
            if known is None:
                known = self._searchable[key.object] = self._read_searchable(key.object)
        return key.property in known

    def _listed_searchable(self) -> dict[str, frozenset[str]]:
        """Each object's searchable properties, where the objects listing says them: one
        request for every object, instead of one per object."""
        params = [("locationId", self._location)]
        route = "/objects/"
        payload, endpoint = self._client.request_json("GET", route, route, params=params)
        return {
            raw.value.key: frozenset(raw.value.searchable or ())
            for raw in object_list(payload, endpoint)
            if raw.says_searchable
        }

    def _read_searchable(self, object_key: str) -> frozenset[str]:
        """An object's own read, for one the listing is silent about (or does not list)."""
        route = "/objects/{key}"
        path = f"/objects/{path_segment(object_key, 'GET', route)}"
        params = [("locationId", self._location)]
        payload, endpoint = self._client.request_json("GET", route, path, params=params)
        return frozenset(single_object(payload, endpoint).value.searchable or ())

    def _listing(self, object_key: str) -> list[RecordValues]:
        with self._lock:
            known = self._listings.get(object_key)
        if known is None:
            fetch = functools.partial(self.list_page, object_key)
            known = all_pages(fetch, f"{object_key} records")
            with self._lock:
                self._listings[object_key] = known
        return known

    def list_pages(self, object_key: str, numbers: Sequence[int]) -> list[ListingPage]:
        """Those pages of the listing, concurrently on the client's pool."""
        pages = [functools.partial(self.list_page, object_key, number) for number in numbers]
        return self._client.pool.gather(pages)

    def _duplicate_contact(self, key: NaturalKey) -> list[RecordValues]:
        name = "number" if key.property == "phone" else "email"
        params = [("locationId", self._location), (name, key.value)]
        path = "/contacts/search/duplicate"
        payload, endpoint = self._client.request_json("GET", path, path, params=params)
        return list(parse_records(payload, endpoint, key.object))

    def _page(self, object_key: str, number: int, query: str | None) -> ListingPage:
        if object_key == "contact":
            payload, endpoint = self._contacts(number)
        elif object_key == "business":
            payload, endpoint = self._businesses(number)
        elif object_key == "opportunity":
            payload, endpoint = self._opportunities(number, query)
        else:
            payload, endpoint = self._custom_records(object_key, number, query)
        records = parse_records(payload, endpoint, object_key)
        if object_key == "business":
            self._served[number] = len(records)
        return ListingPage(records, self.page_size, _total(payload, len(records)))

    def _contacts(self, number: int) -> tuple[object, Endpoint]:
        body = {"locationId": self._location, "pageLimit": self.page_size, "page": number}
        return self._client.request_json("POST", "/contacts/search", "/contacts/search", body=body)

    def _businesses(self, number: int) -> tuple[object, Endpoint]:
        skip = sum(self._served.get(earlier, self.page_size) for earlier in range(1, number))
        params = [
            ("locationId", self._location), ("limit", str(self.page_size)), ("skip", str(skip))
        ]
        return self._client.request_json("GET", "/businesses/", "/businesses/", params=params)

    def _opportunities(self, number: int, query: str | None) -> tuple[object, Endpoint]:
        params = [
            ("location_id", self._location), ("limit", str(self.page_size)), ("page", str(number))
        ]
        if query is not None:
            params.append(("q", query))
        path = "/opportunities/search"
        return self._client.request_json("GET", path, path, params=params)

    def _custom_records(
        self, object_key: str, number: int, query: str | None
    ) -> tuple[object, Endpoint]:
        body: dict[str, Any] = {
            "locationId": self._location,
            "page": number,
            "pageLimit": self.page_size,
            "query": query or "",
            "searchAfter": [],
        }
        route = "/objects/{schemaKey}/records/search"
        path = f"/objects/{path_segment(object_key, 'POST', route)}/records/search"
        return self._client.request_json("POST", route, path, body=body)


def parse_records(payload: object, endpoint: Endpoint, object_key: str) -> tuple[RecordValues, ...]:
    """The records of an answer: a list (bare or wrapped) or one record (``{"contact": ...}``)."""
    items = _items(payload, endpoint)
    return tuple(_record(item, endpoint, object_key) for item in items)


def _items(payload: object, endpoint: Endpoint) -> list[object]:
    if isinstance(payload, list):
        return payload
    if not isinstance(payload, Mapping):
        shown = type(payload).__name__
        raise endpoint.error(f"expected a JSON object or list of records, got {shown}")
    for name in _LISTS:
        if isinstance(payload.get(name), list):
            return list(payload[name])
    for name in _SINGLES:
        if name in payload:
            single = payload[name]
            return [] if single is None else [single]
    raise endpoint.error(f"expected records under one of {', '.join(_LISTS + _SINGLES)}")


def _record(item: object, endpoint: Endpoint, object_key: str) -> RecordValues:
    if not isinstance(item, Mapping):
        raise endpoint.error(f"expected a record object, got {type(item).__name__}")
    record_id = item.get("id", item.get("_id"))
    if not isinstance(record_id, str) or not record_id:
        raise endpoint.error("a record has no string 'id'")
    problem = segment_problem(record_id)
    if problem is not None:
        raise endpoint.error(f"unusable record id in the listing: {problem}")
    return RecordValues(record_id, _properties(item, object_key))


def _properties(item: Mapping[str, Any], object_key: str) -> dict[str, str]:
    nested = item.get("properties")
    source: Mapping[str, Any] = nested if isinstance(nested, Mapping) else item
    prefix = f"{object_key}."
    found = {str(k).removeprefix(prefix): _text(v) for k, v in source.items()}
    properties = {k: v for k, v in found.items() if v is not None}
    if "name" not in properties and object_key == "contact":
        full = " ".join(p for p in (properties.get("firstName"), properties.get("lastName")) if p)
        if full:
            properties["name"] = full
    return properties


def _text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


def _total(payload: object, page_length: int) -> int | None:
    if not isinstance(payload, Mapping):
        return None
    meta = payload.get("meta")
    for holder in (payload, meta if isinstance(meta, Mapping) else {}):
        total = holder.get("total")
        if isinstance(total, int | float) and not isinstance(total, bool) and total >= page_length:
            return int(total)
    return None
