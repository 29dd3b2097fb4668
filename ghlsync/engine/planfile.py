"""Saved plans: ``plan --out PLANFILE`` writes one, ``apply PLANFILE`` and ``show`` read it back.

A plan file is a reviewed expectation, never an authority: see docs/design.md, "Saved plans".
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ghlsync.config.bounded import MAX_PLAN_BYTES, read_bounded
from ghlsync.engine.plan_document import PlanDocument, json_schema, plan_to_dict
from ghlsync.errors import PlanFileError
from ghlsync.plumbing.atomic import write_text_atomically
from ghlsync.plumbing.canonical_json import dump_json
from ghlsync.values.plan import Plan

__all__ = ["plan_from_dict", "plan_schema", "read_plan", "write_plan"]

_ERRORS_SHOWN = 5


def write_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write the JSON plan atomically (a temporary file renamed over ``path``)."""
    try:
        write_text_atomically(Path(path), dump_json(plan_to_dict(plan)))
    except OSError as error:
        raise PlanFileError(f"cannot write plan file {path}: {error.strerror}") from None


def read_plan(path: str | os.PathLike[str]) -> Plan:
    """Read and validate a plan file; PlanFileError for anything unusable."""
    data = _decode(Path(path))
    try:
        return plan_from_dict(data)
    except PlanFileError as error:
        raise PlanFileError(f"{path}: {error}") from None


def plan_from_dict(data: object) -> Plan:
    """Validate a decoded plan document and rebuild the Plan; PlanFileError when invalid."""
    _refuse_newer_format(data)
    try:
        document = PlanDocument.model_validate(data)
    except ValidationError as error:
        raise PlanFileError(f"invalid plan: {_describe(error)}") from None
    return document.to_plan()


def plan_schema() -> dict[str, Any]:
    """The JSON Schema every plan file conforms to."""
    return json_schema()


def _decode(path: Path) -> object:
    raw = read_bounded(path, MAX_PLAN_BYTES, "plan file", PlanFileError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PlanFileError(f"{path}: not a plan file (not UTF-8 text)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            f"{path}: not a plan file (invalid JSON at line {error.lineno} column {error.colno})"
        ) from None
    except ValueError:  # Python refuses to convert integers of over 4,300 digits
        raise PlanFileError(f"{path}: not a plan file (a number too long to read)") from None
    except RecursionError:
        raise PlanFileError(f"{path}: not a plan file (JSON nested too deeply)") from None


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
