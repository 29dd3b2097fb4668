"""`ghlsync graph` with `objects:`: a Mermaid erDiagram of objects, fields and associations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ghlsync.render.mermaid import mermaid_node_ids
from ghlsync.values.objects import FieldValue, ObjectValue, PrimaryProperty
from ghlsync.values.state import DesiredAssociation

__all__ = ["render_er_diagram"]


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
