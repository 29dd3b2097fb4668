"""The objects kind (README, "Objects and fields"): custom objects, their folders and fields."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ghlsync.kinds.objects.apply import OBJECT_PHASES, ObjectsApplier
from ghlsync.kinds.objects.steps import ObjectsSteps
from ghlsync.kinds.protocol import (
    Difference,
    ExportSection,
    KindDiff,
    Listing,
    MarkdownSection,
    TextStyle,
)
from ghlsync.values.objects import ObjectValue
from ghlsync.values.plan import Action, AnyChange, ObjectsChange, Phase, Plan

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "Objects"]

_SCHEMA_HEADER = ("| Action | Address | Details | Source |", "|---|---|---|---|")


class Objects:
    name: str = "objects"
    noun: str = "object"
    phases: tuple[Phase, ...] = OBJECT_PHASES
    change_types: tuple[type, ...] = (ObjectsChange,)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        """The objects of the location, and the schema of those the file declares."""
        from ghlsync.client.objects import ObjectsClient
        from ghlsync.kinds.objects.read import (
            read_live_objects,
            with_declared_keys,
            with_live_objects,
        )

        if desired.objects is None:
            return live
        schema = read_live_objects(ObjectsClient(client), desired.objects.objects)
        return with_live_objects(live, with_declared_keys(desired.objects, schema))

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
        from ghlsync.kinds.objects.diff import destroy_reasons, owned_objects_diff

        if desired.objects is None or live.objects is None:
            return KindDiff()
        changes, problems, ignored = owned_objects_diff(
            desired.objects, live.objects, desired.ownership
        )
        reasons = destroy_reasons(changes)
        return KindDiff(tuple(changes), tuple(problems), reasons, ignored=tuple(ignored))

    def read_whole(self, client: GhlClient, live: LiveState) -> LiveState:
        """Every object of the location with its fields and folders."""
        from ghlsync.client.objects import ObjectsClient
        from ghlsync.kinds.objects.across import read_whole_objects
        from ghlsync.kinds.objects.read import with_live_objects

        return with_live_objects(live, read_whole_objects(ObjectsClient(client)))

    def compare(self, a: LiveState, b: LiveState) -> list[Difference]:
        from ghlsync.kinds.objects.across import compare_objects

        if a.objects is None or b.objects is None:
            return []
        return compare_objects(a.objects, b.objects)

    def export(self, live: LiveState) -> ExportSection | None:
        return None

    def listing(self, desired: DesiredState) -> Listing | None:
        return None

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        return frozenset(desired.objects.objects) if desired.objects is not None else frozenset()

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        from ghlsync.kinds.objects.diff import objects_for_targets

        return objects_for_targets(desired, keep)

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        from ghlsync.kinds.objects.digest import objects_digest_rows

        return objects_digest_rows(live.objects)

    def applier(self, client: GhlClient, live: LiveState) -> ObjectsApplier:
        from ghlsync.client.objects import ObjectsClient

        writer = ObjectsClient(client)
        return ObjectsApplier(ObjectsSteps(writer, live.objects), lambda: list(writer.matched))

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        """A replacement is a delete and a create; a new object with searchable properties
        is a create and an update."""
        return sum(2 if c.action is Action.REPLACE or _sets_searchable_later(c) else 1
                   for c in changes)

    def verification_reads(self, plan: Plan) -> int:
        """The objects listing, then each declared object's schema and fields."""
        return 1 + 2 * len(plan.scope.objects) if _schema(plan.changes) else 0

    def document_types(self) -> tuple[type[Any], ...]:
        from ghlsync.kinds.documents import (
            CustomFieldChangeDocument,
            FolderChangeDocument,
            ObjectChangeDocument,
        )

        return (ObjectChangeDocument, CustomFieldChangeDocument, FolderChangeDocument)

    def document(self, change: AnyChange) -> Any:
        from ghlsync.kinds.documents import OBJECTS_DOCUMENTS

        assert isinstance(change, ObjectsChange)
        return OBJECTS_DOCUMENTS[change.kind].of(change)

    def text(self, changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
        from ghlsync.kinds.objects.render import text_blocks

        return text_blocks(_schema(changes), style.symbol)

    def describe(self, change: AnyChange) -> str:
        """``object "custom_objects.property"``, ``field "contact.budget"``."""
        from ghlsync.kinds.objects.render import title

        assert isinstance(change, ObjectsChange)
        return title(change)

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        from ghlsync.kinds.objects.render import markdown_rows

        rows = markdown_rows(_schema(changes), text, code)
        return [MarkdownSection("Objects and fields", "schema changes", _SCHEMA_HEADER, rows)]

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        from ghlsync.kinds.objects.render import consequence

        return [
            f"{code(c.address)} {text(consequence(c))}"
            for c in _schema(changes)
            if c.action in (Action.DELETE, Action.REPLACE)
        ]


def _schema(changes: Sequence[AnyChange]) -> tuple[ObjectsChange, ...]:
    return tuple(c for c in changes if isinstance(c, ObjectsChange))


def _sets_searchable_later(change: AnyChange) -> bool:
    value = change.after
    return change.action is Action.CREATE and isinstance(value, ObjectValue) and bool(
        value.searchable
    )


KIND = Objects()
