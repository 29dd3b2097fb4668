"""Associations and their relations, as one kind (docs/design.md, "Kinds")."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ghlsync.kinds.associations.apply import ASSOCIATION_PHASES, AssociationApplier
from ghlsync.kinds.protocol import KindDiff, MarkdownSection, TextStyle
from ghlsync.plan import Action, AnyChange, AssociationChange, Phase, RelationChange

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.model import DesiredState, LiveState

__all__ = ["KIND", "Associations"]


class Associations:
    name: str = "associations"
    phases: tuple[Phase, ...] = ASSOCIATION_PHASES
    change_types: tuple[type, ...] = (AssociationChange, RelationChange)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        from ghlsync.reading import read_live_state
        from ghlsync.scope import read_scope

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
        from ghlsync.verification import reread_changes

        return reread_changes(client, live, applied) if applied else live

    def diff(self, desired: DesiredState, live: LiveState) -> KindDiff:
        from ghlsync.planner import diff_associations

        return diff_associations(desired, live)

    def applier(self, client: GhlClient, live: LiveState) -> AssociationApplier:
        ids = {key: association.id for key, association in live.associations.items()}
        return AssociationApplier(client, ids)

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        return sum(2 if c.action is Action.REPLACE else 1 for c in changes)

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
        from ghlsync.render.text import association_lines

        return association_lines(changes, style.color)

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        from ghlsync.render.markdown import association_sections

        return association_sections(changes)

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        from ghlsync.render.markdown import association_destructive_items

        return association_destructive_items(changes)


KIND = Associations()
