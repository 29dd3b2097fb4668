"""Read the live state of a location for a read scope, with as few requests as possible.

One paginated listing of associations, then one paginated relations listing per record in
the scope, filtered with ``associationIds`` of the associations that exist live. A relation
seen from both of its records is kept once (relations are keyed by id).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from ghlsync.model import LiveAssociation, LiveRelation, LiveState, ReadScope
from ghlsync.runner import run_tasks

__all__ = ["LiveReader", "read_live_state", "read_whole_records"]


class LiveReader(Protocol):
    def list_associations(self) -> list[LiveAssociation]: ...

    def list_relations(
        self, record_id: str, association_ids: Sequence[str]
    ) -> list[LiveRelation]: ...


def read_live_state(
    client: LiveReader, location_id: str, scope: ReadScope, parallelism: int
) -> LiveState:
    """Read associations and the in-scope relations; raises the first ApiError met."""
    associations = {a.key: a for a in client.list_associations()}
    return _with_relations(client, location_id, scope, associations, parallelism)


def read_whole_records(
    client: LiveReader, location_id: str, records: Sequence[str], parallelism: int
) -> LiveState:
    """Read associations and every relation of ``records``, whatever its association."""
    associations = {a.key: a for a in client.list_associations()}
    scope = ReadScope({record: frozenset(associations) for record in records})
    return _with_relations(client, location_id, scope, associations, parallelism)


def _with_relations(
    client: LiveReader,
    location_id: str,
    scope: ReadScope,
    associations: dict[str, LiveAssociation],
    parallelism: int,
) -> LiveState:
    listings = _relation_listings(client, scope, associations)
    outcome = run_tasks(listings, parallelism)
    if outcome.interrupted:
        raise KeyboardInterrupt
    error = outcome.first_error()
    if error is not None:
        raise error
    relations = {r.id: r for result in outcome.results for r in result.value or ()}
    return LiveState(location_id, associations, relations, scope)


def _relation_listings(
    client: LiveReader, scope: ReadScope, associations: dict[str, LiveAssociation]
) -> list[Callable[[], list[LiveRelation]]]:
    listings = []
    for record, keys in sorted(scope.records.items()):
        ids = sorted(associations[k].id for k in keys if k in associations)
        if ids:
            listings.append(_listing(client, record, ids))
    return listings


def _listing(
    client: LiveReader, record: str, association_ids: list[str]
) -> Callable[[], list[LiveRelation]]:
    return lambda: client.list_relations(record, association_ids)
