"""Saved plans: ``plan --out PLANFILE`` writes one, ``apply PLANFILE`` reads it back.

Regenerate the checked-in schema with ``python -m ghlsync.planfile --schema``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ghlsync.config.reading import MAX_PLAN_BYTES, read_bounded
from ghlsync.errors import PlanFileError
from ghlsync.plan import Plan
from ghlsync.render.document import json_schema
from ghlsync.render.json import dump_json, plan_from_dict, render_json

__all__ = ["SCHEMA_PATH", "main", "plan_schema", "read_plan", "write_plan"]

SCHEMA_PATH = Path("schemas/plan.schema.json")


def write_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write the JSON plan atomically (a temporary file renamed over ``path``)."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            render_json(plan, out)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise PlanFileError(f"cannot write plan file {target}: {error.strerror}") from None


def read_plan(path: str | os.PathLike[str]) -> Plan:
    """Read and validate a plan file; PlanFileError for anything unusable."""
    data = _decode(Path(path))
    try:
        return plan_from_dict(data)
    except PlanFileError as error:
        raise PlanFileError(f"{path}: {error}") from None


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
    except RecursionError:
        raise PlanFileError(f"{path}: not a plan file (JSON nested too deeply)") from None


def main(argv: Sequence[str] | None = None) -> int:
    """``--schema [PATH]``: write the plan schema (default: SCHEMA_PATH; ``-``: stdout)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "--schema" or len(args) > 2:
        sys.stderr.write("usage: python -m ghlsync.planfile --schema [PATH|-]\n")
        return 1
    text = dump_json(plan_schema())
    destination = args[1] if len(args) == 2 else str(SCHEMA_PATH)
    if destination == "-":
        sys.stdout.write(text)
    else:
        Path(destination).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
