"""Custom values (``{{ custom_values.<key> }}``), as one kind (README, "Custom values and
tags")."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ghlsync.kinds import keyed
from ghlsync.kinds.custom_values.apply import CUSTOM_VALUE_PHASES, CustomValueApplier
from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.protocol import KindDiff, MarkdownSection, TextStyle
from ghlsync.values.plan import Action, AnyChange, Phase

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "CustomValues"]


class CustomValues:
    name: str = "custom_values"
    noun: str = "custom value"
    phases: tuple[Phase, ...] = CUSTOM_VALUE_PHASES
    change_types: tuple[type, ...] = (CustomValueChange,)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        if desired.custom_values is None:
            return live
        return replace(live, custom_values=CustomValuesClient(client).list())

    def reread(
        self,
        client: GhlClient,
        desired: DesiredState,
        live: LiveState,
        applied: Sequence[AnyChange],
    ) -> LiveState:
        """The whole list again (one GET) when anything of it was applied."""
        return self.read(client, desired, live) if applied else live

    def diff(self, desired: DesiredState, live: LiveState) -> KindDiff:
        from ghlsync.kinds.custom_values.diff import diff_custom_values

        if desired.custom_values is None or live.custom_values is None:
            return KindDiff()
        return diff_custom_values(
            desired.custom_values, live.custom_values, desired.prune.custom_values,
            desired.ownership,
        )

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        return frozenset(desired.custom_values or ())

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        """Only the custom values named; none pruned (none read when none is named)."""
        values = {k: v for k, v in (desired.custom_values or {}).items() if k in keep}
        prune = replace(desired.prune, custom_values=False)
        return replace(desired, custom_values=values or None, prune=prune)

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        if live.custom_values is None:
            return {}
        values = live.custom_values.values()
        return {"custom_values": sorted([v.id, v.key, v.name, v.value] for v in values)}

    def applier(self, client: GhlClient, live: LiveState) -> CustomValueApplier:
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        return CustomValueApplier(CustomValuesClient(client))

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        return len(changes)

    def document_types(self) -> tuple[type[Any], ...]:
        from ghlsync.kinds.custom_values.documents import CustomValueChangeDocument

        return (CustomValueChangeDocument,)

    def document(self, change: AnyChange) -> Any:
        from ghlsync.kinds.custom_values.documents import CustomValueChangeDocument

        assert isinstance(change, CustomValueChange)
        return CustomValueChangeDocument.of(change)

    def text(self, changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
        from ghlsync.kinds.custom_values.diff import DELETE_CONSEQUENCE

        owned = keyed.owned(changes, CustomValueChange)
        return keyed.text_lines(owned, style, {Action.DELETE: DELETE_CONSEQUENCE})

    def describe(self, change: AnyChange) -> str:
        return change.address

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        owned = keyed.owned(changes, CustomValueChange)
        return keyed.markdown_section("Custom values", "custom value changes", owned, text, code)

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        from ghlsync.kinds.custom_values.diff import DELETE_CONSEQUENCE

        owned = keyed.owned(changes, CustomValueChange)
        return keyed.destructive_items(owned, DELETE_CONSEQUENCE, text, code)


KIND = CustomValues()
