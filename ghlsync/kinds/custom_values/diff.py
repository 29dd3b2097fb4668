"""Diff the declared custom values against the live ones. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.kinds.custom_values.state import DesiredCustomValue, LiveCustomValue
from ghlsync.kinds.custom_values.values import CustomValueChange, desired_value, live_value
from ghlsync.kinds.protocol import KindDiff
from ghlsync.values.plan import Action, FieldChange, KeyedValue
from ghlsync.values.state import Ownership, ignored_note

__all__ = ["DELETE_CONSEQUENCE", "diff_custom_values"]

DELETE_CONSEQUENCE = "templates that use it show nothing"
_ATTRIBUTES = ("name", "value")


def diff_custom_values(
    desired: Mapping[str, DesiredCustomValue],
    live: Mapping[str, LiveCustomValue],
    prune: bool,
    ownership: Mapping[str, Ownership],
) -> KindDiff:
    changes: list[CustomValueChange] = []
    ignored: list[str] = []
    for key, declared in sorted(desired.items()):
        change, note = _declared_change(declared, live.get(key), ownership)
        changes += [change] if change else []
        ignored += [note] if note else []
    pruned = [_delete(value) for key, value in sorted(live.items()) if prune and key not in desired]
    reasons = tuple(
        f"{c.address} would be deleted; {DELETE_CONSEQUENCE}" for c in pruned
    )
    return KindDiff(
        tuple(changes + pruned), needs_allow_destroy=reasons, ignored=tuple(ignored)
    )


def _declared_change(
    declared: DesiredCustomValue,
    existing: LiveCustomValue | None,
    ownership: Mapping[str, Ownership],
) -> tuple[CustomValueChange | None, str | None]:
    after = desired_value(declared)
    if existing is None:
        created = CustomValueChange(Action.CREATE, None, after, "not in location", declared.source)
        return created, None
    owned = ownership.get(f"custom_value.{declared.key}")
    ignore = owned.ignore if owned else frozenset()
    differing = [
        FieldChange(name, getattr(existing, name), getattr(declared, name))
        for name in _ATTRIBUTES
        if getattr(existing, name) != getattr(declared, name)
    ]
    kept = [f for f in differing if f.path not in ignore]
    address = f"custom_value.{declared.key}"
    note = ignored_note(address, [f.path for f in differing if f.path in ignore])
    if not kept:
        return None, note
    merged = live_value(existing)
    attributes = tuple((n, _after(n, kept, merged.get(n))) for n in _ATTRIBUTES)
    after = KeyedValue(declared.key, attributes, existing.id)
    change = CustomValueChange(
        Action.UPDATE, live_value(existing), after, "differs", declared.source, tuple(kept)
    )
    return change, note


def _after(name: str, kept: list[FieldChange], live: str) -> str:
    return next((f.new for f in kept if f.path == name), live)


def _delete(value: LiveCustomValue) -> CustomValueChange:
    return CustomValueChange(Action.DELETE, live_value(value), None, "not declared", None)
