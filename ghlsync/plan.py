"""The plan: an immutable, ordered list of changes plus what it was computed from.

A plan does no I/O. The planner builds it, renderers print it, the safety module judges
it, the applier executes it, and ``ghlsync.planfile`` turns it into JSON and back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from ghlsync.model import ReadScope, RecordRef, ResolvedRecord, Side, Source
from ghlsync.objects.model import SchemaValue

__all__ = [
    "Action",
    "AssociationChange",
    "AssociationValue",
    "Change",
    "FieldChange",
    "Kind",
    "Plan",
    "RelationChange",
    "RelationValue",
    "SchemaChange",
    "Summary",
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


_ASSOCIATION_PHASES = {Action.CREATE: 1, Action.UPDATE: 2, Action.REPLACE: 4, Action.DELETE: 6}
_RELATION_PHASES = {Action.DELETE: 3, Action.CREATE: 5}


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
    def phase(self) -> int:
        return _ASSOCIATION_PHASES[self.action]

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
    def phase(self) -> int:
        if self.action not in _RELATION_PHASES:
            raise ValueError(f"a relation cannot be {self.action.value}d")
        return _RELATION_PHASES[self.action]


_SCHEMA_PHASES = {
    (Kind.OBJECT, Action.CREATE): -5,
    (Kind.FOLDER, Action.CREATE): -4,
    (Kind.FIELD, Action.CREATE): -3,
    (Kind.FIELD, Action.REPLACE): -3,
    (Kind.FIELD, Action.UPDATE): -2,
    (Kind.OBJECT, Action.UPDATE): -1,
    (Kind.FIELD, Action.DELETE): 7,
}
SCHEMA_PHASES_BEFORE = (-5, -4, -3, -2, -1)
SCHEMA_PHASES_AFTER = (7,)


@dataclass(frozen=True, slots=True)
class SchemaChange:
    """Create or update an object, create a folder, or create, update, replace or delete a field.

    Schema changes run before the association phases (objects, folders, fields, field
    updates, object updates) except field deletes, which run last.
    """

    kind: Kind
    action: Action
    before: SchemaValue | None
    after: SchemaValue | None
    reason: str
    source: Source | None
    fields: tuple[FieldChange, ...] = ()

    def __post_init__(self) -> None:
        if (self.kind, self.action) not in _SCHEMA_PHASES:
            raise ValueError(f"{self.kind.value} cannot be {self.action.value}d")

    @property
    def value(self) -> SchemaValue:
        value = self.after or self.before
        assert value is not None
        return value

    @property
    def address(self) -> str:
        return self.value.address()

    @property
    def phase(self) -> int:
        return _SCHEMA_PHASES[(self.kind, self.action)]


Change = AssociationChange | RelationChange


@dataclass(frozen=True, slots=True)
class Summary:
    add: int = 0
    change: int = 0
    destroy: int = 0


def summarise(changes: Iterable[Change | SchemaChange]) -> Summary:
    """What ``changes`` add, change and destroy (a replacement adds one and destroys one)."""
    actions = [c.action for c in changes]
    replaced = actions.count(Action.REPLACE)
    return Summary(
        add=actions.count(Action.CREATE) + replaced,
        change=actions.count(Action.UPDATE),
        destroy=actions.count(Action.DELETE) + replaced,
    )


def change_order(change: Change | SchemaChange) -> tuple[int, str]:
    return (change.phase, change.address)


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything ``apply`` needs, in apply order (phase, then address).

    ``scope`` is what was read (re-read to check a saved plan is not stale);
    ``needs_allow_destroy`` gives the reasons ``apply`` needs ``--allow-destroy``;
    ``live_relation_count`` is how many in-scope relations were live when planned;
    ``schema_changes`` are the object, folder and field changes (README "Objects and fields").
    ``resolved`` lists the natural-key aliases and the ids they resolved to.
    ``targets`` are the association keys planned (``--target``), empty for all;
    ``declared`` are the associations the file declares (the schema picture draws them).
    """

    FORMAT_VERSION: ClassVar[int] = 1

    location_id: str
    environment: str | None
    changes: tuple[Change, ...]
    config_digest: str
    live_digest: str
    scope: ReadScope = field(default_factory=ReadScope)
    warnings: tuple[str, ...] = ()
    needs_allow_destroy: tuple[str, ...] = ()
    live_relation_count: int = 0
    schema_changes: tuple[SchemaChange, ...] = ()
    resolved: tuple[ResolvedRecord, ...] = ()
    targets: tuple[str, ...] = ()
    declared: tuple[AssociationValue, ...] = ()
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.changes, key=change_order))
        object.__setattr__(self, "changes", ordered)
        schema = tuple(sorted(self.schema_changes, key=change_order))
        object.__setattr__(self, "schema_changes", schema)
        object.__setattr__(self, "summary", summarise((*ordered, *schema)))

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.schema_changes)

    def in_phase(self, phase: int) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.phase == phase)
