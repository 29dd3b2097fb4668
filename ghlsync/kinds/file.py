"""The file with the kinds' own sections composed in, and its loader (docs/design.md,
"The file").

Only the kinds' ``section`` modules are imported here (``registry.sections``), not their
reading and applying, and a file loads only the sections it uses: ``ghlsync validate`` loads
this and stays light.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from ghlsync.config import document
from ghlsync.config.document import ConfigDocument
from ghlsync.config.sections import FileSchema
from ghlsync.kinds.registry import section_keys, sections

__all__ = ["ConfigDocument", "load_document", "schema_for", "whole_schema"]


def whole_schema() -> FileSchema:
    """The file with every kind's section (its JSON Schema, a misspelt key's hint)."""
    return _schema(frozenset(section_keys()))


def schema_for(data: object) -> FileSchema:
    """The file with the sections ``data`` uses: those whose key it has at the top or under
    ``prune`` (a file without a section's key nor its flag declares nothing of that kind)."""
    if not isinstance(data, dict):
        return _schema(frozenset())
    prune = data.get("prune")
    used = frozenset(data) | frozenset(prune if isinstance(prune, dict) else ())
    return _schema(used.intersection(section_keys()))


@functools.cache
def _schema(keys: frozenset[str]) -> FileSchema:
    every = section_keys()
    flags = [key for key, has_flag in every.items() if has_flag]
    whole = None if keys == every.keys() else whole_schema
    return FileSchema.of(sections(keys), flags, whole)


def load_document(
    path: Path, environ: Mapping[str, str] | None = None, *, fleet: bool = False
) -> ConfigDocument:
    """:func:`ghlsync.config.document.load_document` with the sections the file uses."""
    return document.load_document(path, schema_for, environ, fleet=fleet)
