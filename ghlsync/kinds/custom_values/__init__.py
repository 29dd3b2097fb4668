"""Custom values (``{{ custom_values.<key> }}``), as one kind (README, "Custom values and
tags")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from ghlsync.kinds import keyed
from ghlsync.kinds.custom_values.apply import CUSTOM_VALUE_PHASES, CustomValueApplier
from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.protocol import Difference, ExportSection, KindDiff, Listing
from ghlsync.values.plan import AnyChange, KeyedChange, Phase

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "CustomValues"]


class CustomValues(keyed.KeyedKind):
    title: ClassVar[str] = "Custom values"
    change_type: ClassVar[type[KeyedChange]] = CustomValueChange
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

    def read_whole(self, client: GhlClient, live: LiveState) -> LiveState:
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        return replace(live, custom_values=keyed.read_if_allowed(CustomValuesClient(client).list))

    def compare(self, a: LiveState, b: LiveState) -> list[Difference]:
        from ghlsync.kinds.custom_values.across import compare_custom_values

        if a.custom_values is None or b.custom_values is None:
            return []
        return compare_custom_values(a.custom_values, b.custom_values)

    def export(self, client: GhlClient) -> ExportSection:
        from ghlsync.kinds.custom_values.across import export_section
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        return export_section(keyed.read_if_allowed(CustomValuesClient(client).list))

    def listing(self, desired: DesiredState) -> Listing | None:
        from ghlsync.kinds.custom_values.client import LISTING

        return None if desired.custom_values is None else LISTING

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

    def document_type(self) -> type[keyed.KeyedChangeDocument]:
        from ghlsync.kinds.custom_values.documents import CustomValueChangeDocument

        return CustomValueChangeDocument

    def delete_consequence(self) -> str:
        from ghlsync.kinds.custom_values.diff import DELETE_CONSEQUENCE

        return DELETE_CONSEQUENCE


KIND = CustomValues()
