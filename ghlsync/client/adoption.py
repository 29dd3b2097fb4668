"""Idempotent creates: adopting what a create found already there, or finding what a
create made when its answer did not describe it usably (README, "Apply")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from ghlsync.client import interpret
from ghlsync.client.endpoint import Endpoint
from ghlsync.errors import ApiError
from ghlsync.values.state import LiveAssociation, LiveRelation, Side

__all__ = [
    "adopt_association",
    "adopt_relation",
    "created_association_by_key",
    "created_by_reading",
    "created_relation_by_listing",
]

Found = TypeVar("Found")
RelationIdentity = tuple[str, str, str]
"""(association id, first record id, second record id)."""


class Reader(Protocol):
    """The two reads adoption needs (a ``GhlClient``)."""

    def get_association_by_key(self, key: str) -> LiveAssociation | None: ...

    def list_relations(
        self, record_id: str, association_ids: Sequence[str]
    ) -> list[LiveRelation]: ...


def adopt_association(
    client: Reader, key: str, first: Side, second: Side, error: ApiError
) -> LiveAssociation:
    """The association ``key`` when the refused create means it exists as wanted."""
    if not interpret.may_mean_key_taken(error):
        raise interpret.explain_refused_pair(error, first, second)
    try:
        existing = client.get_association_by_key(key)
    except ApiError:
        raise interpret.explain_refused_pair(error, first, second) from None
    if existing is None:
        raise interpret.explain_refused_pair(error, first, second)
    if existing.first == first and existing.second == second:
        return existing
    raise ApiError(
        error.method,
        error.path,
        409,
        f"association key '{key}' already exists with different objects/labels: "
        f"live {_sides(existing.first, existing.second)}, wanted {_sides(first, second)}",
    )


def created_by_reading(find: Callable[[], Found | None], what: str, endpoint: Endpoint) -> Found:
    """What a create made, read back when its answer did not describe it usably (an id
    alone, ``{success: true}``, an empty or non-JSON body)."""
    found = find()
    if found is None:
        raise endpoint.error(f"the create was accepted but {what} is not there")
    return found


def created_association_by_key(client: Reader, key: str, endpoint: Endpoint) -> LiveAssociation:
    """The association just created, when the answer did not describe it usably."""
    return created_by_reading(
        lambda: client.get_association_by_key(key), f"association {key!r}", endpoint
    )


def created_relation_by_listing(
    client: Reader, wanted: RelationIdentity, endpoint: Endpoint
) -> LiveRelation:
    """The relation just created, when the answer did not describe it usably."""
    found = _find_relation(client, wanted)
    if found is None:
        association_id, first, second = wanted
        raise endpoint.error(
            f"the create was accepted but record {first!r} has no relation to {second!r} "
            f"in association {association_id!r}"
        )
    return found


def adopt_relation(client: Reader, wanted: RelationIdentity, error: ApiError) -> LiveRelation:
    """The relation a create refused as a duplicate, found by listing its first record."""
    found = _find_relation(client, wanted)
    if found is None:
        association_id, first, second = wanted
        message = (
            f"{error.message}; but listing record {first!r} found no relation "
            f"{first!r} -> {second!r} in association {association_id!r}"
        )
        raise ApiError(error.method, error.path, error.status, message)
    return found


def _find_relation(client: Reader, wanted: RelationIdentity) -> LiveRelation | None:
    association_id, first, _ = wanted
    relations = client.list_relations(first, [association_id])
    return next((r for r in relations if interpret.relation_identity(r) == wanted), None)


def _sides(first: Side, second: Side) -> str:
    return f"{first.object} {first.label!r} <-> {second.object} {second.label!r}"
