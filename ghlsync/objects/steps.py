"""One call per command step, for the commands to wire objects and fields in.

- ``plan`` / ``apply`` (fresh): after reading the associations and relations, call
  :func:`read_declared_schema` and plan with the state it returns.
- ``apply``: pass ``**schema_apply_options(client, live)`` to :func:`ghlsync.apply.apply_plan`.
- ``apply PLANFILE``: re-read with :func:`read_scope_schema` (the plan's ``scope.objects``).
- ``--target KEY``: :func:`schema_for_targets` keeps the targeted objects and their fields.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from ghlsync.client.api import GhlClient
from ghlsync.client.objects import SchemaClient
from ghlsync.model import DesiredState, LiveState, ReadScope
from ghlsync.objects.read import read_live_schema, with_live_schema

__all__ = [
    "read_declared_schema",
    "read_scope_schema",
    "schema_apply_options",
    "schema_for_targets",
]


def read_declared_schema(
    client: GhlClient, desired: DesiredState, live: LiveState, parallelism: int
) -> LiveState:
    """``live`` with the schema of the objects ``desired`` declares (unchanged if none)."""
    if desired.schema is None:
        return live
    schema = read_live_schema(SchemaClient(client), desired.schema.objects, parallelism)
    return with_live_schema(live, schema)


def read_scope_schema(
    client: GhlClient, scope: ReadScope, live: LiveState, parallelism: int
) -> LiveState:
    """``live`` with the schema of ``scope.objects`` (a saved plan's), unchanged if none."""
    if not scope.objects:
        return live
    schema = read_live_schema(SchemaClient(client), scope.objects, parallelism)
    return with_live_schema(live, schema)


def schema_apply_options(client: GhlClient, live: LiveState) -> dict[str, Any]:
    """The keyword arguments that let ``apply_plan`` write objects, folders and fields."""
    return {"schema_writer": SchemaClient(client), "live_schema": live.schema}


def schema_for_targets(desired: DesiredState, targets: Collection[str]) -> DesiredState:
    """``desired`` with only the objects named in ``targets`` (and their fields) declared."""
    schema = desired.schema
    if schema is None:
        return desired
    objects = {k: v for k, v in schema.objects.items() if k in targets}
    if not objects:
        return replace(desired, schema=None)
    fields = {k: v for k, v in schema.fields.items() if k[0] in objects}
    return replace(desired, schema=replace(schema, objects=objects, fields=fields))
