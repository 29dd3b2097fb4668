"""The associations kind (docs/design.md, "Kinds"): associations and their relations."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ghlsync.kinds.associations.apply import ASSOCIATION_PHASES, AssociationApplier
from ghlsync.kinds.protocol import (
    Difference,
    ExportSection,
    KindDiff,
    Listing,
    MarkdownSection,
    TextStyle,
)
from ghlsync.values.plan import (
    Action,
    AnyChange,
    AssociationChange,
    Phase,
    Plan,
    RelationChange,
)

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "Associations"]


class Associations:
    name: str = "associations"
    noun: str = "association"
    phases: tuple[Phase, ...] = ASSOCIATION_PHASES
    change_types: tuple[type, ...] = (AssociationChange, RelationChange)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        from ghlsync.kinds.associations.read import read_live_state
        from ghlsync.kinds.associations.scope import read_scope

        fresh = read_live_state(client, functools.partial(read_scope, desired))
        scope = replace(fresh.scope, objects=live.scope.objects)
        return replace(live, associations=fresh.associations, relations=fresh.relations,
                       scope=scope)

    def reread(
        self,
        client: GhlClient,
        desired: DesiredState,
        live: LiveState,
        applied: Sequence[AnyChange],
    ) -> LiveState:
        from ghlsync.kinds.associations.verify import reread_changes

        return reread_changes(client, live, applied) if applied else live

    def diff(self, desired: DesiredState, live: LiveState) -> KindDiff:
        from ghlsync.kinds.associations.diff import diff_associations

        return diff_associations(desired, live)

    def read_whole(self, client: GhlClient, live: LiveState) -> LiveState:
        """As it is: the caller reads associations with the relations of the records it names."""
        return live

    def compare(self, a: LiveState, b: LiveState) -> list[Difference]:
        """None here: the engine compares associations by key and relations by alias."""
        return []

    def export(self, live: LiveState) -> ExportSection | None:
        return None

    def listing(self, desired: DesiredState) -> Listing | None:
        return None

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        from ghlsync.kinds.associations.diff import target_keys

        return target_keys(desired)

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        from ghlsync.kinds.associations.diff import narrowed

        return narrowed(desired, keep)

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        from ghlsync.kinds.associations.diff import digest_rows

        return digest_rows(live)

    def applier(self, client: GhlClient, live: LiveState) -> AssociationApplier:
        ids = {key: association.id for key, association in live.associations.items()}
        return AssociationApplier(client, ids)

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        return sum(2 if c.action is Action.REPLACE else 1 for c in changes)

    def verification_reads(self, plan: Plan) -> int:
        from ghlsync.kinds.associations.verify import verification_reads

        return verification_reads(plan)

    def document_types(self) -> tuple[type[Any], ...]:
        from ghlsync.kinds.associations.documents import (
            AssociationChangeDocument,
            RelationChangeDocument,
        )

        return (AssociationChangeDocument, RelationChangeDocument)

    def document(self, change: AnyChange) -> Any:
        from ghlsync.kinds.associations.documents import (
            AssociationChangeDocument,
            RelationChangeDocument,
        )

        if isinstance(change, AssociationChange):
            return AssociationChangeDocument.of(change)
        assert isinstance(change, RelationChange)
        return RelationChangeDocument.of(change)

    def text(self, changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
        from ghlsync.kinds.associations.render import association_lines

        return association_lines(changes, style)

    def describe(self, change: AnyChange) -> str:
        from ghlsync.kinds.associations.render import describe

        return describe(change)

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        from ghlsync.kinds.associations.render import association_sections

        return association_sections(changes)

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        from ghlsync.kinds.associations.render import association_destructive_items

        return association_destructive_items(changes)


KIND = Associations()
