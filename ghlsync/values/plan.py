"""The plan: an immutable, ordered list of changes plus what it was computed from.

A plan does no I/O. The engine builds it from every kind's diff, the renderers print it, the
gate judges it, the executor runs it phase by phase (:class:`Phase`), and
``ghlsync.engine.planfile`` turns it into JSON and back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum, auto
from typing import ClassVar

from ghlsync.values.objects import ObjectsValue
from ghlsync.values.state import ReadScope, RecordRef, ResolvedRecord, Side, Source

__all__ = [
    "APPLY_ORDER",
    "Action",
    "AnyChange",
    "AssociationChange",
    "AssociationValue",
    "Change",
    "FieldChange",
    "Kind",
    "ObjectsChange",
    "Phase",
    "Plan",
    "RelationChange",
    "RelationValue",
    "Summary",
    "phase_of",
    "summarise",
]


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REPLACE = "replace"

    @property
    def symbol(self) -> str:
        """The plan's marker: ``+``, ``~``, ``-`` or ``-/+``."""
        return {"create": "+", "update": "~", "delete": "-", "replace": "-/+"}[self.value]


class Kind(StrEnum):
    ASSOCIATION = "association"
    RELATION = "relation"
    OBJECT = "object"
    FIELD = "field"
    FOLDER = "folder"


class Phase(IntEnum):
    """The apply phases, in the order they run (docs/design.md, "Apply order").

    Phases run one after another; the operations of one phase run concurrently. This class
    and :data:`_PHASE_OF` are the one place the order is written.
    """

    CREATE_OBJECTS = auto()
    CREATE_FOLDERS = auto()
    CREATE_FIELDS = auto()
    UPDATE_FIELDS = auto()
    UPDATE_OBJECTS = auto()
    CREATE_ASSOCIATIONS = auto()
    UPDATE_ASSOCIATIONS = auto()
    DELETE_RELATIONS = auto()
    REPLACE_ASSOCIATIONS = auto()
    CREATE_RELATIONS = auto()
    DELETE_ASSOCIATIONS = auto()
    DELETE_FIELDS = auto()

    @property
    def label(self) -> str:
        """``create associations``"""
        return self.name.lower().replace("_", " ")


APPLY_ORDER: tuple[Phase, ...] = tuple(Phase)

_PHASE_OF: dict[tuple[Kind, Action], Phase] = {
    (Kind.OBJECT, Action.CREATE): Phase.CREATE_OBJECTS,
    (Kind.FOLDER, Action.CREATE): Phase.CREATE_FOLDERS,
    (Kind.FIELD, Action.CREATE): Phase.CREATE_FIELDS,
    (Kind.FIELD, Action.REPLACE): Phase.CREATE_FIELDS,
    (Kind.FIELD, Action.UPDATE): Phase.UPDATE_FIELDS,
    (Kind.OBJECT, Action.UPDATE): Phase.UPDATE_OBJECTS,
    (Kind.ASSOCIATION, Action.CREATE): Phase.CREATE_ASSOCIATIONS,
    (Kind.ASSOCIATION, Action.UPDATE): Phase.UPDATE_ASSOCIATIONS,
    (Kind.RELATION, Action.DELETE): Phase.DELETE_RELATIONS,
    (Kind.ASSOCIATION, Action.REPLACE): Phase.REPLACE_ASSOCIATIONS,
    (Kind.RELATION, Action.CREATE): Phase.CREATE_RELATIONS,
    (Kind.ASSOCIATION, Action.DELETE): Phase.DELETE_ASSOCIATIONS,
    (Kind.FIELD, Action.DELETE): Phase.DELETE_FIELDS,
}


def phase_of(kind: Kind, action: Action) -> Phase:
    """The phase that applies ``action`` to a ``kind``; ValueError when none does."""
    phase = _PHASE_OF.get((kind, action))
    if phase is None:
        raise ValueError(f"{'an' if kind.value[0] in 'aeiou' else 'a'} {kind.value} "
                         f"cannot be {action.value}d")
    return phase


@dataclass(frozen=True, slots=True)
class AssociationValue:
    """An association as it is (``id`` set) or as it will be (``id`` None)."""

    key: str
    first: Side
    second: Side
    id: str | None = None


