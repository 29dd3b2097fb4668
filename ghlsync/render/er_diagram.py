"""`ghlsync graph` with `objects:`: a Mermaid erDiagram of objects, fields and associations.

Names and labels are quoted through :func:`~ghlsync.render.mermaid.mermaid_text`, keys and
types written bare through :func:`~ghlsync.render.mermaid.mermaid_word`: no value can end a
string, add a line or close the markdown fence around the diagram."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ghlsync.render.mermaid import mermaid_node_ids, mermaid_text, mermaid_word
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
    rows = [_row(primary.type, primary.key, primary.name, " PK")] if primary else []
    rows += [_row(f.type, f.key, f.name) for f in sorted(fields, key=_key)]
    return [f'    {node}["{_label(key)}"] {{', *rows, "    }"]


def _row(kind: str, key: str, name: str, marker: str = "") -> str:
    return f'        {mermaid_word(kind)} {mermaid_word(key)}{marker} "{_label(name)}"'


def _key(field: FieldValue) -> str:
    return field.key


def _label(text: str) -> str:
    return mermaid_text(text)
