"""Custom values across locations: what ``export`` writes of them and what ``diff --env A
--env B`` finds between two locations (names only: values are per location)."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.kinds.custom_values.client import LISTING
from ghlsync.kinds.custom_values.state import LiveCustomValue, key_from_name
from ghlsync.kinds.protocol import Difference, ExportSection, only_in_one

__all__ = ["compare_custom_values", "export_section"]


def export_section(values: Mapping[str, LiveCustomValue] | None) -> ExportSection:
    """By key; one whose key its name would not give (renamed in GHL) is commented out,
    since the file cannot declare it. None: the token may not read them."""
    listed = sorted((values or {}).items())
    items = {v.key: {"name": v.name, "value": v.value} for _, v in listed}
    commented = {
        v.key: f"key {v.key!r} does not follow from its name (renamed in GHL?)"
        for _, v in listed
        if key_from_name(v.name) != v.key
    }
    scope = f"{LISTING.family}.readonly"
    return ExportSection("custom_values", "custom values", scope,
                         None if values is None else items, commented)


def compare_custom_values(
    a: Mapping[str, LiveCustomValue], b: Mapping[str, LiveCustomValue]
) -> list[Difference]:
    """By key: present on one side only, or named differently."""
    names_a = {key: value.name for key, value in a.items()}
    names_b = {key: value.name for key, value in b.items()}
    return only_in_one(names_a, names_b, "custom_value") + [
        Difference(f"custom_value {key}", None, f"name {names_a[key]!r} -> {names_b[key]!r}")
        for key in sorted(names_a.keys() & names_b.keys())
        if names_a[key] != names_b[key]
    ]
