"""The ``objects:`` block of ``ghlsync export``: custom objects and fields as YAML lines.

Every server string is written as YAML data: keys through :func:`yaml_scalar` (quoted when a
plain key could be misread or inject structure), values through :func:`yaml_value` and
:func:`yaml_quoted_value`, which also write ``${`` as ``$${`` so the next load does not expand it.
"""

from __future__ import annotations

from ghlsync.render.export_yaml import yaml_quoted_value, yaml_scalar, yaml_value
from ghlsync.values.objects import FieldValue, LiveObjects, ObjectValue, PrimaryProperty

__all__ = ["export_objects_lines"]

_FOLDERLESS = frozenset({"contact", "opportunity"})


def export_objects_lines(schema: LiveObjects) -> list[str]:
    """The ``objects:`` block declaring what exists (empty when nothing custom exists)."""
    blocks = [_object_lines(schema, key) for key in sorted(schema.read)]
    kept = [block for block in blocks if block]
    return ["objects:", *(line for block in kept for line in block)] if kept else []


def _object_lines(schema: LiveObjects, key: str) -> list[str]:
    value = schema.objects.get(key)
    primary = value.primary.key if value and value.primary else None
    fields = [f for f in schema.fields_of(key) if f.key != primary]
    if value is None or (value.is_standard and not fields):
        return []
    lines = [f"  {yaml_scalar(key)}:", *_custom_object_lines(value)]
    if value.searchable:
        lines.append(f"    searchable: [{', '.join(yaml_value(s) for s in value.searchable)}]")
    if fields:
        lines += ["    fields:", *(_field_line(f) for f in fields)]
    return lines


def _custom_object_lines(value: ObjectValue) -> list[str]:
    if value.is_standard or value.primary is None:
        return []
    singular, plural = yaml_value(value.singular or ""), yaml_value(value.plural or "")
    lines = [f"    labels: {{ singular: {singular}, plural: {plural} }}"]
    if value.description:
        lines.append(f"    description: {yaml_quoted_value(value.description)}")
    return [*lines, f"    primary_property: {_primary(value.primary)}"]


def _primary(primary: PrimaryProperty) -> str:
    name = yaml_quoted_value(primary.name)
    return f"{{ key: {yaml_value(primary.key)}, name: {name}, type: {yaml_value(primary.type)} }}"


def _field_line(field: FieldValue) -> str:
    parts = [f"name: {yaml_quoted_value(field.name)}", f"type: {yaml_value(field.type)}"]
    if field.options:
        parts.append(f"options: [{', '.join(yaml_quoted_value(o) for o in field.options)}]")
    folderless = field.object_key in _FOLDERLESS
    optional = {
        "folder": None if folderless else field.folder,
        "description": None if folderless else field.description,
        "placeholder": field.placeholder,
    }
    parts += [f"{name}: {yaml_quoted_value(text)}" for name, text in optional.items() if text]
    return f"      {yaml_scalar(field.key)}: {{ {', '.join(parts)} }}"
