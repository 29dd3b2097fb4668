"""Whether a schema change of a plan is in effect in the live schema read after applying."""

from __future__ import annotations

from ghlsync.objects.model import DesiredSchema, FieldValue, FolderValue, LiveSchema, ObjectValue
from ghlsync.objects.planner import plan_schema
from ghlsync.plan import Action, SchemaChange

__all__ = ["schema_change_met"]


def schema_change_met(change: SchemaChange, live: LiveSchema | None) -> bool:
    """True when ``live`` shows what ``change`` was meant to achieve."""
    if live is None:
        return False
    value = change.after
    if change.action is Action.DELETE:
        before = change.before
        return isinstance(before, FieldValue) and before.identity not in live.fields
    if isinstance(value, FolderValue):
        return (value.object_key, value.name) in live.folders
    if isinstance(value, ObjectValue):
        desired = DesiredSchema(objects={value.key: value})
    else:
        assert isinstance(value, FieldValue)
        owner = ObjectValue(value.object_key)
        desired = DesiredSchema(objects={owner.key: owner}, fields={value.identity: value})
    changes, problems = plan_schema(desired, live)
    return not problems and all(c.address != change.address for c in changes)
