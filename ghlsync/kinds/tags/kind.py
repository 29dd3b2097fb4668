"""The tags kind (docs/design.md, "Kinds"): how they are read, diffed, applied and shown.
What keyed kinds share is :class:`~ghlsync.kinds.keyed.KeyedKind`; these hooks import the
kind's own modules when first called."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from ghlsync.kinds import keyed
from ghlsync.kinds.protocol import Difference, ExportSection, KindDiff, Listing
from ghlsync.kinds.tags.apply import TAG_PHASES, TagApplier
from ghlsync.kinds.tags.state import DESIRED, LIVE, LiveTag
from ghlsync.kinds.tags.values import TagChange
from ghlsync.values.plan import KeyedChange, Phase
from ghlsync.values.slots import Declared
from ghlsync.values.source import Source

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.kinds.keyed_documents import KeyedChangeDocument
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "Tags"]


class Tags(keyed.KeyedKind[Source, LiveTag]):
    title: ClassVar[str] = "Tags"
    change_type: ClassVar[type[KeyedChange]] = TagChange
    desired_slot = DESIRED
    live_slot = LIVE
    name: str = "tags"
    noun: str = "tag"
    phases: tuple[Phase, ...] = TAG_PHASES
    change_types: tuple[type, ...] = (TagChange,)

    def list_live(self, client: GhlClient) -> Mapping[str, LiveTag]:
        from ghlsync.kinds.tags.client import TagsClient

        return TagsClient(client).list()

    def diff_items(
        self, declared: Declared[Source], found: Mapping[str, LiveTag], desired: DesiredState
    ) -> KindDiff:
        from ghlsync.kinds.tags.diff import diff_tags

        return diff_tags(declared.items, found, declared.prune)

    def compare_items(self, a: Mapping[str, LiveTag], b: Mapping[str, LiveTag]) -> list[Difference]:
        from ghlsync.kinds.tags.across import compare_tags

        return compare_tags(a, b)

    def export_items(self, found: Mapping[str, LiveTag] | None) -> ExportSection:
        from ghlsync.kinds.tags.across import export_section

        return export_section(found)

    def live_listing(self) -> Listing:
        from ghlsync.kinds.tags.client import LISTING

        return LISTING

    def digest_row(self, item: LiveTag) -> list[str]:
        return [item.id, item.name]

    def applier(self, client: GhlClient, live: LiveState) -> TagApplier:
        from ghlsync.kinds.tags.client import TagsClient

        return TagApplier(TagsClient(client))

    def document_type(self) -> type[KeyedChangeDocument]:
        from ghlsync.kinds.tags.documents import TagChangeDocument

        return TagChangeDocument

    def delete_consequence(self) -> str:
        from ghlsync.kinds.tags.diff import DELETE_CONSEQUENCE

        return DELETE_CONSEQUENCE


KIND = Tags()
