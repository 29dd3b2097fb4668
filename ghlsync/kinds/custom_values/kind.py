"""The custom values kind (docs/design.md, "Kinds"): how they are read, diffed, applied and
shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ghlsync.kinds import keyed
from ghlsync.kinds.custom_values.apply import CUSTOM_VALUE_PHASES, CustomValueApplier
from ghlsync.kinds.custom_values.state import DESIRED, LIVE
from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.protocol import Difference, ExportSection, KindDiff, Listing
from ghlsync.values.plan import AnyChange, KeyedChange, Phase
from ghlsync.values.slots import Declared

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

        if DESIRED.of(desired) is None:
            return live
        return LIVE.put(live, CustomValuesClient(client).list())

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

        declared, found = DESIRED.of(desired), LIVE.of(live)
        if declared is None or found is None:
            return KindDiff()
        return diff_custom_values(declared.items, found, declared.prune, desired.ownership)

    def read_whole(self, client: GhlClient, live: LiveState) -> LiveState:
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        return LIVE.put(live, keyed.read_if_allowed(CustomValuesClient(client).list))

    def compare(self, a: LiveState, b: LiveState) -> list[Difference]:
        from ghlsync.kinds.custom_values.across import compare_custom_values

        found_a, found_b = LIVE.of(a), LIVE.of(b)
        if found_a is None or found_b is None:
            return []
        return compare_custom_values(found_a, found_b)

    def export(self, live: LiveState) -> ExportSection:
        from ghlsync.kinds.custom_values.across import export_section

        return export_section(LIVE.of(live))

    def listing(self, desired: DesiredState) -> Listing | None:
        from ghlsync.kinds.custom_values.client import LISTING

        return None if DESIRED.of(desired) is None else LISTING

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        declared = DESIRED.of(desired)
        return frozenset(declared.items if declared else ())

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        """Only the custom values named; none pruned (none read when none is named)."""
        declared = DESIRED.of(desired)
        values = {k: v for k, v in (declared.items if declared else {}).items() if k in keep}
        return DESIRED.put(desired, Declared(values) if values else None)

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        found = LIVE.of(live)
        if found is None:
            return {}
        return {"custom_values": sorted([v.id, v.key, v.name, v.value] for v in found.values())}

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
