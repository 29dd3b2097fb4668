"""``ghlsync graph``: a Mermaid diagram of the objects and the declared associations."""

from __future__ import annotations

from pathlib import Path

from ghlsync import exitcodes
from ghlsync.config import declared_associations, load_document
from ghlsync.console import Console
from ghlsync.render.mermaid import render_mermaid

__all__ = ["run"]


def run(config: Path, console: Console) -> int:
    associations = declared_associations(load_document(config))
    render_mermaid(associations.values(), console.out, title=str(config))
    return exitcodes.OK
