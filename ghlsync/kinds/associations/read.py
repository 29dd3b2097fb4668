"""Read the live state of a location with as few requests as the API allows.

One paginated listing of associations, then one paginated relations listing per record in
the read scope, filtered with ``associationIds`` of the associations that exist live. A
relation seen from both of its records is kept once (relations are keyed by id); two listings
that disagree about one relation id (other association or records) are an error, raised before
anything is planned or written, as is an association listing naming one key twice. The
client's pool decides how many listings run at once.

``read_closure`` serves ``export``: a record that appears in a relation of association K is
in scope for K (README, "What the file owns"), so every relation of that record through K must
be in the exported file too, or planning the export would delete it. It therefore follows the
relations it finds, per association, until no new record is reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from ghlsync.errors import ApiError
from ghlsync.values.state import LiveAssociation, LiveRelation, LiveState, ReadScope

__all__ = ["LiveReader", "ScopeFor", "read_closure", "read_live_state", "read_whole_records"]

ScopePair = tuple[str, str]  # (record id, association key) whose relations were read


class LiveReader(Protocol):
    @property
    def location_id(self) -> str: ...

    def list_associations(self) -> list[LiveAssociation]: ...

    def list_relations_of(self, wanted: Mapping[str, Sequence[str]]) -> list[LiveRelation]: ...


ScopeFor = Callable[[Mapping[str, LiveAssociation]], ReadScope]
"""The read scope once the live associations are known (``scope.read_scope``)."""


def read_live_state(client: LiveReader, scope: ReadScope | ScopeFor) -> LiveState:
    """Read associations and the in-scope relations; raises the first ApiError met."""
    associations = _by_key(client.list_associations())
    if not isinstance(scope, ReadScope):
        scope = scope(associations)
    relations = _relations(client, scope, associations)
    return LiveState(client.location_id, associations, relations, scope)


def read_whole_records(client: LiveReader, records: Sequence[str]) -> LiveState:
    """Read associations and every relation of ``records``, whatever its association."""
    associations = _by_key(client.list_associations())
    scope = ReadScope({record: frozenset(associations) for record in records})
    return LiveState(
        client.location_id, associations, _relations(client, scope, associations), scope
    )


def read_closure(client: LiveReader, records: Iterable[str]) -> LiveState:
    """Every relation of ``records``, then of each record they reach, per association."""
    live = read_whole_records(client, sorted(set(records)))
    read = {(record, key) for record in live.scope.records for key in live.associations}
    relations = dict(live.relations)
    by_id = live.association_by_id()
    while pending := _reached(relations.values(), by_id) - read:
        read |= pending
        _merge(relations, _relations(client, _scope_of(pending), live.associations).values())
    return LiveState(live.location_id, live.associations, relations, _scope_of(read))


def _relations(
    client: LiveReader, scope: ReadScope, associations: Mapping[str, LiveAssociation]
) -> dict[str, LiveRelation]:
    wanted = {
        record: sorted(associations[k].id for k in keys if k in associations)
        for record, keys in scope.records.items()
    }
    relations = _merge({}, client.list_relations_of(wanted))
    _share_ids(relations, scope, associations)
    return relations


def _share_ids(
    relations: dict[str, LiveRelation],
    scope: ReadScope,
    associations: Mapping[str, LiveAssociation],
) -> None:
    """Each id text held once: a relation names its association and records with the
    strings of the association and of the scope (the file's), not each with copies of its own
    (a million relations would hold three million copies of a few thousand ids)."""
    shared = {a.id: a.id for a in associations.values()}
    shared.update((record, record) for record in scope.records)
    for key, relation in relations.items():
        relations[key] = LiveRelation(
            relation.id,
            shared.setdefault(relation.association_id, relation.association_id),
            shared.setdefault(relation.first_record_id, relation.first_record_id),
            shared.setdefault(relation.second_record_id, relation.second_record_id),
        )


def _by_key(associations: Iterable[LiveAssociation]) -> dict[str, LiveAssociation]:
    found: dict[str, LiveAssociation] = {}
    for association in associations:
        other = found.setdefault(association.key, association)
        if other.id != association.id:
            raise ApiError("GET", "/associations/", 200, (
                f"the listing names association key {association.key!r} twice "
                f"(ids {other.id!r} and {association.id!r}); refusing to plan against it"
            ))
    return found


def _merge(
    relations: dict[str, LiveRelation], listed: Iterable[LiveRelation]
) -> dict[str, LiveRelation]:
    """Add ``listed`` to ``relations`` by id; two listings disagreeing about one id is an error."""
    for relation in listed:
        known = relations.setdefault(relation.id, relation)
        if known != relation:
            raise ApiError("GET", "/associations/relations/{recordId}", 200, (
                f"two listings disagree about relation {relation.id!r}: {_ends(known)} and "
                f"{_ends(relation)}; refusing to plan against them"
            ))
    return relations


def _ends(relation: LiveRelation) -> str:
    first, second = relation.first_record_id, relation.second_record_id
    return f"({relation.association_id!r}: {first!r} -> {second!r})"


def _reached(
    relations: Iterable[LiveRelation], by_id: Mapping[str, LiveAssociation]
) -> set[ScopePair]:
    return {
        (record, by_id[r.association_id].key)
        for r in relations
        if r.association_id in by_id
        for record in (r.first_record_id, r.second_record_id)
    }


def _scope_of(pairs: Iterable[ScopePair]) -> ReadScope:
    keys: dict[str, set[str]] = {}
    for record, key in pairs:
        keys.setdefault(record, set()).add(key)
    return ReadScope({record: frozenset(keys[record]) for record in sorted(keys)})
