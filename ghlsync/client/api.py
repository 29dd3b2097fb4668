"""``GhlClient``: the association and relation endpoints of one GHL location.

Every call is paced (:class:`Pacer`), retried when transient (:mod:`retry`), parsed
tolerantly (:mod:`parse`), and returns ghlsync.values.state values. Writes are idempotent: a
create that finds its target already there adopts it, and a delete of something already
gone counts as done, so a retried or re-run apply converges without duplicates.
Thread-safe: one client may serve a whole thread pool.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

import httpx

from ghlsync.client import adoption, interpret, parse
from ghlsync.client.bounded import BodyRefused, fetch_bounded
from ghlsync.client.deadline import DEFAULT_DEADLINE_SECONDS, run_within
from ghlsync.client.endpoint import Endpoint
from ghlsync.client.failures import error_from_response, json_or_none
from ghlsync.client.limits import DEFAULT_LIMITS, ClientLimits
from ghlsync.client.pacing import Pacer, WaitTooLong
from ghlsync.client.parse import Page
from ghlsync.client.probe import Probe
from ghlsync.client.retry import RetrySettings, send_with_retry
from ghlsync.client.segment import check_path
from ghlsync.client.stats import ClientStats
from ghlsync.errors import ApiError
from ghlsync.plumbing.redaction import Redactor
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.resolution import all_pages
from ghlsync.values.state import LiveAssociation, LiveRelation, Side

__all__ = ["AGENCY_ROUTES", "DEFAULT_PAGE_SIZE", "NO_AGENCY_TOKEN", "GhlClient"]

DEFAULT_PAGE_SIZE = 100
AGENCY_ROUTES = frozenset({("POST", "/objects/")})
"""The requests GHL documents as Agency-Access: sent with the agency token, never another."""
NO_AGENCY_TOKEN = (
    "creating a custom object needs an agency token (GHL documents POST /objects/ as "
    "Agency-Access): set GHL_AGENCY_TOKEN"
)
_ASSOCIATIONS = "/associations/"
_ONE_ASSOCIATION = "/associations/{associationId}"
_RELATIONS = "/associations/relations"

P = ParamSpec("P")
R = TypeVar("R")
Params = list[tuple[str, str]]

Item = TypeVar("Item", bound=interpret.Identified)


def _redacting(method: Callable[P, R]) -> Callable[P, R]:
    """Make sure no ApiError leaving the client quotes the token (a server might echo it)."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except ApiError as error:
            client = args[0]
            assert isinstance(client, GhlClient)
            raise client._without_token(error) from None

    return guarded


