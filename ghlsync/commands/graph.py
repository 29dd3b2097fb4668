"""``ghlsync graph``: a Mermaid diagram of the objects and the declared associations."""

from __future__ import annotations

import io
from pathlib import Path

from ghlsync import exitcodes
from ghlsync.config import declared_associations
from ghlsync.config.declared_objects import declared_objects_of
from ghlsync.console import Console
from ghlsync.kinds.file import load_document
from ghlsync.render.er_diagram import render_er_diagram
from ghlsync.render.mermaid import render_mermaid

__all__ = ["run"]


def run(config: Path, console: Console, output_format: str = "mermaid") -> int:
    """A flowchart of the associations, or with ``objects:`` an erDiagram with the fields;
    ``markdown`` wraps it in a ```mermaid fence."""
    document = load_document(config)
    associations = declared_associations(document)
    schema = declared_objects_of(document)
    diagram = io.StringIO()
    if schema is None:
        render_mermaid(associations.values(), diagram, title=str(config))
    else:
        objects, fields = schema.objects.values(), schema.fields.values()
        render_er_diagram(objects, fields, associations.values(), diagram)
    text = diagram.getvalue()
    console.out.write(f"```mermaid\n{text}```\n" if output_format == "markdown" else text)
    return exitcodes.OK
