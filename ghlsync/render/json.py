"""The JSON plan: one canonical document for ``--format json`` and plan files."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ghlsync.values.plan import Plan

__all__ = ["dump_json", "plan_to_dict", "render_json"]


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready values."""
    from ghlsync.engine.plan_document import (
        PlanDocument,  # validate's JSON output needs no plan models
    )

    return PlanDocument.of(plan).model_dump(mode="json")


def render_json(plan: Plan, out: TextIO) -> None:
    """Write one JSON document, identical bytes for identical plans, ending with a newline."""
    out.write(dump_json(plan_to_dict(plan)))


def dump_json(data: object) -> str:
    """The canonical text form used for plans and their schema."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
