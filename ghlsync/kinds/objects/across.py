"""Objects and fields across locations: the whole schema as ``export`` and ``diff`` read it,
and what two schemas disagree on (printed by ``render/comparison.py``)."""

from __future__ import annotations

from ghlsync.kinds.objects.read import ObjectsReader, read_live_objects
from ghlsync.kinds.protocol import Difference, only_in_one
from ghlsync.values.objects import (
    STANDARD_OBJECTS,
    FieldValue,
    LiveObjects,
)

__all__ = ["compare_objects", "read_whole_objects"]


def read_whole_objects(reader: ObjectsReader) -> LiveObjects:
    """Every object of the location with its fields and folders (for export and diff)."""
    return read_live_objects(reader, None)


# --- diff ---------------------------------------------------------------------------------


def compare_objects(a: LiveObjects, b: LiveObjects) -> list[Difference]:
    """Objects by key, fields by (object, key): missing on one side, or different."""
    found = only_in_one(_custom_objects(a), _custom_objects(b), "object")
    fields_a = {f"{o}.{k}": f for (o, k), f in a.fields.items() if _compared(o, a, b)}
    fields_b = {f"{o}.{k}": f for (o, k), f in b.fields.items() if _compared(o, a, b)}
    found += only_in_one(fields_a, fields_b, "field")
    for name in sorted(set(fields_a) & set(fields_b)):
        detail = _field_detail(fields_a[name], fields_b[name])
        if detail:
            found.append(Difference(f"field {name}", None, detail))
    return found


def _custom_objects(schema: LiveObjects) -> set[str]:
    return {k for k in schema.objects if k not in STANDARD_OBJECTS}


def _compared(object_key: str, a: LiveObjects, b: LiveObjects) -> bool:
    return object_key in a.objects and object_key in b.objects


def _field_detail(a: FieldValue, b: FieldValue) -> str:
    shown = ("type", "name", "options", "folder")
    differing = [n for n in shown if getattr(a, n) != getattr(b, n)]
    return ", ".join(f"{n} {getattr(a, n)!r} ↔ {getattr(b, n)!r}" for n in differing)
