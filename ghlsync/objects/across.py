"""Objects and fields across commands: ``export`` (YAML), ``diff`` (two locations) and
``graph`` (a Mermaid ``erDiagram`` of objects, their fields and the associations)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from ghlsync.model import DesiredAssociation
from ghlsync.objects.model import (
    STANDARD_OBJECTS,
    FieldValue,
    LiveSchema,
    ObjectValue,
    PrimaryProperty,
)
from ghlsync.objects.read import SchemaReader, read_live_schema
from ghlsync.render.export_yaml import yaml_scalar, yaml_string
from ghlsync.render.mermaid import mermaid_node_ids

_FOLDERLESS = frozenset({"contact", "opportunity"})

__all__ = [
    "SchemaDifference",
    "compare_schemas",
    "export_objects_lines",
    "read_whole_schema",
    "render_er_diagram",
    "schema_difference_lines",
]


def read_whole_schema(reader: SchemaReader) -> LiveSchema:
    """Every object of the location with its fields and folders (for export and diff)."""
    keys = [o.key for o in reader.list_objects()] + sorted(STANDARD_OBJECTS)
    return read_live_schema(reader, keys)


# --- export -------------------------------------------------------------------------------


def export_objects_lines(schema: LiveSchema) -> list[str]:
    """The ``objects:`` block declaring what exists (empty when nothing custom exists)."""
    blocks = [_object_lines(schema, key) for key in sorted(schema.read)]
    kept = [block for block in blocks if block]
    return ["objects:", *(line for block in kept for line in block)] if kept else []


def _object_lines(schema: LiveSchema, key: str) -> list[str]:
    value = schema.objects.get(key)
    primary = value.primary.key if value and value.primary else None
    fields = [f for f in schema.fields_of(key) if f.key != primary]
    if value is None or (value.is_standard and not fields):
        return []
    lines = [f"  {key}:", *_custom_object_lines(value)]
    if value.searchable:
        lines.append(f"    searchable: [{', '.join(value.searchable)}]")
    if fields:
        lines += ["    fields:", *(_field_line(f) for f in fields)]
    return lines


def _custom_object_lines(value: ObjectValue) -> list[str]:
    if value.is_standard or value.primary is None:
        return []
    singular, plural = yaml_scalar(value.singular or ""), yaml_scalar(value.plural or "")
    lines = [f"    labels: {{ singular: {singular}, plural: {plural} }}"]
    if value.description:
        lines.append(f"    description: {yaml_string(value.description)}")
    return [*lines, f"    primary_property: {_primary(value.primary)}"]


def _primary(primary: PrimaryProperty) -> str:
    return f"{{ key: {primary.key}, name: {yaml_string(primary.name)}, type: {primary.type} }}"


def _field_line(field: FieldValue) -> str:
    parts = [f"name: {yaml_string(field.name)}", f"type: {field.type}"]
    if field.options:
        parts.append(f"options: [{', '.join(yaml_string(o) for o in field.options)}]")
    folderless = field.object_key in _FOLDERLESS
    optional = {
        "folder": None if folderless else field.folder,
        "description": None if folderless else field.description,
        "placeholder": field.placeholder,
    }
    parts += [f"{name}: {yaml_string(text)}" for name, text in optional.items() if text]
    return f"      {field.key}: {{ {', '.join(parts)} }}"


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


def schema_difference_lines(
    differences: Iterable[SchemaDifference], names: tuple[str, str]
) -> list[str]:
    """One line each: ``< field X only in staging (production lacks it)``."""
    lines = []
    for difference in differences:
        if difference.side is None:
            lines.append(f"~ {difference.address} differs: {difference.detail}")
            continue
        here, there = names[difference.side], names[1 - difference.side]
        mark = "<" if difference.side == 0 else ">"
        lines.append(f"{mark} {difference.address} only in {here} ({there} lacks it)")
    return lines


# --- graph --------------------------------------------------------------------------------


def render_er_diagram(
    objects: Iterable[ObjectValue],
    fields: Iterable[FieldValue],
    associations: Iterable[DesiredAssociation],
    out: TextIO,
) -> None:
    """Write a Mermaid ``erDiagram``: each object with its fields, each association a line."""
    objects, fields, associations = list(objects), list(fields), list(associations)
    keys = {o.key for o in objects} | {f.object_key for f in fields}
    keys |= {s.object for a in associations for s in (a.first, a.second)}
    ids = mermaid_node_ids(keys)
    primaries = {o.key: o.primary for o in objects if o.primary}
    out.write("erDiagram\n")
    for key in sorted(keys):
        own = [f for f in fields if f.object_key == key]
        out.writelines(f"{line}\n" for line in _entity(ids[key], key, primaries.get(key), own))
    for association in sorted(associations, key=lambda a: a.key):
        first, second = ids[association.first.object], ids[association.second.object]
        out.write(f'    {first} }}o--o{{ {second} : "{_label(association.key)}"\n')


def _entity(
    node: str, key: str, primary: PrimaryProperty | None, fields: list[FieldValue]
) -> list[str]:
    rows = [f'        {primary.type} {primary.key} PK "{_label(primary.name)}"'] if primary else []
    rows += [f'        {f.type} {f.key} "{_label(f.name)}"' for f in sorted(fields, key=_key)]
    return [f'    {node}["{_label(key)}"] {{', *rows, "    }"]


def _key(field: FieldValue) -> str:
    return field.key


def _label(text: str) -> str:
    return text.replace('"', "'")
