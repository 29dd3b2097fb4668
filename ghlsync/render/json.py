"""The JSON plan: one canonical document for ``--format json`` and plan files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from ghlsync.plumbing.canonical_json import dump_json

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
