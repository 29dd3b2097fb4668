"""One call per command step that involves objects and fields.

- ``plan`` and ``apply``: after reading associations and relations,
  :func:`read_declared_schema` adds the schema of the declared objects to the live state.
- ``apply``: ``**schema_apply_options(client, live)`` lets ``apply_plan`` write the schema;
  ``matched_fields`` then says which fields were adopted by name, not key.
"""

from __future__ import annotations

from typing import Any

from ghlsync.client.api import GhlClient
from ghlsync.client.objects import SchemaClient
from ghlsync.model import DesiredState, LiveState
from ghlsync.objects.read import read_live_schema, with_declared_keys, with_live_schema

__all__ = ["matched_fields", "read_declared_schema", "schema_apply_options"]


def read_declared_schema(client: GhlClient, desired: DesiredState, live: LiveState) -> LiveState:
    """``live`` with the schema of the objects ``desired`` declares (unchanged if none)."""
    if desired.schema is None:
        return live
    schema = read_live_schema(SchemaClient(client), desired.schema.objects)
    return with_live_schema(live, with_declared_keys(desired.schema, schema))


def schema_apply_options(client: GhlClient, live: LiveState) -> dict[str, Any]:
    """The keyword arguments that let ``apply_plan`` write objects, folders and fields."""
    return {"schema_writer": SchemaClient(client), "live_schema": live.schema}


def matched_fields(options: dict[str, Any]) -> list[str]:
    """After an apply with ``options``: the fields adopted other than by their key, and how."""
    writer = options["schema_writer"]
    assert isinstance(writer, SchemaClient)
    return list(writer.matched)
