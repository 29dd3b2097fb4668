"""``ghlsync graph``: a Mermaid diagram of the objects and the declared associations."""

from __future__ import annotations

from pathlib import Path

from ghlsync import exitcodes
from ghlsync.config import declared_associations, load_document
from ghlsync.config.declared_objects import declared_objects_of
from ghlsync.console import Console
from ghlsync.render.er_diagram import render_er_diagram
from ghlsync.render.mermaid import render_mermaid

__all__ = ["run"]


def run(config: Path, console: Console) -> int:
    """A flowchart of the associations, or with ``objects:`` an erDiagram with the fields."""
    document = load_document(config)
    associations = declared_associations(document)
    schema = declared_objects_of(document)
    if schema is None:
        render_mermaid(associations.values(), console.out, title=str(config))
    else:
        objects, fields = schema.objects.values(), schema.fields.values()
        render_er_diagram(objects, fields, associations.values(), console.out)
    return exitcodes.OK
