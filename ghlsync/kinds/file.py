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
from ghlsync.config.sections import CORE_SECTIONS, FileSchema, core_sections
from ghlsync.kinds.registry import section_keys, sections

__all__ = ["ConfigDocument", "load_document", "schema_for", "whole_schema"]


def whole_schema() -> FileSchema:
    """The file with every section (its JSON Schema, a misspelt key's hint)."""
    return _schema(frozenset(_every_section()))


def schema_for(data: object) -> FileSchema:
    """The file with the sections ``data`` uses: those whose key it has at the top or under
    ``prune`` (a file without a section's key nor its flag declares nothing of that kind)."""
    if not isinstance(data, dict):
        return _schema(frozenset())
    prune = data.get("prune")
    used = frozenset(data) | frozenset(prune if isinstance(prune, dict) else ())
    return _schema(used.intersection(_every_section()))


def _every_section() -> dict[str, bool]:
    """Each section's key -> whether it has a ``prune`` flag: the core's, then the kinds'."""
    return {**dict.fromkeys(CORE_SECTIONS, False), **section_keys()}


@functools.cache
def _schema(keys: frozenset[str]) -> FileSchema:
    every = _every_section()
    flags = [key for key, has_flag in every.items() if has_flag]
    whole = None if keys == every.keys() else whole_schema
    return FileSchema.of((*core_sections(keys), *sections(keys)), flags, whole)


def load_document(
    path: Path, environ: Mapping[str, str] | None = None, *, fleet: bool = False
) -> ConfigDocument:
    """:func:`ghlsync.config.document.load_document` with the sections the file uses."""
    return document.load_document(path, schema_for, environ, fleet=fleet)
