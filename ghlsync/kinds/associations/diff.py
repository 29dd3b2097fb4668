"""The associations kind's diff: the association and relation changes that make a live
location match the desired state.

Pure: no I/O. Associations are compared field by field (deepdiff, one association at a
time); relations are compared by identity with dicts and sets so diffing stays linear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any

from ghlsync.errors import ConfigProblem
from ghlsync.kinds.associations.cardinality import cardinality_problems, describe_limits
from ghlsync.kinds.associations.safety import assess
from ghlsync.kinds.protocol import KindDiff
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    Change,
    FieldChange,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import (
    AssociationType,
    DesiredAssociation,
    DesiredRelation,
    DesiredState,
    LiveAssociation,
    LiveRelation,
    LiveState,
    RecordRef,
    RelationKey,
    Side,
    Source,
    ignored_note,
)

__all__ = ["declared_values", "diff_associations", "digest_rows", "narrowed", "target_keys"]

_NOT_IN_LOCATION = "not in location"
_NOT_DECLARED = "not declared"


@dataclass(frozen=True, slots=True)
class _LiveRelations:
    """The live relations read, grouped by the key of their (live) association."""

    by_key: dict[str, list[LiveRelation]]

    @classmethod
    def of(cls, live: LiveState) -> _LiveRelations:
        key_by_id = {a.id: a.key for a in live.associations.values()}
        by_key: dict[str, list[LiveRelation]] = {key: [] for key in key_by_id.values()}
        for relation in live.relations.values():
            key = key_by_id.get(relation.association_id)
            if key is not None:
                by_key[key].append(relation)
        return cls(by_key)


    def count(self, key: str) -> int:
        return len(self.by_key.get(key, ()))


def diff_associations(desired: DesiredState, live: LiveState) -> KindDiff:
    """The association and relation changes, conflicts and destruction reasons."""
    managed = desired.managed_association_keys()
    unknown = _unknown_association_keys(desired, live, managed)
    if problems := [*_system_conflicts(desired, live), *unknown]:
        return KindDiff(problems=tuple(problems))
    relations = _LiveRelations.of(live)
    association_changes = _association_changes(desired, live, relations, managed)
    if prevented := _prevented(desired, association_changes):
        return KindDiff(problems=tuple(prevented))
    changes: list[Change] = [*association_changes]
    changes += _relation_changes(desired, relations, association_changes, managed)
    if over_limit := cardinality_problems(live, changes):
        return KindDiff(problems=tuple(over_limit))
    in_scope = sum(relations.count(key) for key in managed)
    return KindDiff(
        changes=tuple(changes),
        needs_allow_destroy=assess(changes, in_scope, desired.safety),
        live_relation_count=in_scope,
        declared=declared_values(desired),
        ignored=_ignored_notes(desired, live),
    )


def declared_values(desired: DesiredState) -> tuple[AssociationValue, ...]:
    """The associations the file declares, by key (the schema picture draws them)."""
    return tuple(
        AssociationValue(a.key, a.first, a.second) for _, a in sorted(desired.associations.items())
    )


def target_keys(desired: DesiredState) -> frozenset[str]:
    """The association keys ``--target`` may name: declared or used under ``relations``."""
    return desired.managed_association_keys() | frozenset(desired.relation_sources)


def narrowed(desired: DesiredState, keep: frozenset[str]) -> DesiredState:
    """``desired`` with only the associations in ``keep`` and their relations; no other
    association is pruned."""
    return replace(
        desired,
        associations={k: a for k, a in desired.associations.items() if k in keep},
        relations=tuple(r for r in desired.relations if r.association_key in keep),
        relation_sources={k: s for k, s in desired.relation_sources.items() if k in keep},
        prune=replace(desired.prune, associations=False),
    )


def digest_rows(live: LiveState) -> dict[str, Any]:
    """Canonical rows of the live associations and of the relations read (made one by one,
    in the order of their ids: a relation's id is its key, so no two rows tie)."""
    relations = sorted(live.relations.values(), key=attrgetter("id"))
    return {
        "associations": sorted(_association_row(a) for a in live.associations.values()),
        "relations": (
            (r.id, r.association_id, r.first_record_id, r.second_record_id) for r in relations
        ),
    }


def _association_row(association: LiveAssociation) -> list[str]:
    first, second = association.first, association.second
    return [
        association.id,
        association.key,
        first.object,
        first.label,
        second.object,
        second.label,
        association.association_type.value,
    ]


# --- configuration conflicts -------------------------------------------------------------


def _system_conflicts(desired: DesiredState, live: LiveState) -> list[ConfigProblem]:
    problems = []
    for declared in desired.associations.values():
        existing = live.associations.get(declared.key)
        owned = _owned_fields(desired, existing, declared) if existing else ((), ())
        fields = owned[0] if existing and not existing.is_user_defined else ()
        if existing and fields:
            message = _system_message(declared.key, existing.association_type, fields)
            problems.append(_problem(declared.source, message))
    return problems


def _system_message(key: str, kind: AssociationType, fields: Iterable[FieldChange]) -> str:
    differences = ", ".join(f'{f.path} "{f.old}" -> "{f.new}"' for f in fields)
    return (
        f"association '{key}' is {kind.value} in the location and cannot be changed: "
        f"{differences}"
    )


def _unknown_association_keys(
    desired: DesiredState, live: LiveState, managed: frozenset[str]
) -> list[ConfigProblem]:
    known = set(desired.associations) | set(live.associations)
    if managed <= known:
        return []  # no pass over every relation to find none
    return [
        _problem(
            r.source, f"association '{r.association_key}' is neither declared nor in the location"
        )
        for r in desired.relations
        if r.association_key not in known
    ]


def _problem(source: Source, message: str) -> ConfigProblem:
    return ConfigProblem(source.file, source.line, message)


# --- associations --------------------------------------------------------------------------


def _association_changes(
    desired: DesiredState, live: LiveState, relations: _LiveRelations, managed: frozenset[str]
) -> list[AssociationChange]:
    declared = (
        _declared_change(desired, d, live.associations.get(d.key), relations.count(d.key))
        for d in desired.associations.values()
    )
    pruned = _pruned_associations(desired, live, relations, managed)
    return [c for c in declared if c is not None] + pruned


def _owned_fields(
    desired: DesiredState, existing: LiveAssociation, declared: DesiredAssociation
) -> tuple[tuple[FieldChange, ...], tuple[str, ...]]:
    """The differences to apply, and the ``ignore`` entries that hid others."""
    owned = desired.ownership.get(f"association.{declared.key}")
    ignore = owned.ignore if owned else frozenset()
    fields = _field_changes(existing, declared)
    covering = [_covering(f.path, ignore) for f in fields]
    kept = tuple(f for f, by in zip(fields, covering, strict=True) if by is None)
    return kept, tuple(dict.fromkeys(by for by in covering if by is not None))


def _covering(path: str, ignore: frozenset[str]) -> str | None:
    """The ``ignore`` entry that lets ``path`` (``first.label``) drift, if any."""
    if path in ignore:
        return path
    return "labels" if "labels" in ignore and path.endswith(".label") else None


def _ignored_notes(desired: DesiredState, live: LiveState) -> tuple[str, ...]:
    notes = (
        ignored_note(f"association.{d.key}", list(_owned_fields(desired, existing, d)[1]))
        for d in desired.associations.values()
        if (existing := live.associations.get(d.key)) is not None
    )
    return tuple(note for note in notes if note is not None)


def _prevented(
    desired: DesiredState, changes: Iterable[AssociationChange]
) -> list[ConfigProblem]:
    """A replacement of an association with ``prevent_destroy``: an error, whatever the flags."""
    return [
        _problem(owned.source, (
            f"association '{c.key}' has prevent_destroy: this plan would replace it "
            f"({c.reason}; {c.cascade_note()}); remove prevent_destroy to allow it"
        ))
        for c in changes
        if c.action in (Action.DELETE, Action.REPLACE)
        and (owned := desired.ownership.get(c.address)) is not None and owned.prevent_destroy
    ]


def _declared_change(
    desired: DesiredState,
    declared: DesiredAssociation,
    existing: LiveAssociation | None,
    cascade: int,
) -> AssociationChange | None:
    after = AssociationValue(declared.key, declared.first, declared.second)
    if existing is None:
        return AssociationChange(Action.CREATE, None, after, _NOT_IN_LOCATION, declared.source)
    fields, _ = _owned_fields(desired, existing, declared)
    if not existing.is_user_defined or not fields:
        return None
    before = _live_value(existing)
    replaced = _replace_reason(fields)
    limits = describe_limits(existing)
    if replaced is None:
        after = _kept_labels(after, existing, {f.path for f in fields})
        return AssociationChange(
            Action.UPDATE, before, after, "labels differ", declared.source, fields, limits=limits
        )
    return AssociationChange(
        Action.REPLACE, before, after, replaced, declared.source, fields, cascade, limits
    )


def _kept_labels(
    after: AssociationValue, existing: LiveAssociation, changed: set[str]
) -> AssociationValue:
    """An update sends both labels: an ignored one keeps its live text."""
    first = after.first if "first.label" in changed else existing.first
    second = after.second if "second.label" in changed else existing.second
    return replace(after, first=first, second=second)


def _field_changes(
    existing: LiveAssociation, declared: DesiredAssociation
) -> tuple[FieldChange, ...]:
    before = _sides(existing.first, existing.second)
    after = _sides(declared.first, declared.second)
    if before == after:
        return ()
    from deepdiff import DeepDiff  # only for an update: importing it costs ~0.3 s of CPU

    diff = DeepDiff(before, after, view="tree")
    changes = (
        FieldChange(".".join(level.path(output_format="list")), level.t1, level.t2)
        for level in diff.get("values_changed", ())
    )
    return tuple(sorted(changes, key=lambda change: change.path))


def _sides(first: Side, second: Side) -> dict[str, dict[str, str]]:
    return {
        "first": {"object": first.object, "label": first.label},
        "second": {"object": second.object, "label": second.label},
    }


def _replace_reason(fields: Iterable[FieldChange]) -> str | None:
    objects = [f.path for f in fields if f.path.endswith(".object")]
    return f"{' and '.join(objects)} changed" if objects else None


def _pruned_associations(
    desired: DesiredState, live: LiveState, relations: _LiveRelations, managed: frozenset[str]
) -> list[AssociationChange]:
    if not desired.prune.associations:
        return []
    return [
        AssociationChange(
            Action.DELETE,
            _live_value(a),
            None,
            _NOT_DECLARED,
            None,
            cascade=relations.count(a.key),
            limits=describe_limits(a),
        )
        for a in live.associations.values()
        if a.is_user_defined and a.key not in managed
    ]


def _live_value(association: LiveAssociation) -> AssociationValue:
    return AssociationValue(association.key, association.first, association.second, association.id)


# --- relations ------------------------------------------------------------------------------


def _relation_changes(
    desired: DesiredState,
    relations: _LiveRelations,
    association_changes: Sequence[AssociationChange],
    managed: frozenset[str],
) -> list[RelationChange]:
    """Creates in file order, then deletes in the order read. Relations of a replaced or
    deleted association are not in ``live``: they are created again (after the new one)."""
    removed = {c.key for c in association_changes if c.action in _REMOVING}
    keys = sorted(managed - removed)
    live: dict[RelationKey, LiveRelation | None] = {
        (key, r.first_record_id, r.second_record_id): r
        for key in keys for r in relations.by_key.get(key, ())
    }
    creates = []
    for relation in desired.relations:
        identity = (relation.association_key, relation.first.id, relation.second.id)
        if identity in live:
            live[identity] = None
        else:
            creates.append(RelationChange(
                Action.CREATE, None, _desired_value(relation), _NOT_IN_LOCATION, relation.source
            ))
    if not desired.prune.relations:
        return creates
    return creates + _relation_deletes(desired, _undeclared(relations, keys, live))


_REMOVING = (Action.REPLACE, Action.DELETE)


def _undeclared(
    relations: _LiveRelations, keys: Sequence[str], index: dict[RelationKey, LiveRelation | None]
) -> list[tuple[str, LiveRelation]]:
    """The live relations no declared one matched (None in ``index``), in the order read.
    ``index`` holds one relation per identity: when two live relations share one (a listing
    may repeat a link under two ids), both are found by a second pass."""
    if len(index) == sum(relations.count(key) for key in keys):
        return [(identity[0], r) for identity, r in index.items() if r is not None]
    left = {identity for identity, r in index.items() if r is not None}
    return [
        (key, r) for key in keys for r in relations.by_key.get(key, ())
        if (key, r.first_record_id, r.second_record_id) in left
    ]


def _relation_deletes(
    desired: DesiredState, undeclared: list[tuple[str, LiveRelation]]
) -> list[RelationChange]:
    return [
        RelationChange(
            Action.DELETE,
            _live_relation_value(key, relation, desired.aliases),
            None,
            _NOT_DECLARED,
            _delete_source(desired, key, relation),
        )
        for key, relation in undeclared
    ]


def _delete_source(desired: DesiredState, key: str, relation: LiveRelation) -> Source | None:
    return (
        desired.relation_sources.get(key)
        or desired.managed_records.get(relation.first_record_id)
        or desired.managed_records.get(relation.second_record_id)
    )


def _desired_value(relation: DesiredRelation) -> RelationValue:
    return RelationValue(relation.association_key, relation.first, relation.second)


def _live_relation_value(
    key: str, relation: LiveRelation, aliases: Mapping[str, str]
) -> RelationValue:
    first = RecordRef(relation.first_record_id, aliases.get(relation.first_record_id))
    second = RecordRef(relation.second_record_id, aliases.get(relation.second_record_id))
    return RelationValue(key, first, second, relation.id)
