"""The JSON plan (SPEC §4): a dict for ``--format json`` and plan files, and back."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, TextIO

from pydantic import ValidationError

from ghlsync.errors import PlanFileError
from ghlsync.objects.render import SCHEMA_KINDS, schema_change_from_dict, schema_change_to_dict
from ghlsync.plan import Plan, SchemaChange
from ghlsync.render.document import PlanDocument

__all__ = ["dump_json", "plan_from_dict", "plan_to_dict", "render_json"]

_ERRORS_SHOWN = 5
_SCOPE_OBJECTS = "scope_objects"


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready values; schema changes around the association ones."""
    data = PlanDocument.of(plan).model_dump(mode="json")
    schema = plan.schema_changes
    before = [schema_change_to_dict(c) for c in schema if c.phase < 0]
    after = [schema_change_to_dict(c) for c in schema if c.phase > 0]
    data["changes"] = before + data["changes"] + after
    if plan.scope.objects:
        data[_SCOPE_OBJECTS] = sorted(plan.scope.objects)
    return data


def plan_from_dict(data: object) -> Plan:
    """Validate a decoded plan document and rebuild the Plan; PlanFileError when invalid."""
    _refuse_newer_format(data)
    assert isinstance(data, dict)
    data, schema = _split_schema_changes(dict(data))
    objects = _scope_objects(data.pop(_SCOPE_OBJECTS, []))
    try:
        document = PlanDocument.model_validate(data)
    except ValidationError as error:
        raise PlanFileError(f"invalid plan: {_describe(error)}") from None
    plan = document.to_plan()
    return replace(plan, schema_changes=schema, scope=replace(plan.scope, objects=objects))


def _scope_objects(value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PlanFileError(f"invalid plan: {_SCOPE_OBJECTS} must be a list of object keys")
    return frozenset(value)


def _split_schema_changes(data: dict[str, Any]) -> tuple[dict[str, Any], tuple[SchemaChange, ...]]:
    changes = data.get("changes")
    if not isinstance(changes, list):
        return data, ()
    is_schema = [isinstance(c, dict) and c.get("kind") in SCHEMA_KINDS for c in changes]
    schema = tuple(schema_change_from_dict(c) for c, s in zip(changes, is_schema, strict=True) if s)
    rest = [c for c, s in zip(changes, is_schema, strict=True) if not s]
    return {**data, "changes": rest}, schema


def render_json(plan: Plan, out: TextIO) -> None:
    """Write one JSON document, identical bytes for identical plans, ending with a newline."""
    out.write(dump_json(plan_to_dict(plan)))


def dump_json(data: object) -> str:
    """The canonical text form used for plans and their schema."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def _refuse_newer_format(data: object) -> None:
    if not isinstance(data, dict):
        raise PlanFileError("invalid plan: expected a JSON object")
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > Plan.FORMAT_VERSION:
        raise PlanFileError(
            f"plan file format {version} is newer than this ghlsync understands "
            f"({Plan.FORMAT_VERSION}); upgrade ghlsync"
        )


def _describe(error: ValidationError) -> str:
    problems = [_problem(detail) for detail in error.errors()[:_ERRORS_SHOWN]]
    hidden = error.error_count() - len(problems)
    more = [f"and {hidden} more"] if hidden > 0 else []
    return "; ".join([*problems, *more])


def _problem(detail: Any) -> str:
    location = ".".join(str(part) for part in detail["loc"]) or "(document)"
    return f"{location}: {detail['msg']}"
