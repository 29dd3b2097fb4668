"""Tolerant reading of GHL responses into ghlsync.values.state values.

Lists may come bare or wrapped (``{"associations": [...]}``, ``{"data": [...]}``); single
objects bare or wrapped (``{"association": {...}}``). Anything else, a missing field, a
wrong type or a body that is not JSON, raises an :class:`ApiError` naming the endpoint and
what was wrong, so a partial or misread answer is never used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx

from ghlsync.client.endpoint import Endpoint
from ghlsync.client.failures import snippet
from ghlsync.client.segment import segment_problem
from ghlsync.client.wellformed import MalformedText, loads_well_formed
from ghlsync.values.state import AssociationType, LiveAssociation, LiveRelation, Side

__all__ = [
    "Endpoint",
    "Page",
    "association_page",
    "check_deleted",
    "json_body",
    "relation_page",
    "single_association",
    "single_relation",
]

T = TypeVar("T")
_ID_FIELDS = ("id", "_id", "relationId")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing; ``total`` only when the server sent a usable number."""

    items: tuple[T, ...]
    total: int | None = None


def json_body(response: httpx.Response, endpoint: Endpoint) -> object:
    """The decoded JSON of a successful answer, or an ApiError saying why it is unusable."""
    try:
        return loads_well_formed(response.content)
    except MalformedText as malformed:
        raise endpoint.answered(response.status_code).error(str(malformed)) from None
    except ValueError:
        shown = snippet(response.text, endpoint.clean) or "an empty body"
        answered = endpoint.answered(response.status_code)
        raise answered.error(f"response is not valid JSON: {shown}") from None
    except RecursionError:
        answered = endpoint.answered(response.status_code)
        raise answered.error("response nests too deeply to be a GHL answer") from None


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
    kind = fields.association_type()
    identifier = fields.identifier()
    system = kind is not AssociationType.USER_DEFINED
    association = LiveAssociation(
        id=identifier,
        key=(fields.optional_text("key") or identifier) if system else fields.text("key"),
        first=Side(fields.text("firstObjectKey"), fields.label("firstObjectLabel", system)),
        second=Side(fields.text("secondObjectKey"), fields.label("secondObjectLabel", system)),
        association_type=kind,
        first_to_second_limit=fields.optional_int("firstObjectToSecondObjectMaxLimit"),
        second_to_first_limit=fields.optional_int("secondObjectToFirstObjectMaxLimit"),
        first_to_second_cardinality=fields.optional_text("firstObjectToSecondObjectCardinality"),
        second_to_first_cardinality=fields.optional_text("secondObjectToFirstObjectCardinality"),
    )
    fields.raise_problems()
    return association


def _relation(item: object, endpoint: Endpoint) -> LiveRelation:
    fields = _FieldReader(item, endpoint, "relation")
    relation = LiveRelation(
        id=fields.identifier(),
        association_id=fields.text("associationId"),
        first_record_id=fields.path_text("firstRecordId"),
        second_record_id=fields.path_text("secondRecordId"),
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
        name = next((n for n in _ID_FIELDS if n in self._item), _ID_FIELDS[0])
        return self.path_text(name)

    def path_text(self, name: str) -> str:
        """A string that will be sent back in a URL path: refused unless it is a safe segment."""
        value = self.text(name)
        problem = segment_problem(value) if value else None
        if problem is not None:
            self._problems.append(f"field '{name}' cannot be an id: {problem}")
        return value

    def label(self, name: str, optional: bool) -> str:
        """A label; "" when an optional one is absent or null."""
        if optional and self._item.get(name) is None:
            return ""
        return self.text(name, empty=True)

    def optional_text(self, name: str) -> str | None:
        """A string that is only informative: anything else reads as None."""
        value = self._item.get(name)
        return value if isinstance(value, str) and value.strip() else None

    def optional_int(self, name: str) -> int | None:
        """A count that is only informative: anything but an integer reads as None."""
        value = self._item.get(name)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

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
        """USER_DEFINED only when the listing says so: anything else is never changed."""
        value = self._item.get("associationType")
        known = (AssociationType.USER_DEFINED, AssociationType.SYSTEM_DEFINED)
        return next((kind for kind in known if value == kind.value), AssociationType.UNKNOWN)

    def raise_problems(self) -> None:
        if self._problems:
            label = next((self._item[n] for n in _ID_FIELDS if n in self._item), None)
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
