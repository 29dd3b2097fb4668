"""A digest of what a DesiredState asks for, independent of YAML layout and line numbers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from ghlsync.config.sections import FileSchema
from ghlsync.values.state import DesiredAssociation, DesiredState

__all__ = ["canonical_desired_state", "desired_state_digest"]


def _association(association: DesiredAssociation) -> dict[str, Any]:
    return {
        "first": [association.first.object, association.first.label],
        "second": [association.second.object, association.second.label],
    }


def _schema(state: DesiredState) -> dict[str, Any]:
    schema = state.objects
    if schema is None:
        return {}
    return {
        "objects": {key: asdict(value) for key, value in sorted(schema.objects.items())},
        "fields": [asdict(value) for _, value in sorted(schema.fields.items())],
        "prune_fields": schema.prune_fields,
    }


def _managed(state: DesiredState, schema: FileSchema) -> dict[str, Any]:
    """The kinds' sections, their pruning and ownership; absent when the file sets none (so
    the digests of files without them do not change)."""
    found = schema.digest(state.kinds)
    if state.ownership:
        found["ownership"] = {
            address: [sorted(owned.ignore), owned.prevent_destroy]
            for address, owned in sorted(state.ownership.items())
        }
    return found


def canonical_desired_state(state: DesiredState, schema: FileSchema) -> dict[str, Any]:
    """The meaning of ``state`` (read from a file with ``schema``) as JSON-able data: no
    sources, no aliases, sorted."""
    return _schema(state) | _managed(state, schema) | {
        "location_id": state.location_id,
        "environment": state.environment,
        "associations": {k: _association(a) for k, a in sorted(state.associations.items())},
        "relations": sorted(list(r.identity) for r in state.relations),
        "relation_keys": sorted(state.relation_sources),
        "managed_records": sorted(state.managed_records),
        "prune": [state.prune.associations, state.prune.relations],
        "safety": [
            state.safety.max_relation_delete_fraction,
            state.safety.min_relations_for_fraction,
        ],
    }


def desired_state_digest(state: DesiredState, schema: FileSchema) -> str:
    """sha256 hex of the canonical JSON of ``state``."""
    text = json.dumps(
        canonical_desired_state(state, schema), sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
