"""Tags the location must have, as one kind (README, "Custom values and tags")."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ghlsync.kinds import keyed
from ghlsync.kinds.protocol import KindDiff, MarkdownSection, TextStyle
from ghlsync.kinds.tags.apply import TAG_PHASES, TagApplier
from ghlsync.kinds.tags.values import TagChange
from ghlsync.values.plan import Action, AnyChange, Phase

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.values.state import DesiredState, LiveState

__all__ = ["KIND", "Tags"]


class Tags:
    name: str = "tags"
    noun: str = "tag"
    phases: tuple[Phase, ...] = TAG_PHASES
    change_types: tuple[type, ...] = (TagChange,)

    def read(self, client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
        from ghlsync.kinds.tags.client import TagsClient

        if desired.tags is None:
            return live
        return replace(live, tags=TagsClient(client).list())

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

        if desired.tags is None or live.tags is None:
            return KindDiff()
        return diff_tags(desired.tags, live.tags, desired.prune.tags)

    def target_keys(self, desired: DesiredState) -> frozenset[str]:
        return frozenset(desired.tags or ())

    def narrowed(self, desired: DesiredState, keep: frozenset[str]) -> DesiredState:
        """Only the tags named; none pruned (none read when none is named)."""
        tags = {k: v for k, v in (desired.tags or {}).items() if k in keep}
        return replace(desired, tags=tags or None, prune=replace(desired.prune, tags=False))

    def digest_rows(self, live: LiveState) -> dict[str, Any]:
        if live.tags is None:
            return {}
        return {"tags": sorted([t.id, t.name] for t in live.tags.values())}

    def applier(self, client: GhlClient, live: LiveState) -> TagApplier:
        from ghlsync.kinds.tags.client import TagsClient

        return TagApplier(TagsClient(client))

    def write_requests(self, changes: Sequence[AnyChange]) -> int:
        return len(changes)

    def document_types(self) -> tuple[type[Any], ...]:
        from ghlsync.kinds.tags.documents import TagChangeDocument

        return (TagChangeDocument,)

    def document(self, change: AnyChange) -> Any:
        from ghlsync.kinds.tags.documents import TagChangeDocument

        assert isinstance(change, TagChange)
        return TagChangeDocument.of(change)

    def text(self, changes: Sequence[AnyChange], style: TextStyle) -> Iterator[str]:
        from ghlsync.kinds.tags.diff import DELETE_CONSEQUENCE

        owned = keyed.owned(changes, TagChange)
        return keyed.text_lines(owned, style, {Action.DELETE: DELETE_CONSEQUENCE})

    def describe(self, change: AnyChange) -> str:
        return change.address

    def markdown(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[MarkdownSection]:
        owned = keyed.owned(changes, TagChange)
        return keyed.markdown_section("Tags", "tag changes", owned, text, code)

    def destructive(
        self, changes: Sequence[AnyChange], text: Callable[[str], str], code: Callable[[str], str]
    ) -> list[str]:
        from ghlsync.kinds.tags.diff import DELETE_CONSEQUENCE

        owned = keyed.owned(changes, TagChange)
        return keyed.destructive_items(owned, DELETE_CONSEQUENCE, text, code)


KIND = Tags()
