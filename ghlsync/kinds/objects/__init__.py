"""Custom objects, their folders and fields, as one kind (README, "Objects and fields")."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ghlsync.kinds.objects.apply import OBJECT_PHASES, SchemaApplier
from ghlsync.kinds.protocol import KindDiff, MarkdownSection, TextStyle
from ghlsync.objects.apply import SchemaSteps
from ghlsync.objects.model import ObjectValue
from ghlsync.plan import Action, AnyChange, Phase, SchemaChange

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.model import DesiredState, LiveState

__all__ = ["KIND", "Objects"]

_SCHEMA_HEADER = ("| Action | Address | Details | Source |", "|---|---|---|---|")


class Objects:
    name: str = "objects"
    phases: tuple[Phase, ...] = OBJECT_PHASES
    change_types: tuple[type, ...] = (SchemaChange,)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        """The objects of the location, and the schema of those the file declares."""
        from ghlsync.client.objects import SchemaClient
        from ghlsync.objects.read import read_live_schema, with_declared_keys, with_live_schema

        if desired.schema is None:
            return live
        schema = read_live_schema(SchemaClient(client), desired.schema.objects)
        return with_live_schema(live, with_declared_keys(desired.schema, schema))

    def reread(
        self,
        client: GhlClient,
        desired: DesiredState,
        live: LiveState,
        applied: Sequence[AnyChange],
    ) -> LiveState:
        """The declared schema read again when a change of it was applied."""
        return self.read(client, desired, live) if applied else live

    def diff(self, desired: DesiredState, live: LiveState) -> KindDiff:
        from ghlsync.objects.planner import plan_schema
        from ghlsync.safety import assess

        if desired.schema is None or live.schema is None:
            return KindDiff()
        changes, problems = plan_schema(desired.schema, live.schema)
        reasons = assess(changes, 0, desired.safety)
        return KindDiff(tuple(changes), tuple(problems), reasons)

    def applier(self, client: GhlClient, live: LiveState) -> SchemaApplier:
        from ghlsync.client.objects import SchemaClient

        writer = SchemaClient(client)
        return SchemaApplier(SchemaSteps(writer, live.schema), lambda: list(writer.matched))

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        """A replacement is a delete and a create; a new object with searchable properties
        is a create and an update."""
        return sum(2 if c.action is Action.REPLACE or _sets_searchable_later(c) else 1
                   for c in changes)

    def document_types(self) -> tuple[type[Any], ...]:
        from ghlsync.change_documents import (
            CustomFieldChangeDocument,
            FolderChangeDocument,
            ObjectChangeDocument,
        )

        return (ObjectChangeDocument, CustomFieldChangeDocument, FolderChangeDocument)

    def document(self, change: AnyChange) -> Any:
        from ghlsync.change_documents import SCHEMA_DOCUMENTS

        assert isinstance(change, SchemaChange)
        return SCHEMA_DOCUMENTS[change.kind].of(change)

    def text(self, changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
        from ghlsync.render.schema import text_blocks

        return text_blocks(_schema(changes), style.symbol)

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        from ghlsync.render.schema import markdown_rows

        rows = markdown_rows(_schema(changes), text, code)
        return [MarkdownSection("Objects and fields", "schema changes", _SCHEMA_HEADER, rows)]

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        from ghlsync.render.schema import consequence

        return [
            f"{code(c.address)} {text(consequence(c))}"
            for c in _schema(changes)
            if c.action in (Action.DELETE, Action.REPLACE)
        ]


def _schema(changes: Sequence[AnyChange]) -> tuple[SchemaChange, ...]:
    return tuple(c for c in changes if isinstance(c, SchemaChange))


def _sets_searchable_later(change: AnyChange) -> bool:
    value = change.after
    return change.action is Action.CREATE and isinstance(value, ObjectValue) and bool(
        value.searchable
    )


KIND = Objects()
