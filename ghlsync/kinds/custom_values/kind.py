"""The custom values kind (docs/design.md, "Kinds"): how they are read, diffed, applied and
shown. What keyed kinds share is :class:`~ghlsync.kinds.keyed.KeyedKind`; these hooks import
the kind's own modules when first called."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from ghlsync.kinds import keyed
from ghlsync.kinds.custom_values.apply import CUSTOM_VALUE_PHASES, CustomValueApplier
from ghlsync.kinds.custom_values.state import (
    DESIRED,
    LIVE,
    DesiredCustomValue,
    LiveCustomValue,
)
from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.protocol import Difference, ExportSection, KindDiff, Listing
from ghlsync.values.plan import KeyedChange, Phase
from ghlsync.values.slots import Declared

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.kinds.keyed_documents import KeyedChangeDocument
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "CustomValues"]


class CustomValues(keyed.KeyedKind[DesiredCustomValue, LiveCustomValue]):
    title: ClassVar[str] = "Custom values"
    change_type: ClassVar[type[KeyedChange]] = CustomValueChange
    desired_slot = DESIRED
    live_slot = LIVE
    name: str = "custom_values"
    noun: str = "custom value"
    phases: tuple[Phase, ...] = CUSTOM_VALUE_PHASES
    change_types: tuple[type, ...] = (CustomValueChange,)

    def list_live(self, client: GhlClient) -> Mapping[str, LiveCustomValue]:
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        return CustomValuesClient(client).list()

    def diff_items(
        self,
        declared: Declared[DesiredCustomValue],
        found: Mapping[str, LiveCustomValue],
        desired: DesiredState,
    ) -> KindDiff:
        from ghlsync.kinds.custom_values.diff import diff_custom_values

        return diff_custom_values(declared.items, found, declared.prune, desired.ownership)

    def compare_items(
        self, a: Mapping[str, LiveCustomValue], b: Mapping[str, LiveCustomValue]
    ) -> list[Difference]:
        from ghlsync.kinds.custom_values.across import compare_custom_values

        return compare_custom_values(a, b)

    def export_items(self, found: Mapping[str, LiveCustomValue] | None) -> ExportSection:
        from ghlsync.kinds.custom_values.across import export_section

        return export_section(found)

    def live_listing(self) -> Listing:
        from ghlsync.kinds.custom_values.client import LISTING

        return LISTING

    def digest_row(self, item: LiveCustomValue) -> list[str]:
        return [item.id, item.key, item.name, item.value]

    def applier(self, client: GhlClient, live: LiveState) -> CustomValueApplier:
        from ghlsync.kinds.custom_values.client import CustomValuesClient

        return CustomValueApplier(CustomValuesClient(client))

    def document_type(self) -> type[KeyedChangeDocument]:
        from ghlsync.kinds.custom_values.documents import CustomValueChangeDocument

        return CustomValueChangeDocument

    def delete_consequence(self) -> str:
        from ghlsync.kinds.custom_values.diff import DELETE_CONSEQUENCE

        return DELETE_CONSEQUENCE


KIND = CustomValues()
