"""Verify an apply by re-reading only what it changed (docs/design.md, "Verification").

Before applying, ghlsync read the live state its plan was made from. After a complete apply,
the location differs from that state only where the plan wrote, so verification re-reads just
that: the association listing when an association changed; for relations, a minimum vertex
cover of the changed relations' records, each filtered to the associations of its changed
relations; the declared objects and fields when a schema change was applied. Those listings
replace what was read before for the same (record, association), and the result is planned
again: an empty plan means every write stuck.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ghlsync.kinds.associations.read import LiveReader
from ghlsync.kinds.associations.scope import minimum_vertex_cover
from ghlsync.values.plan import AnyChange, AssociationChange, Plan, RelationChange
from ghlsync.values.state import LiveAssociation, LiveRelation, LiveState, ReadScope

__all__ = ["changed_cover", "reread_changes", "verification_reads"]

_Pair = tuple[str, str]  # (record id, association id)


def changed_cover(changes: Sequence[AnyChange]) -> dict[str, frozenset[str]]:
    """Records touching every changed relation, each with the association keys to re-read."""
    edges = [
        (c.value.first.id, c.value.second.id, c.value.association_key)
        for c in changes
        if isinstance(c, RelationChange)
    ]
    cover = minimum_vertex_cover((first, second) for first, second, _ in edges)
    keys: dict[str, set[str]] = defaultdict(set)
    for first, second, key in edges:
        keys[first if first in cover else second].add(key)
    return {record: frozenset(found) for record, found in keys.items()}


def verification_reads(plan: Plan) -> int:
    """About how many reads verifying ``plan``'s associations and relations takes (one page
    per listing)."""
    cover = changed_cover(plan.changes)
    return len(cover) + int(_changes_associations(plan.changes))


def reread_changes(
    client: LiveReader, live: LiveState, changes: Sequence[AnyChange]
) -> LiveState:
    """``live`` (read before applying ``changes``) with what they changed read again."""
    associations = _associations_after(client, live, changes)
    wanted = _wanted(changed_cover(changes), associations)
    read = client.list_relations_of(wanted) if wanted else []
    reread = {(record, aid) for record, ids in wanted.items() for aid in ids}
    relations = _kept(live.relations.values(), reread, associations)
    visible = _visible_pairs(live.scope, associations)
    relations.update((r.id, r) for r in read if _touches(r, visible))
    return replace(live, associations=associations, relations=relations)


def _changes_associations(changes: Sequence[AnyChange]) -> bool:
    return any(isinstance(change, AssociationChange) for change in changes)


def _associations_after(
    client: LiveReader, live: LiveState, changes: Sequence[AnyChange]
) -> dict[str, LiveAssociation]:
    if _changes_associations(changes):
        return {a.key: a for a in client.list_associations()}
    return dict(live.associations)


def _wanted(
    cover: Mapping[str, frozenset[str]], associations: Mapping[str, LiveAssociation]
) -> dict[str, list[str]]:
    """Record -> ids of its changed associations that exist now (a missing one shows in the
    association listing already)."""
    wanted = {
        record: sorted(associations[key].id for key in keys if key in associations)
        for record, keys in cover.items()
    }
    return {record: ids for record, ids in wanted.items() if ids}


def _kept(
    relations: Iterable[LiveRelation],
    reread: set[_Pair],
    associations: Mapping[str, LiveAssociation],
) -> dict[str, LiveRelation]:
    """The relations read before that nothing re-read replaces, of associations that remain."""
    ids = {a.id for a in associations.values()}
    return {
        r.id: r for r in relations if r.association_id in ids and not _touches(r, reread)
    }


def _visible_pairs(
    scope: ReadScope, associations: Mapping[str, LiveAssociation]
) -> set[_Pair]:
    """(record, association id) pairs that planning reads: a relation re-read through a
    record outside them would not have been read by ``plan`` either."""
    return {
        (record, associations[key].id)
        for record, keys in scope.records.items()
        for key in keys
        if key in associations
    }


def _touches(relation: LiveRelation, pairs: set[_Pair]) -> bool:
    association = relation.association_id
    return (relation.first_record_id, association) in pairs or (
        relation.second_record_id,
        association,
    ) in pairs
