"""Diff the declared tags against the live ones. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.kinds.protocol import KindDiff
from ghlsync.kinds.tags.state import LiveTag
from ghlsync.kinds.tags.values import TagChange, tag_value
from ghlsync.values.plan import Action, KeyedValue
from ghlsync.values.state import Source

__all__ = ["DELETE_CONSEQUENCE", "diff_tags"]

DELETE_CONSEQUENCE = "GHL removes it from every contact that has it"


def diff_tags(desired: Mapping[str, Source], live: Mapping[str, LiveTag], prune: bool) -> KindDiff:
    creates = [
        TagChange(Action.CREATE, None, KeyedValue(name), "not in location", source)
        for name, source in sorted(desired.items())
        if name not in live
    ]
    deletes = [
        TagChange(Action.DELETE, tag_value(tag), None, "not declared", None)
        for name, tag in sorted(live.items())
        if prune and name not in desired
    ]
    reasons = tuple(f"{c.address} would be deleted; {DELETE_CONSEQUENCE}" for c in deletes)
    return KindDiff(tuple(creates + deletes), needs_allow_destroy=reasons)
