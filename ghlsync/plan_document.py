"""Pydantic models of the JSON plan document, convertible to and from a Plan (see docs/design.md).

They validate plan files on read and generate ``schemas/plan.schema.json``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from ghlsync import __version__
from ghlsync.change_documents import (
    ChangeDocumentBase,
    CustomFieldChangeDocument,
    FieldChangeDocument,
    FolderChangeDocument,
    ObjectChangeDocument,
    StrictDocument,
    source_from_text,
    source_text,
)
from ghlsync.model import NaturalKey, ReadScope, RecordRef, ResolvedRecord, Side
from ghlsync.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    Plan,
    RelationChange,
    RelationValue,
)

__all__ = ["PlanDocument", "json_schema"]

Count = Annotated[int, Field(ge=0)]

class SideDocument(StrictDocument):
    object: str
    label: str

    @classmethod
    def of(cls, side: Side) -> SideDocument:
        return cls(object=side.object, label=side.label)

    def to_side(self) -> Side:
        return Side(self.object, self.label)


class RecordDocument(StrictDocument):
    id: str
    alias: str | None
    natural_key: str | None = None

    @classmethod
    def of(cls, record: RecordRef) -> RecordDocument:
        return cls(id=record.id, alias=record.alias, natural_key=record.natural_key)

    def to_record(self) -> RecordRef:
        return RecordRef(self.id, self.alias, self.natural_key)


class ResolvedDocument(StrictDocument):
    """What a natural-key alias named, and the id it resolved to."""

    object: str
    property: str
    value: str
    id: str

    @classmethod
    def of(cls, record: ResolvedRecord) -> ResolvedDocument:
        key = record.key
        return cls(object=key.object, property=key.property, value=key.value, id=record.id)

    def to_resolved(self, alias: str) -> ResolvedRecord:
        return ResolvedRecord(alias, NaturalKey(self.object, self.property, self.value), self.id)


class AssociationValueDocument(StrictDocument):
    id: str | None
    key: str
    first: SideDocument
    second: SideDocument

    @classmethod
    def of(cls, value: AssociationValue | None) -> AssociationValueDocument | None:
        if value is None:
            return None
        first, second = SideDocument.of(value.first), SideDocument.of(value.second)
        return cls(id=value.id, key=value.key, first=first, second=second)

    def to_value(self) -> AssociationValue:
        return AssociationValue(self.key, self.first.to_side(), self.second.to_side(), self.id)


class RelationValueDocument(StrictDocument):
    id: str | None
    association_key: str
    first: RecordDocument
    second: RecordDocument

    @classmethod
    def of(cls, value: RelationValue | None) -> RelationValueDocument | None:
        if value is None:
            return None
        first, second = RecordDocument.of(value.first), RecordDocument.of(value.second)
        return cls(id=value.id, association_key=value.association_key, first=first, second=second)

    def to_value(self) -> RelationValue:
        first, second = self.first.to_record(), self.second.to_record()
        return RelationValue(self.association_key, first, second, self.id)


class AssociationChangeDocument(ChangeDocumentBase):
    kind: Literal["association"]
    before: AssociationValueDocument | None
    after: AssociationValueDocument | None
    fields: list[FieldChangeDocument]
    cascade: Count
    limits: str | None = None

    @classmethod
    def of(cls, change: AssociationChange) -> AssociationChangeDocument:
        return cls(
            kind="association",
            address=change.address,
            action=change.action,
            before=AssociationValueDocument.of(change.before),
            after=AssociationValueDocument.of(change.after),
            reason=change.reason,
            source=source_text(change.source),
            fields=FieldChangeDocument.listed(change.fields),
            cascade=change.cascade,
            limits=change.limits,
        )

    def to_change(self) -> AssociationChange:
        return AssociationChange(
            action=self.action,
            before=self.before.to_value() if self.before else None,
            after=self.after.to_value() if self.after else None,
            reason=self.reason,
            source=source_from_text(self.source),
            fields=FieldChangeDocument.changes(self.fields),
            cascade=self.cascade,
            limits=self.limits,
        )


class RelationChangeDocument(ChangeDocumentBase):
    kind: Literal["relation"]
    action: Literal[Action.CREATE, Action.DELETE]
    before: RelationValueDocument | None
    after: RelationValueDocument | None

    @classmethod
    def of(cls, change: RelationChange) -> RelationChangeDocument:
        return cls(
            kind="relation",
            address=change.address,
            action=_relation_action(change.action),
            before=RelationValueDocument.of(change.before),
            after=RelationValueDocument.of(change.after),
            reason=change.reason,
            source=source_text(change.source),
        )

    def to_change(self) -> RelationChange:
        return RelationChange(
            action=self.action,
            before=self.before.to_value() if self.before else None,
            after=self.after.to_value() if self.after else None,
            reason=self.reason,
            source=source_from_text(self.source),
        )


ChangeDocument = Annotated[
    AssociationChangeDocument
    | RelationChangeDocument
    | ObjectChangeDocument
    | CustomFieldChangeDocument
    | FolderChangeDocument,
    Field(discriminator="kind"),
]


class SummaryDocument(StrictDocument):
    add: Count
    change: Count
    destroy: Count


class PlanDocument(StrictDocument):
    """A saved plan, as written by ``plan --out`` and read by ``apply PLANFILE``."""

    model_config = ConfigDict(title="ghlsync plan")

    format_version: Literal[1]
    tool_version: str
    location_id: str
    environment: str | None
    config_digest: str
    live_digest: str
    summary: SummaryDocument
    warnings: list[str]
    needs_allow_destroy: list[str]
    live_relation_count: Count
    targets: list[str] = Field(
        default_factory=list, description="The association keys planned (--target); [] for all."
    )
    scope: dict[str, list[str]]
    scope_objects: list[str] = Field(default_factory=list)
    declared: list[AssociationValueDocument] = Field(
        default_factory=list, description="The associations the file declares, by key."
    )
    changes: list[ChangeDocument]
    resolved: dict[str, ResolvedDocument] = {}  # noqa: RUF012 (pydantic copies defaults)

    @classmethod
    def of(cls, plan: Plan) -> PlanDocument:
        summary = plan.summary
        return cls(
            format_version=1,
            tool_version=__version__,
            location_id=plan.location_id,
            environment=plan.environment,
            config_digest=plan.config_digest,
            live_digest=plan.live_digest,
            summary=SummaryDocument(
                add=summary.add, change=summary.change, destroy=summary.destroy
            ),
            warnings=list(plan.warnings),
            needs_allow_destroy=list(plan.needs_allow_destroy),
            live_relation_count=plan.live_relation_count,
            targets=list(plan.targets),
            declared=[_declared_document(a) for a in plan.declared],
            scope={record: sorted(keys) for record, keys in sorted(plan.scope.records.items())},
            scope_objects=sorted(plan.scope.objects),
            changes=_change_documents(plan),
            resolved={r.alias: ResolvedDocument.of(r) for r in plan.resolved},
        )

    def to_plan(self) -> Plan:
        changes = [c.to_change() for c in self.changes]
        return Plan(
            location_id=self.location_id,
            environment=self.environment,
            changes=tuple(changes),
            config_digest=self.config_digest,
            live_digest=self.live_digest,
            scope=ReadScope(
                {record: frozenset(keys) for record, keys in self.scope.items()},
                frozenset(self.scope_objects),
            ),
            warnings=tuple(self.warnings),
            needs_allow_destroy=tuple(self.needs_allow_destroy),
            live_relation_count=self.live_relation_count,
            resolved=tuple(r.to_resolved(alias) for alias, r in self.resolved.items()),
            targets=tuple(self.targets),
            declared=tuple(a.to_value() for a in self.declared),
        )


def _declared_document(value: AssociationValue) -> AssociationValueDocument:
    document = AssociationValueDocument.of(value)
    assert document is not None
    return document


def _relation_action(action: Action) -> Literal[Action.CREATE, Action.DELETE]:
    if action is Action.CREATE or action is Action.DELETE:
        return action
    raise AssertionError(f"a relation cannot be {action.value}d")  # Plan() already refuses it


def _change_documents(plan: Plan) -> list[Any]:
    """Each change as its kind's document, in apply order."""
    from ghlsync.kinds.registry import KINDS

    owner = {change_type: kind for kind in KINDS for change_type in kind.change_types}
    return [owner[type(change)].document(change) for change in plan.changes]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a plan document (draft 2020-12)."""
    schema = PlanDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