@dataclass(frozen=True, slots=True)
class RelationValue:
    """A relation as it is (``id`` set) or as it will be (``id`` None)."""

    association_key: str
    first: RecordRef
    second: RecordRef
    id: str | None = None

    def address(self) -> str:
        return f"relation.{self.association_key}[{self.first.id},{self.second.id}]"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an in-place update, e.g. ``second.label``: "Teacher" -> "Tutor"."""

    path: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class AssociationChange:
    """Create, update labels of, replace or delete one association.

    ``cascade`` counts the known relations GHL deletes with it (delete and replace).
    ``limits`` is the live association's cardinality when GHL sent it (``at most 1 business
    per contact``, ``cardinality: MANY_TO_MANY``); None for a create.
    """

    kind: ClassVar[Kind] = Kind.ASSOCIATION
    action: Action
    before: AssociationValue | None
    after: AssociationValue | None
    reason: str
    source: Source | None
    fields: tuple[FieldChange, ...] = ()
    cascade: int = 0
    limits: str | None = None

    @property
    def key(self) -> str:
        value = self.after or self.before
        assert value is not None
        return value.key

    @property
    def address(self) -> str:
        return f"association.{self.key}"

    @property
    def phase(self) -> Phase:
        return phase_of(self.kind, self.action)

    def cascade_note(self) -> str:
        """What GHL deletes with this association (only relations that were read are known)."""
        if self.cascade == 0:
            return "GHL deletes all of its relations (none known to ghlsync)"
        return f"GHL deletes its {self.cascade:,} relation{'' if self.cascade == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class RelationChange:
    """Create or delete one relation."""

    kind: ClassVar[Kind] = Kind.RELATION
    action: Action
    before: RelationValue | None
    after: RelationValue | None
    reason: str
    source: Source | None

    @property
    def value(self) -> RelationValue:
        value = self.after or self.before
        assert value is not None
        return value

    @property
    def address(self) -> str:
        return self.value.address()

    @property
    def phase(self) -> Phase:
        return phase_of(self.kind, self.action)


@dataclass(frozen=True, slots=True)
class ObjectsChange:
    """Create or update an object, create a folder, or create, update, replace or delete a field.

    Their phases (:class:`Phase`) come before the association phases, except field deletes,
    which run last.
    """

    kind: Kind
    action: Action
    before: ObjectsValue | None
    after: ObjectsValue | None
    reason: str
    source: Source | None
    fields: tuple[FieldChange, ...] = ()

    def __post_init__(self) -> None:
        if self.kind in (Kind.ASSOCIATION, Kind.RELATION):
            raise ValueError(f"a {self.kind.value} change is not a schema change")
        phase_of(self.kind, self.action)

    @property
    def value(self) -> ObjectsValue:
        value = self.after or self.before
        assert value is not None
        return value

    @property
    def address(self) -> str:
        return self.value.address()

    @property
    def phase(self) -> Phase:
        return phase_of(self.kind, self.action)


Change = AssociationChange | RelationChange
AnyChange = AssociationChange | RelationChange | ObjectsChange
"""A change of any kind: what a plan holds, in apply order."""


@dataclass(frozen=True, slots=True)
class Summary:
    add: int = 0
    change: int = 0
    destroy: int = 0


def summarise(changes: Iterable[AnyChange]) -> Summary:
    """What ``changes`` add, change and destroy (a replacement adds one and destroys one)."""
    actions = [c.action for c in changes]
    replaced = actions.count(Action.REPLACE)
    return Summary(
        add=actions.count(Action.CREATE) + replaced,
        change=actions.count(Action.UPDATE),
        destroy=actions.count(Action.DELETE) + replaced,
    )


def change_order(change: AnyChange) -> tuple[int, str]:
    return (change.phase, change.address)


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything ``apply`` needs: ``changes`` of every kind, in apply order (phase, then
    address).

    ``scope`` is what was read (re-read to check a saved plan is not stale);
    ``needs_allow_destroy`` gives the reasons ``apply`` needs ``--allow-destroy``;
    ``live_relation_count`` is how many in-scope relations were live when planned;
    ``resolved`` lists the natural-key aliases and the ids they resolved to.
    ``targets`` are the association keys planned (``--target``), empty for all;
    ``declared`` are the associations the file declares (the schema picture draws them).
    """

    FORMAT_VERSION: ClassVar[int] = 1

    location_id: str
    environment: str | None
    changes: tuple[AnyChange, ...]
    config_digest: str
    live_digest: str
    scope: ReadScope = field(default_factory=ReadScope)
    warnings: tuple[str, ...] = ()
    needs_allow_destroy: tuple[str, ...] = ()
    live_relation_count: int = 0
    resolved: tuple[ResolvedRecord, ...] = ()
    targets: tuple[str, ...] = ()
    declared: tuple[AssociationValue, ...] = ()
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.changes, key=change_order))
        object.__setattr__(self, "changes", ordered)
        object.__setattr__(self, "summary", summarise(ordered))

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def object_changes(self) -> tuple[ObjectsChange, ...]:
        """The object, folder and field changes (a view of ``changes``)."""
        return tuple(c for c in self.changes if isinstance(c, ObjectsChange))

    def in_phase(self, phase: Phase) -> tuple[AnyChange, ...]:
        return tuple(c for c in self.changes if c.phase is phase)
