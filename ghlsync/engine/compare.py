"""Compare two live locations (``ghlsync diff --env A --env B``).

Associations are matched by key, system ones included: a key is only in one location, or
its objects, labels or type differ (each a separate difference).

Relations are matched by name, since record ids differ between locations: each side's ids
are translated with that side's aliases. A relation is compared only when **both** of its
records have an alias that both locations define; any other relation (an unaliased record,
or an alias one location lacks) cannot be matched across locations, and is only counted as
not compared. Relations whose association is not live on their side are not compared either.

Every other kind reads and compares what it has itself (``ManagedKind.read_whole`` and
``compare``, docs/design.md "Kinds").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ghlsync.kinds.protocol import Difference
from ghlsync.kinds.registry import KINDS
from ghlsync.values.resolution import KeyRequest
from ghlsync.values.state import LiveAssociation, LiveRelation, LiveState, RelationKey

if TYPE_CHECKING:
    from ghlsync.client import GhlClient

__all__ = [
    "AssociationDifference",
    "Comparison",
    "DifferenceKind",
    "LiveState",
    "RelationDifference",
    "compare_locations",
    "read_compared",
]


class DifferenceKind(StrEnum):
    ONLY_IN_A = "only_in_a"
    ONLY_IN_B = "only_in_b"
    OBJECTS_DIFFER = "objects_differ"
    LABELS_DIFFER = "labels_differ"
    TYPE_DIFFERS = "type_differs"


_KIND_ORDER = tuple(DifferenceKind)


@dataclass(frozen=True, slots=True)
class AssociationDifference:
    key: str
    kind: DifferenceKind
    a: LiveAssociation | None
    b: LiveAssociation | None


@dataclass(frozen=True, slots=True)
class RelationDifference:
    """A relation, by alias names, present in one location only (``kind`` says which)."""

    association_key: str
    first: str
    second: str
    kind: DifferenceKind


@dataclass(frozen=True, slots=True)
class Comparison:
    """What differs between location A and location B.

    ``not_compared`` counts, per side, the relations that could not be matched by alias;
    ``kinds`` holds what the kinds compared themselves (``ManagedKind.compare``).
    """

    names: tuple[str, str]
    location_ids: tuple[str, str]
    associations: tuple[AssociationDifference, ...] = ()
    relations: tuple[RelationDifference, ...] = ()
    not_compared: tuple[int, int] = (0, 0)
    kinds: tuple[Difference, ...] = ()

    @property
    def equal(self) -> bool:
        return not self.associations and not self.relations and not self.kinds

    @property
    def count(self) -> int:
        return len(self.associations) + len(self.relations) + len(self.kinds)


def compare_locations(
    a: LiveState,
    b: LiveState,
    *,
    names: tuple[str, str],
    aliases_a: Mapping[str, str],
    aliases_b: Mapping[str, str],
) -> Comparison:
    """Compare associations of ``a`` and ``b`` by key and relations by alias names."""
    shared = frozenset(aliases_a.values()) & frozenset(aliases_b.values())
    relations_a, skipped_a = _named_relations(a, aliases_a, shared)
    relations_b, skipped_b = _named_relations(b, aliases_b, shared)
    return Comparison(
        names=names,
        location_ids=(a.location_id, b.location_id),
        associations=_association_differences(a.associations, b.associations),
        relations=_relation_differences(relations_a, relations_b),
        not_compared=(skipped_a, skipped_b),
        kinds=tuple(d for kind in KINDS for d in kind.compare(a, b)),
    )


def _association_differences(
    a: Mapping[str, LiveAssociation], b: Mapping[str, LiveAssociation]
) -> tuple[AssociationDifference, ...]:
    differences = [
        AssociationDifference(key, kind, a.get(key), b.get(key))
        for key in sorted(a.keys() | b.keys())
        for kind in _association_kinds(a.get(key), b.get(key))
    ]
    return tuple(differences)


def _association_kinds(
    a: LiveAssociation | None, b: LiveAssociation | None
) -> list[DifferenceKind]:
    if a is None or b is None:
        return [DifferenceKind.ONLY_IN_B if a is None else DifferenceKind.ONLY_IN_A]
    checks = {
        DifferenceKind.OBJECTS_DIFFER: _objects(a) != _objects(b),
        DifferenceKind.LABELS_DIFFER: _labels(a) != _labels(b),
        DifferenceKind.TYPE_DIFFERS: a.association_type != b.association_type,
    }
    return [kind for kind, differs in checks.items() if differs]


def _objects(association: LiveAssociation) -> tuple[str, str]:
    return (association.first.object, association.second.object)


def _labels(association: LiveAssociation) -> tuple[str, str]:
    return (association.first.label, association.second.label)


def _named_relations(
    live: LiveState, aliases: Mapping[str, str], shared: frozenset[str]
) -> tuple[set[RelationKey], int]:
    """The relations of ``live`` whose records both have a shared alias, and how many not."""
    by_id = live.association_by_id()
    named = [_named(relation, by_id, aliases, shared) for relation in live.relations.values()]
    return {key for key in named if key is not None}, named.count(None)


def _named(
    relation: LiveRelation,
    by_id: Mapping[str, LiveAssociation],
    aliases: Mapping[str, str],
    shared: frozenset[str],
) -> RelationKey | None:
    association = by_id.get(relation.association_id)
    first = aliases.get(relation.first_record_id, "")
    second = aliases.get(relation.second_record_id, "")
    if association is None or first not in shared or second not in shared:
        return None
    return (association.key, first, second)


def _relation_differences(
    a: set[RelationKey], b: set[RelationKey]
) -> tuple[RelationDifference, ...]:
    only = [(key, DifferenceKind.ONLY_IN_A) for key in a - b]
    only += [(key, DifferenceKind.ONLY_IN_B) for key in b - a]
    return tuple(RelationDifference(*key, kind) for key, kind in sorted(only))


def read_compared(
    client: GhlClient, aliases: Mapping[str, str], natural_keys: Sequence[KeyRequest]
) -> tuple[LiveState, dict[str, str]]:
    """One side of ``diff``: associations, the relations of the records that have an alias
    (natural keys resolved in ``client``'s location), everything of the other kinds the token
    may read; and the aliases by id."""
    from ghlsync.engine.record_keys import resolved_aliases
    from ghlsync.kinds.associations.read import read_whole_records

    named = {**aliases, **resolved_aliases(client, natural_keys)}
    live = read_whole_records(client, sorted(named))
    for kind in KINDS:
        live = kind.read_whole(client, live)
    return live, named

