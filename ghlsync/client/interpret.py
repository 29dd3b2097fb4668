"""What an answer means for ghlsync: already done, misread, or refused for a reason.

Pure judgements over parsed answers and ApiErrors, used by :class:`GhlClient`: which
errors mean a delete or create already happened, which listings must not be trusted, which
ids cannot be sent in a path, and how to explain a refused association pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from ghlsync.client.endpoint import Endpoint
from ghlsync.client.segment import path_segment
from ghlsync.errors import ApiError
from ghlsync.values.state import LiveRelation, Side

__all__ = [
    "Identified",
    "already_gone",
    "check_involves",
    "explain_refused_pair",
    "explain_relation_failure",
    "is_duplicate_relation",
    "may_mean_key_taken",
    "parsed_or_none",
    "relation_identity",
    "remember_new",
    "segment",
]

Parsed = TypeVar("Parsed")


class Identified(Protocol):
    @property
    def id(self) -> str: ...


def remember_new(items: Sequence[Identified], seen: set[str], endpoint: Endpoint) -> None:
    for item in items:
        if item.id in seen:
            raise endpoint.error(
                f"listing returned id {item.id!r} twice; pagination is not advancing"
            )
        seen.add(item.id)


def check_involves(relations: Sequence[LiveRelation], record_id: str, endpoint: Endpoint) -> None:
    """A listing for one record that names others is misread: never act on it."""
    for relation in relations:
        if record_id not in (relation.first_record_id, relation.second_record_id):
            raise endpoint.error(
                f"listing for record {record_id!r} returned relation {relation.id!r} "
                f"({relation.first_record_id!r} -> {relation.second_record_id!r}), "
                "which does not involve it; refusing to use this listing"
            )


def parsed_or_none(
    read: Callable[[object, Endpoint], Parsed], payload: object, endpoint: Endpoint
) -> Parsed | None:
    """What a write answered, or None when its body does not describe it usably."""
    try:
        return read(payload, endpoint)
    except ApiError:
        return None


def relation_identity(relation: LiveRelation) -> tuple[str, str, str]:
    return (relation.association_id, relation.first_record_id, relation.second_record_id)


def already_gone(error: ApiError) -> bool:
    if error.status == 404:
        return True
    return error.status == 400 and "not found" in error.message.lower()


def is_duplicate_relation(error: ApiError) -> bool:
    return error.status == 409 or (error.status == 400 and "duplicate" in error.message.lower())


def may_mean_key_taken(error: ApiError) -> bool:
    if error.status in (400, 409):
        return True
    return error.status == 422 and "exist" in error.message.lower()


def explain_relation_failure(error: ApiError) -> ApiError:
    if error.status != 404:
        return error
    message = f"{error.message} (unknown association or record)"
    return ApiError(error.method, error.path, error.status, message)


def segment(value: str, method: str, route: str) -> str:
    """``value`` percent-encoded as one path segment (see :mod:`ghlsync.client.segment`)."""
    return path_segment(value, method, route)


def explain_refused_pair(error: ApiError, first: Side, second: Side) -> ApiError:
    if error.status not in (400, 422) or _creatable_pair(first.object, second.object):
        return error
    message = (
        f"{error.message} (GHL may refuse associations between {first.object} and "
        f"{second.object}: it documents only contact<->contact, contact<->custom object and "
        "custom object<->custom object, and real locations also hold "
        "custom object<->opportunity)"
    )
    return ApiError(error.method, error.path, error.status, message)


def _creatable_pair(first: str, second: str) -> bool:
    kinds = {_object_kind(first), _object_kind(second)}
    return kinds <= {"contact", "custom"} or kinds == {"custom", "opportunity"}


def _object_kind(object_key: str) -> str:
    return "custom" if object_key.startswith("custom_objects.") else object_key
