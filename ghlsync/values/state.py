"""Plain values describing the desired state (from the file) and the live state (from GHL).

Everything here is immutable data with no I/O, shared by the loader, client, planner,
renderers and applier. The records and relations as the file names them live in
``ghlsync.values.records`` (offered here too), which is all ``ghlsync validate`` loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from ghlsync.values.natural_key import NaturalKey
from ghlsync.values.records import DesiredRelation, RecordRef, RelationKey
from ghlsync.values.source import Source

if TYPE_CHECKING:
    from ghlsync.values.objects import DesiredObjects, LiveObjects

__all__ = [
    "AssociationType",
    "DesiredAssociation",
    "DesiredRelation",
    "DesiredState",
    "LiveAssociation",
    "LiveRelation",
    "LiveState",
    "NaturalKey",
    "Ownership",
    "PruneSettings",
    "ReadScope",
    "RecordRef",
    "RelationKey",
    "ResolvedRecord",
    "SafetySettings",
    "Side",
    "Source",
    "ignored_note",
]


@dataclass(frozen=True, slots=True)
class Side:
    """One end of an association: the object key and its label."""

    object: str
    label: str


class AssociationType(StrEnum):
    """UNKNOWN: the listing gave no type, or one ghlsync does not know; never changed."""

    USER_DEFINED = "USER_DEFINED"
    SYSTEM_DEFINED = "SYSTEM_DEFINED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class DesiredAssociation:
    key: str
    first: Side
    second: Side
    source: Source


@dataclass(frozen=True, slots=True)
class ResolvedRecord:
    """An alias written as a natural key, and the id it resolved to in the location."""

    alias: str
    key: NaturalKey
    id: str


@dataclass(frozen=True, slots=True)
class PruneSettings:
    associations: bool = False
    relations: bool = True


@dataclass(frozen=True, slots=True)
class Ownership:
    """What the file leaves to the location for one item (README, "Ownership"):
    ``ignore`` names attributes whose drift is kept; ``prevent_destroy`` refuses any plan
    that deletes or replaces it."""

    source: Source
    ignore: frozenset[str] = frozenset()
    prevent_destroy: bool = False


def ignored_note(address: str, attributes: list[str]) -> str | None:
    """``association.k: ignored: labels differ live`` (None when nothing ignored differs)."""
    if not attributes:
        return None
    verb = "differs" if len(attributes) == 1 and not attributes[0].endswith("s") else "differ"
    return f"{address}: ignored: {', '.join(attributes)} {verb} live"


@dataclass(frozen=True, slots=True)
class SafetySettings:
    max_relation_delete_fraction: float = 0.3
    min_relations_for_fraction: int = 10


@dataclass(frozen=True, slots=True)
class DesiredState:
    """The configuration file, validated and resolved for one location.

    ``associations`` is keyed by association key. ``relations`` is in file order.
    ``managed_records`` maps a record id to where it was listed. ``relation_sources``
    maps an association key to the line of its list under ``relations:``.
    ``aliases`` maps a resolved record id back to the alias that named it.
    ``objects`` holds the declared objects and fields (None when the file declares none).
    ``resolved`` lists the natural-key aliases and the ids they resolved to.
    ``targets`` are the association keys it was narrowed to (``--target``), empty for all.
    ``kinds`` holds what the kinds that keep their own part declare, by kind name (absent
    when the file does not manage that kind; see ``ghlsync.values.slots``). ``ownership``
    maps an item's plan address (``association.k``, ``field.contact.k``...) to its
    ``ignore``/``prevent_destroy``.
    """

    location_id: str
    environment: str | None
    config_path: str
    config_digest: str
    associations: Mapping[str, DesiredAssociation] = field(default_factory=dict)
    relations: tuple[DesiredRelation, ...] = ()
    managed_records: Mapping[str, Source] = field(default_factory=dict)
    relation_sources: Mapping[str, Source] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    prune: PruneSettings = field(default_factory=PruneSettings)
    safety: SafetySettings = field(default_factory=SafetySettings)
    objects: DesiredObjects | None = None
    resolved: tuple[ResolvedRecord, ...] = ()
    targets: tuple[str, ...] = ()
    kinds: Mapping[str, object] = field(default_factory=dict)
    ownership: Mapping[str, Ownership] = field(default_factory=dict)

    def managed_association_keys(self) -> frozenset[str]:
        """Associations whose relations the file owns: declared or used in ``relations``."""
        return frozenset(self.associations) | {r.association_key for r in self.relations}


@dataclass(frozen=True, slots=True)
class LiveAssociation:
    """An association as read. A SYSTEM_DEFINED one may have no labels (then they are "").

    The limits (most records of the other object per record) and cardinalities (such as
    ``MANY_TO_MANY``) are None when the server did not send them.
    """

    id: str
    key: str
    first: Side
    second: Side
    association_type: AssociationType = AssociationType.USER_DEFINED
    first_to_second_limit: int | None = None
    second_to_first_limit: int | None = None
    first_to_second_cardinality: str | None = None
    second_to_first_cardinality: str | None = None

    @property
    def is_system(self) -> bool:
        return self.association_type is AssociationType.SYSTEM_DEFINED

    @property
    def is_user_defined(self) -> bool:
        """Only these may be updated, replaced or pruned; relations may use any."""
        return self.association_type is AssociationType.USER_DEFINED


@dataclass(frozen=True, slots=True)
class LiveRelation:
    id: str
    association_id: str
    first_record_id: str
    second_record_id: str


@dataclass(frozen=True, slots=True)
class ReadScope:
    """Which relations must be read: record id -> keys of the associations to list it for.

    One relations listing per record, filtered with ``associationIds`` of those keys that
    exist live. ``objects``: the declared object keys whose schema and fields are read.
    The same scope is re-read to check a saved plan is not stale.
    """

    records: Mapping[str, frozenset[str]] = field(default_factory=dict)
    objects: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LiveState:
    """What was read from the location.

    ``associations`` is keyed by association key and holds every live association.
    ``relations`` holds the relations read (keyed by relation id): those of the records in
    ``scope``, each filtered to the associations it was read for. ``objects`` holds the
    objects and the fields of ``scope.objects`` (None when none were read).
    ``kinds`` holds what the kinds that keep their own part read, by kind name (absent when
    not read; see ``ghlsync.values.slots``).
    """

    location_id: str
    associations: Mapping[str, LiveAssociation] = field(default_factory=dict)
    relations: Mapping[str, LiveRelation] = field(default_factory=dict)
    scope: ReadScope = field(default_factory=ReadScope)
    objects: LiveObjects | None = None
    kinds: Mapping[str, object] = field(default_factory=dict)

    def association_by_id(self) -> dict[str, LiveAssociation]:
        return {a.id: a for a in self.associations.values()}