class GhlClient:
    """The association endpoints of ``location_id`` through an already-built ``http`` client.

    ``pool`` bounds how many requests run at once when a call fans out (and for the applier).
    """

    def __init__(
        self,
        http: httpx.Client,
        location_id: str,
        *,
        pacer: Pacer | None = None,
        retry: RetrySettings | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        pool: TaskPool | None = None,
        deadline: float | None = None,
        limits: ClientLimits = DEFAULT_LIMITS,
        agency_token: str | None = None,
    ) -> None:
        self._http = http
        self._agency_token = agency_token or None
        self.pool = pool if pool is not None else TaskPool()
        self._location_id = location_id
        self._pacer = pacer if pacer is not None else Pacer()
        self._retry = retry if retry is not None else RetrySettings()
        self._page_size = page_size
        self._deadline = deadline if deadline is not None else DEFAULT_DEADLINE_SECONDS
        self._redact = _both(Redactor(_bearer_token(http)), Redactor(agency_token or ""))
        self.limits = limits
        self.stats = ClientStats()
        self._answered = threading.Event()  # a refused connection before it is final

    @property
    def location_id(self) -> str:
        return self._location_id

    @property
    def has_agency_token(self) -> bool:
        """Whether the Agency-Access requests (creating a custom object) can be sent."""
        return self._agency_token is not None

    @property
    def pacer(self) -> Pacer:
        return self._pacer

    # -- associations -------------------------------------------------------------------

    @_redacting
    def list_associations(self) -> list[LiveAssociation]:
        """Every association of the location (user and system defined), all pages."""
        return self._paginate(
            _ASSOCIATIONS, _ASSOCIATIONS, self._location_param(), parse.association_page
        )

    @_redacting
    def get_association_by_key(self, key: str) -> LiveAssociation | None:
        """The association with ``key``, or None when the location has none."""
        route = "/associations/key/{key}"
        path = f"/associations/key/{interpret.segment(key, 'GET', route)}"
        try:
            payload, endpoint = self.request_json("GET", route, path, params=self._location_param())
        except ApiError as error:
            if error.status == 404:
                return None
            raise
        if payload is None:
            return None
        association = parse.single_association(payload, endpoint)
        if association.key != key:
            raise endpoint.error(f"asked for key {key!r} but got association {association.key!r}")
        return association

    @_redacting
    def get_association(self, association_id: str) -> LiveAssociation:
        """The association with ``association_id``."""
        path = f"/associations/{interpret.segment(association_id, 'GET', _ONE_ASSOCIATION)}"
        payload, endpoint = self.request_json("GET", _ONE_ASSOCIATION, path)
        association = parse.single_association(payload, endpoint)
        if association.id != association_id:
            raise endpoint.error(f"asked for {association_id!r} but got {association.id!r}")
        return association

    @_redacting
    def create_association(self, key: str, first: Side, second: Side) -> LiveAssociation:
        """Create ``key``; if it already exists with the same objects and labels, adopt it."""
        body = {
            "locationId": self._location_id,
            "key": key,
            "firstObjectKey": first.object,
            "firstObjectLabel": first.label,
            "secondObjectKey": second.object,
            "secondObjectLabel": second.label,
        }
        try:
            payload, endpoint = self.request_write("POST", _ASSOCIATIONS, _ASSOCIATIONS, body=body)
        except ApiError as error:
            return adoption.adopt_association(self, key, first, second, error)
        created = interpret.parsed_or_none(parse.single_association, payload, endpoint)
        if created is not None and created.key == key:
            return created
        return adoption.created_association_by_key(self, key, endpoint)

    @_redacting
    def update_association_labels(
        self, association_id: str, first_label: str, second_label: str
    ) -> LiveAssociation:
        """Change both labels of an association in place."""
        body = {"firstObjectLabel": first_label, "secondObjectLabel": second_label}
        path = f"/associations/{interpret.segment(association_id, 'PUT', _ONE_ASSOCIATION)}"
        payload, endpoint = self.request_json("PUT", _ONE_ASSOCIATION, path, body=body)
        updated = interpret.parsed_or_none(parse.single_association, payload, endpoint)
        if updated is not None and updated.id == association_id:
            return updated
        return self.get_association(association_id)

    @_redacting
    def delete_association(self, association_id: str) -> None:
        """Delete an association (GHL deletes its relations too); already gone is done."""
        path = f"/associations/{interpret.segment(association_id, 'DELETE', _ONE_ASSOCIATION)}"
        self._delete(_ONE_ASSOCIATION, path, params=None)

    # -- relations ----------------------------------------------------------------------

    @_redacting
    def list_relations(
        self, record_id: str, association_ids: Sequence[str]
    ) -> list[LiveRelation]:
        """Relations of ``record_id`` in the given associations, all pages.

        An empty ``association_ids`` selects nothing and sends no request. Relations of
        other associations (a server that ignores the filter) are left out; a relation that
        does not involve ``record_id`` means the listing is misread, and is an error.
        """
        wanted = list(dict.fromkeys(association_ids))
        if not wanted:
            return []
        params = self._location_param() + [("associationIds", each) for each in wanted]
        route = f"{_RELATIONS}/{{recordId}}"
        path = f"{_RELATIONS}/{interpret.segment(record_id, 'GET', route)}"

        def read_page(payload: object, endpoint: Endpoint) -> Page[LiveRelation]:
            page = parse.relation_page(payload, endpoint)
            interpret.check_involves(page.items, record_id, endpoint)
            return page

        relations = self._paginate(route, path, params, read_page)
        return [relation for relation in relations if relation.association_id in wanted]

    def list_relations_of(self, wanted: Mapping[str, Sequence[str]]) -> list[LiveRelation]:
        """Relations of many records (record id -> association ids), listed on the pool."""
        listings = [
            functools.partial(self.list_relations, record, association_ids)
            for record, association_ids in sorted(wanted.items())
            if association_ids
        ]
        return [relation for listing in self.pool.gather(listings) for relation in listing]

    @_redacting
    def create_relation(
        self, association_id: str, first_record_id: str, second_record_id: str
    ) -> LiveRelation:
        """Link two records; if the link already exists, adopt it."""
        body = {
            "locationId": self._location_id,
            "associationId": association_id,
            "firstRecordId": first_record_id,
            "secondRecordId": second_record_id,
        }
        wanted = (association_id, first_record_id, second_record_id)
        try:
            payload, endpoint = self.request_write("POST", _RELATIONS, _RELATIONS, body=body)
        except ApiError as error:
            if not interpret.is_duplicate_relation(error):
                raise interpret.explain_relation_failure(error) from None
            return adoption.adopt_relation(self, wanted, error)
        created = interpret.parsed_or_none(parse.single_relation, payload, endpoint)
        if created is not None and interpret.relation_identity(created) == wanted:
            return created
        return adoption.created_relation_by_listing(self, wanted, endpoint)

    @_redacting
    def delete_relation(self, relation_id: str) -> None:
        """Unlink two records; a relation already gone is done."""
        route = f"{_RELATIONS}/{{relationId}}"
        path = f"{_RELATIONS}/{interpret.segment(relation_id, 'DELETE', route)}"
        self._delete(route, path, params=self._location_param())

    # -- other endpoints ----------------------------------------------------------------

    @_redacting
    def request_json(
        self,
        method: str,
        route: str,
        path: str,
        *,
        params: Params | None = None,
        body: dict[str, Any] | None = None,
    ) -> tuple[object, Endpoint]:
        """Any endpoint of the location, paced and retried: its decoded JSON and endpoint.

        ``route`` is the path template counted in stats (``/objects/{key}``); a failure is
        an ApiError that never quotes the token.
        """
        response, endpoint = self._send(method, route, path, params=params, body=body)
        return parse.json_body(response, endpoint), endpoint

    @_redacting
    def request_write(
        self, method: str, route: str, path: str, *, body: dict[str, Any] | None = None
    ) -> tuple[object, Endpoint]:
        """Like :meth:`request_json` for a write, whose successful answer may be empty or not
        JSON (GHL created the thing all the same): then its payload is None."""
        response, endpoint = self._send(method, route, path, body=body)
        return json_or_none(response), endpoint

    # -- plumbing -----------------------------------------------------------------------

    def _location_param(self) -> Params:
        return [("locationId", self._location_id)]

    def _paginate(
        self,
        route: str,
        path: str,
        params: Params,
        read_page: Callable[[object, Endpoint], Page[Item]],
    ) -> list[Item]:
        """Every page by ``skip``/``limit`` (``resolution.all_pages`` decides when to stop);
        an id met twice is an error naming the endpoint."""
        seen: set[str] = set()

        def fetch(_: int) -> _SkipPage[Item]:
            paging = [("skip", str(len(seen))), ("limit", str(self._page_size))]
            payload, endpoint = self.request_json("GET", route, path, params=params + paging)
            page = read_page(payload, endpoint)
            interpret.remember_new(page.items, seen, endpoint)
            return _SkipPage(page.items, self._page_size, page.total)

        return all_pages(fetch, path, max_pages=self.limits.max_pages)

    def _delete(self, route: str, path: str, params: Params | None) -> None:
        try:
            response, endpoint = self._send("DELETE", route, path, params=params)
        except ApiError as error:
            if interpret.already_gone(error):
                return
            raise
        parse.check_deleted(json_or_none(response), endpoint)

    def _send(
        self,
        method: str,
        route: str,
        path: str,
        *,
        params: Params | None = None,
        body: dict[str, Any] | None = None,
    ) -> tuple[httpx.Response, Endpoint]:
        check_path(path, method, route)
        endpoint = self._endpoint(method, route, path)
        headers = self._agency_headers(method, route, endpoint)

        def attempt() -> httpx.Response:
            try:
                ticket = self._pacer.acquire()
            except WaitTooLong as too_long:
                raise endpoint.error(str(too_long)) from None
            self.stats.record_request(f"{method} {route}")
            query = tuple(params) if params is not None else None
            try:
                response = run_within(
                    lambda: self._fetch(method, path, query, body, endpoint, headers),
                    self._deadline,
                    endpoint.error,
                )
            finally:
                self._pacer.settle(ticket)
            self._answered.set()
            self._pacer.observe(response.headers, response.status_code)
            if response.status_code == 429:
                self.stats.record_throttled()
            return response

        response = send_with_retry(
            attempt,
            endpoint,
            self._retry,
            on_retry=self.stats.record_retry,
            answered_before=self._answered.is_set(),
        )
        if not response.is_success:
            raise error_from_response(response, endpoint)
        return response, endpoint.answered(response.status_code)

    def _fetch(
        self,
        method: str,
        path: str,
        query: object,
        body: object,
        endpoint: Endpoint,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        try:
            return fetch_bounded(
                self._http, method, path, params=query, json=body,
                max_bytes=self.limits.max_body_bytes, extra_headers=headers,
            )
        except BodyRefused as refused:
            answered = endpoint if refused.status is None else endpoint.answered(refused.status)
            raise answered.error(str(refused)) from None

    @_redacting
    def probe(self, route: str, path: str, params: Params) -> Probe:
        """One paced GET answered whatever its status, for ``doctor``: nothing is parsed yet."""
        try:
            response, _ = self._send("GET", route, path, params=params)
        except ApiError as error:
            return Probe(f"GET {route}", error.status, {}, None, error)
        headers = dict(response.headers.items())
        return Probe(f"GET {route}", response.status_code, headers, json_or_none(response), None)

    def _agency_headers(self, method: str, route: str, endpoint: Endpoint) -> dict[str, str]:
        """The agency token's Authorization for an Agency-Access route (never sent without)."""
        if (method, route) not in AGENCY_ROUTES:
            return {}
        if self._agency_token is None:
            raise endpoint.error(NO_AGENCY_TOKEN)
        return {"Authorization": f"Bearer {self._agency_token}"}

    def _endpoint(self, method: str, route: str, path: str) -> Endpoint:
        return Endpoint(method, path, route=route, clean=self._redact)

    def _without_token(self, error: ApiError) -> ApiError:
        path, message = self._redact(error.path), self._redact(error.message)
        if (path, message) == (error.path, error.message):
            return error
        return ApiError(error.method, path, error.status, message)




@dataclass(frozen=True, slots=True)
class _SkipPage(Generic[Item]):
    records: tuple[Item, ...]
    page_size: int
    total: int | None


def _bearer_token(http: httpx.Client) -> str:
    authorization = str(http.headers.get("Authorization", ""))
    return authorization.removeprefix("Bearer ").strip()


def _both(first: Callable[[str], str], second: Callable[[str], str]) -> Callable[[str], str]:
    """A cleaner that applies ``first`` then ``second`` (the location and agency tokens)."""
    return lambda text: second(first(text))
