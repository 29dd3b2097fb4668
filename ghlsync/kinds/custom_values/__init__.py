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
from ghlsync.plan import Action, AnyChange, Phase

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.model import DesiredState, LiveState

__all__ = ["KIND", "CustomValues"]


class CustomValues:
    name: str = "custom_values"
    phases: tuple[Phase, ...] = CUSTOM_VALUE_PHASES
    change_types: tuple[type, ...] = (CustomValueChange,)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        if desired.custom_values is None:
            return live
        return replace(live, custom_values=CustomValuesClient(client).list())

    def diff(self, desired: DesiredState, live: LiveState) -> KindDiff:
        from ghlsync.kinds.custom_values.diff import diff_custom_values

        if desired.custom_values is None or live.custom_values is None:
            return KindDiff()
        return diff_custom_values(
            desired.custom_values, live.custom_values, desired.prune.custom_values,
            desired.ownership,
        )

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
