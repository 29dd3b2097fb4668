"""The configuration file (docs/design.md, "The file"): load, validate, resolve for a location.

Typical use (``ghlsync.kinds.file.load_document`` composes the kinds' sections in)::

    doc = load_document(Path("ghlsync.yaml"))
    resolved = resolve(doc, environment="production", location=None)
    resolved.desired   # ghlsync.values.state.DesiredState
"""

from __future__ import annotations

from ghlsync.config.document import ConfigDocument
from ghlsync.config.ids import check_location_option
from ghlsync.config.json_schema import config_json_schema
from ghlsync.config.resolve import (
    Resolved,
    check_all_environments,
    declared_associations,
    environment_names,
    record_aliases,
    record_ids,
    resolve,
)
from ghlsync.config.sections import FileSchema, FileSection

__all__ = [
    "ConfigDocument",
    "FileSchema",
    "FileSection",
    "Resolved",
    "check_all_environments",
    "check_location_option",
    "config_json_schema",
    "declared_associations",
    "environment_names",
    "record_aliases",
    "record_ids",
    "resolve",
]
