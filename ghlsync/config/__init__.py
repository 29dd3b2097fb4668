"""The configuration file (docs/design.md, "The file"): load, validate, resolve for a location.

Typical use::

    doc = load_document(Path("ghlsync.yaml"))
    resolved = resolve(doc, environment="production", location=None)
    resolved.desired   # ghlsync.values.state.DesiredState
"""

from __future__ import annotations

from ghlsync.config.document import ConfigDocument, load_document
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

__all__ = [
    "ConfigDocument",
    "Resolved",
    "check_all_environments",
    "check_location_option",
    "config_json_schema",
    "declared_associations",
    "environment_names",
    "load_document",
    "record_aliases",
    "record_ids",
    "resolve",
]
