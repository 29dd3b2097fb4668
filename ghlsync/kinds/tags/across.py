"""Tags across locations: what ``export`` writes of them and what ``diff --env A --env B``
finds between two locations (names present in one only)."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.kinds.protocol import Difference, ExportSection, only_in_one
from ghlsync.kinds.tags.client import LISTING
from ghlsync.kinds.tags.state import LiveTag

__all__ = ["compare_tags", "export_section"]


def export_section(tags: Mapping[str, LiveTag] | None) -> ExportSection:
    """By name. None: the token may not read them."""
    names = None if tags is None else sorted(tags)
    return ExportSection("tags", "tags", f"{LISTING.family}.readonly", names)


def compare_tags(a: Mapping[str, LiveTag], b: Mapping[str, LiveTag]) -> list[Difference]:
    return only_in_one(a, b, "tag")
