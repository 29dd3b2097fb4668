"""Tolerant reading of GHL responses into ghlsync.model values.

Lists may come bare or wrapped (``{"associations": [...]}``, ``{"data": [...]}``); single
objects bare or wrapped (``{"association": {...}}``). Anything else, a missing field, a
wrong type or a body that is not JSON, raises an :class:`ApiError` naming the endpoint and
what was wrong, so a partial or misread answer is never used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx

from ghlsync.client import ratelimit
from ghlsync.errors import ApiError
from ghlsync.model import AssociationType, LiveAssociation, LiveRelation, Side

__all__ = [
    "Endpoint",
    "Page",
    "association_page",
    "check_deleted",
    "error_from_response",
    "error_message",
    "json_body",
    "relation_page",
    "single_association",
    "single_relation",
]

T = TypeVar("T")
_SNIPPET_LENGTH = 200
_HINTS = {
    401: "check the token (GHL_TOKEN or the environment's token_env)",
    403: "the token lacks the associations scopes or location access",
}


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The request an answer belongs to, for error messages."""

    method: str
    path: str
    status: int | None = None

    def answered(self, status: int) -> Endpoint:
        """The same endpoint, knowing the HTTP status of the answer being read."""
        return Endpoint(self.method, self.path, status)

    def error(self, message: str) -> ApiError:
        return ApiError(self.method, self.path, self.status, message)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing; ``total`` only when the server sent a usable number."""

    items: tuple[T, ...]
    total: int | None = None


def json_body(response: httpx.Response, endpoint: Endpoint) -> object:
    """The decoded JSON of a successful answer, or an ApiError saying why it is unusable."""
    try:
        return json.loads(response.content)
    except ValueError:
        snippet = _snippet(response.text) or "an empty body"
        answered = endpoint.answered(response.status_code)
        raise answered.error(f"response is not valid JSON: {snippet}") from None


def association_page(payload: object, endpoint: Endpoint) -> Page[LiveAssociation]:
    return _page(payload, endpoint, "associations", _association)


def relation_page(payload: object, endpoint: Endpoint) -> Page[LiveRelation]:
    return _page(payload, endpoint, "relations", _relation)


def single_association(payload: object, endpoint: Endpoint) -> LiveAssociation:
    return _association(_unwrap_single(payload, endpoint, "association"), endpoint)


def single_relation(payload: object, endpoint: Endpoint) -> LiveRelation:
    return _relation(_unwrap_single(payload, endpoint, "relation"), endpoint)


def check_deleted(payload: object, endpoint: Endpoint) -> None:
    """A delete answer of ``{"deleted": false, ...}`` is a failure, whatever the status."""
    if isinstance(payload, Mapping) and payload.get("deleted") is False:
        reason = payload.get("message")
        detail = reason if isinstance(reason, str) and reason else "no reason given"
        raise endpoint.error(f"server reported the delete did not happen: {detail}")


def error_from_response(response: httpx.Response, endpoint: Endpoint) -> ApiError:
    """The ApiError for an unsuccessful answer, with a hint for 401, 403 and a spent quota."""
    message = error_message(response)
    hint = _HINTS.get(response.status_code)
    if ratelimit.daily_quota_exhausted(response.status_code, response.headers):
        hint = "the location's daily request quota is used up; run again after it resets"
    answered = endpoint.answered(response.status_code)
    return answered.error(f"{message} ({hint})" if hint else message)


def error_message(response: httpx.Response) -> str:
    """The server's ``message`` (arrays joined with '; '), else a snippet, else the reason."""
    try:
        payload = json.loads(response.content)
    except ValueError:
        payload = None
    from_json = _message_field(payload) if isinstance(payload, Mapping) else None
    return (
        from_json
        or _snippet(response.text)
        or response.reason_phrase
        or f"HTTP {response.status_code}"
    )


def _message_field(payload: Mapping[str, object]) -> str | None:
    for name in ("message", "error"):
        value = payload.get(name)
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _snippet(text: str) -> str:
    flat = " ".join(re.sub(r"<[^>]*>", " ", text).split())
    if len(flat) <= _SNIPPET_LENGTH:
        return flat
    return flat[: _SNIPPET_LENGTH - 1] + "…"


