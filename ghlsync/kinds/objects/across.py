"""Objects and fields across locations: the whole schema as ``export`` and ``diff`` read it,
and what two schemas disagree on (printed by ``render/comparison.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ghlsync.kinds.objects.read import SchemaReader, read_live_schema
from ghlsync.values.objects import (
    STANDARD_OBJECTS,
    FieldValue,
    LiveSchema,
)

__all__ = [
    "SchemaDifference",
    "compare_schemas",
    "read_whole_schema",
]


def read_whole_schema(reader: SchemaReader) -> LiveSchema:
    """Every object of the location with its fields and folders (for export and diff)."""
    return read_live_schema(reader, None)


# --- diff ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SchemaDifference:
    """An object or field present in only one location (``side`` 0 or 1), or different."""

    address: str
    side: int | None
    detail: str = ""


def compare_schemas(a: LiveSchema, b: LiveSchema) -> list[SchemaDifference]:
    """Objects by key, fields by (object, key): missing on one side, or different."""
    found = list(_presence(_custom_objects(a), _custom_objects(b), "object"))
    fields_a = {f"{o}.{k}": f for (o, k), f in a.fields.items() if _compared(o, a, b)}
    fields_b = {f"{o}.{k}": f for (o, k), f in b.fields.items() if _compared(o, a, b)}
    found += _presence(set(fields_a), set(fields_b), "field")
    for name in sorted(set(fields_a) & set(fields_b)):
        detail = _field_detail(fields_a[name], fields_b[name])
        if detail:
            found.append(SchemaDifference(f"field {name}", None, detail))
    return found


def _custom_objects(schema: LiveSchema) -> set[str]:
    return {k for k in schema.objects if k not in STANDARD_OBJECTS}


def _compared(object_key: str, a: LiveSchema, b: LiveSchema) -> bool:
    return object_key in a.objects and object_key in b.objects


def _presence(a: set[str], b: set[str], noun: str) -> Iterator[SchemaDifference]:
    for name in sorted(a ^ b):
        yield SchemaDifference(f"{noun} {name}", 0 if name in a else 1)


def _field_detail(a: FieldValue, b: FieldValue) -> str:
    shown = ("type", "name", "options", "folder")
    differing = [n for n in shown if getattr(a, n) != getattr(b, n)]
    return ", ".join(f"{n} {getattr(a, n)!r} ↔ {getattr(b, n)!r}" for n in differing)
