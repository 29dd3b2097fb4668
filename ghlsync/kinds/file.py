"""The file with the kinds' own sections composed in, and its loader (docs/design.md,
"The file").

Only the kinds' ``section`` modules are imported here (``registry.sections``), not their
reading and applying: ``ghlsync validate`` loads this and stays light.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ghlsync.config import document
from ghlsync.config.document import ConfigDocument
from ghlsync.config.sections import FileSchema
from ghlsync.kinds.registry import sections

__all__ = ["FILE", "ConfigDocument", "load_document"]

FILE = FileSchema.of(sections())
"""The sections, in the registry's order of their kinds."""


def load_document(
    path: Path, environ: Mapping[str, str] | None = None, *, fleet: bool = False
) -> ConfigDocument:
    """:func:`ghlsync.config.document.load_document` with the kinds' sections."""
    return document.load_document(path, FILE, environ, fleet=fleet)
