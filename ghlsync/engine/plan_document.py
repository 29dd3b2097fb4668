"""Pydantic models of the JSON plan document, convertible to and from a Plan (see docs/design.md).

They validate plan files on read and generate ``schemas/plan.schema.json``.
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import ConfigDict, Field

from ghlsync.kinds.associations.documents import AssociationValueDocument, declared_document
from ghlsync.kinds.documents import ChangeDocumentBase, StrictDocument
from ghlsync.kinds.registry import KINDS
from ghlsync.values.plan import Plan
from ghlsync.values.state import NaturalKey, ReadScope, ResolvedRecord
from ghlsync.version import __version__

__all__ = ["PlanDocument", "json_schema", "plan_to_dict"]

Count = Annotated[int, Field(ge=0)]


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


def _change_document_union() -> Any:
    """Every kind's change documents, told apart by their ``kind``."""
    documents = tuple(t for kind in KINDS for t in kind.document_types())
    return Annotated[functools.reduce(operator.or_, documents), Field(discriminator="kind")]


if TYPE_CHECKING:
    ChangeDocument = ChangeDocumentBase
else:
    ChangeDocument = _change_document_union()


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
            declared=[declared_document(a) for a in plan.declared],
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


def _change_documents(plan: Plan) -> list[Any]:
    """Each change as its kind's document, in apply order."""
    owner = {change_type: kind for kind in KINDS for change_type in kind.change_types}
    return [owner[type(change)].document(change) for change in plan.changes]


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready values (the JSON plan, the plan file)."""
    return PlanDocument.of(plan).model_dump(mode="json")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a plan document (draft 2020-12)."""
    schema = PlanDocument.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
