"""The tags kind (docs/design.md, "Kinds"): how they are read, diffed, applied and shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ghlsync.kinds import keyed
from ghlsync.kinds.protocol import Difference, ExportSection, KindDiff, Listing
from ghlsync.kinds.tags.apply import TAG_PHASES, TagApplier
from ghlsync.kinds.tags.state import DESIRED, LIVE
from ghlsync.kinds.tags.values import TagChange
from ghlsync.values.plan import AnyChange, KeyedChange, Phase
from ghlsync.values.slots import Declared

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "Tags"]


class Tags(keyed.KeyedKind):
    title: ClassVar[str] = "Tags"
    change_type: ClassVar[type[KeyedChange]] = TagChange
    name: str = "tags"
    noun: str = "tag"
    phases: tuple[Phase, ...] = TAG_PHASES
    change_types: tuple[type, ...] = (TagChange,)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        from ghlsync.kinds.tags.client import TagsClient

        if DESIRED.of(desired) is None:
            return live
        return LIVE.put(live, TagsClient(client).list())

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
        from ghlsync.kinds.tags.diff import diff_tags

        declared, found = DESIRED.of(desired), LIVE.of(live)
        if declared is None or found is None:
            return KindDiff()
        return diff_tags(declared.items, found, declared.prune)

    def read_whole(self, client: GhlClient, live: LiveState) -> LiveState:
        from ghlsync.kinds.tags.client import TagsClient

        return LIVE.put(live, keyed.read_if_allowed(TagsClient(client).list))

    def compare(self, a: LiveState, b: LiveState) -> list[Difference]:
        from ghlsync.kinds.tags.across import compare_tags

        found_a, found_b = LIVE.of(a), LIVE.of(b)
        if found_a is None or found_b is None:
            return []
        return compare_tags(found_a, found_b)

    def export(self, live: LiveState) -> ExportSection:
        from ghlsync.kinds.tags.across import export_section

        return export_section(LIVE.of(live))

    def listing(self, desired: DesiredState) -> Listing | None:
        from ghlsync.kinds.tags.client import LISTING

        return None if DESIRED.of(desired) is None else LISTING

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        declared = DESIRED.of(desired)
        return frozenset(declared.items if declared else ())

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        """Only the tags named; none pruned (none read when none is named)."""
        declared = DESIRED.of(desired)
        tags = {k: v for k, v in (declared.items if declared else {}).items() if k in keep}
        return DESIRED.put(desired, Declared(tags) if tags else None)

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        found = LIVE.of(live)
        if found is None:
            return {}
        return {"tags": sorted([t.id, t.name] for t in found.values())}

    def applier(self, client: GhlClient, live: LiveState) -> TagApplier:
        from ghlsync.kinds.tags.client import TagsClient

        return TagApplier(TagsClient(client))

    def document_type(self) -> type[keyed.KeyedChangeDocument]:
        from ghlsync.kinds.tags.documents import TagChangeDocument

        return TagChangeDocument

    def delete_consequence(self) -> str:
        from ghlsync.kinds.tags.diff import DELETE_CONSEQUENCE

        return DELETE_CONSEQUENCE


KIND = Tags()
