"""The JSON plan (SPEC §4): a dict for ``--format json`` and plan files, and back."""

from __future__ import annotations

import json
from typing import Any, TextIO

from pydantic import ValidationError

from ghlsync.errors import PlanFileError
from ghlsync.plan import Plan
from ghlsync.render.document import PlanDocument

__all__ = ["dump_json", "plan_from_dict", "plan_to_dict", "render_json"]

_ERRORS_SHOWN = 5


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready values."""
    return PlanDocument.of(plan).model_dump(mode="json")


def plan_from_dict(data: object) -> Plan:
    """Validate a decoded plan document and rebuild the Plan; PlanFileError when invalid."""
    _refuse_newer_format(data)
    try:
        document = PlanDocument.model_validate(data)
    except ValidationError as error:
        raise PlanFileError(f"invalid plan: {_describe(error)}") from None
    return document.to_plan()


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