def _page(
    payload: object,
    endpoint: Endpoint,
    plural: str,
    parse_item: Callable[[object, Endpoint], T],
) -> Page[T]:
    items = _unwrap_list(payload, endpoint, plural)
    parsed = tuple(parse_item(item, endpoint) for item in items)
    return Page(parsed, _total(payload, len(parsed)))


def _unwrap_list(payload: object, endpoint: Endpoint, plural: str) -> list[object]:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, Mapping):
        for name in (plural, "data"):
            if isinstance(payload.get(name), list):
                return list(payload[name])
    raise endpoint.error(
        f"expected a list of {plural} (bare, or under '{plural}' or 'data'), "
        f"got {_describe(payload)}",
    )


def _total(payload: object, page_length: int) -> int | None:
    if not isinstance(payload, Mapping):
        return None
    total = payload.get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total >= page_length:
        return total
    return None


def _unwrap_single(payload: object, endpoint: Endpoint, singular: str) -> Mapping[str, object]:
    if isinstance(payload, Mapping):
        for name in (singular, "data"):
            inner = payload.get(name)
            if isinstance(inner, Mapping):
                return inner
        return payload
    raise endpoint.error(f"expected an {singular} object, got {_describe(payload)}")


def _association(item: object, endpoint: Endpoint) -> LiveAssociation:
    fields = _FieldReader(item, endpoint, "association")
    association = LiveAssociation(
        id=fields.identifier(),
        key=fields.text("key"),
        first=Side(fields.text("firstObjectKey"), fields.text("firstObjectLabel", empty=True)),
        second=Side(fields.text("secondObjectKey"), fields.text("secondObjectLabel", empty=True)),
        association_type=fields.association_type(),
    )
    fields.raise_problems()
    return association


def _relation(item: object, endpoint: Endpoint) -> LiveRelation:
    fields = _FieldReader(item, endpoint, "relation")
    relation = LiveRelation(
        id=fields.identifier(),
        association_id=fields.text("associationId"),
        first_record_id=fields.text("firstRecordId"),
        second_record_id=fields.text("secondRecordId"),
    )
    fields.raise_problems()
    return relation


class _FieldReader:
    """Reads typed fields of one object, collecting every problem before raising."""

    def __init__(self, item: object, endpoint: Endpoint, what: str) -> None:
        if not isinstance(item, Mapping):
            raise endpoint.error(f"expected an {what} object, got {_describe(item)}")
        self._item: Mapping[str, object] = item
        self._endpoint = endpoint
        self._what = what
        self._problems: list[str] = []

    def identifier(self) -> str:
        name = "id" if "id" in self._item or "_id" not in self._item else "_id"
        return self.text(name)

    def text(self, name: str, *, empty: bool = False) -> str:
        value = self._item.get(name)
        if value is None:
            self._problems.append(f"missing field '{name}'")
        elif not isinstance(value, str):
            self._problems.append(f"field '{name}' should be a string, got {_describe(value)}")
        elif not empty and not value.strip():
            self._problems.append(f"field '{name}' is empty")
        else:
            return value
        return ""

    def association_type(self) -> AssociationType:
        value = self._item.get("associationType", AssociationType.USER_DEFINED.value)
        known = {member.value: member for member in AssociationType}
        if isinstance(value, str) and value in known:
            return known[value]
        self._problems.append(f"unknown associationType {value!r}")
        return AssociationType.USER_DEFINED

    def raise_problems(self) -> None:
        if self._problems:
            label = self._item.get("id", self._item.get("_id"))
            which = f" {label!r}" if isinstance(label, str) else ""
            detail = "; ".join(self._problems)
            raise self._endpoint.error(f"malformed {self._what}{which}: {detail}")


def _describe(value: object) -> str:
    if isinstance(value, Mapping):
        keys = ", ".join(sorted(str(key) for key in value)[:8])
        return f"an object with keys [{keys}]"
    if value is None:
        return "null"
    return type(value).__name__ if not isinstance(value, str) else f"string {value[:40]!r}"
