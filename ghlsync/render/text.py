"""The terraform-style text plan of SPEC §4, optionally coloured with ANSI codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from ghlsync.model import Side
from ghlsync.objects.render import text_blocks
from ghlsync.plan import Action, AssociationChange, Plan, RelationChange

__all__ = ["NO_CHANGES", "render_text"]

NO_CHANGES = "No changes. The location matches the configuration."

_COLOURS = {
    Action.CREATE: "\x1b[32m",
    Action.UPDATE: "\x1b[33m",
    Action.DELETE: "\x1b[31m",
    Action.REPLACE: "\x1b[35m",
}
_WARNING_COLOUR = "\x1b[33m"
_RESET = "\x1b[0m"


def render_text(plan: Plan, out: TextIO, *, color: bool, location_label: str | None = None) -> None:
    """Write the plan; ``location_label`` replaces the location id in the header."""
    painter = _Painter(color)
    if plan.has_changes:
        out.writelines(f"{line}\n" for line in _plan_lines(plan, painter, location_label))
    else:
        out.write(f"{NO_CHANGES}\n")
    out.writelines(f"{line}\n" for line in _warning_lines(plan.warnings, painter))


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def paint(self, text: str, colour: str) -> str:
        return f"{colour}{text}{_RESET}" if self.color else text

    def symbol(self, action: Action) -> str:
        return self.paint(action.symbol, _COLOURS[action])


def _plan_lines(plan: Plan, painter: _Painter, location_label: str | None) -> Iterator[str]:
    yield _header(plan, location_label)
    yield ""
    yield from text_blocks(plan.schema_changes, painter.symbol)
    for change in plan.changes:
        if isinstance(change, AssociationChange):
            yield from _association_block(change, painter)
            yield ""
    relations = _relations_in_display_order(plan)
    yield from (_relation_line(change, painter) for change in relations)
    if relations:
        yield ""
    summary = plan.summary
    yield f"Plan: {summary.add} to add, {summary.change} to change, {summary.destroy} to destroy."


def _header(plan: Plan, location_label: str | None) -> str:
    environment = f" ({plan.environment})" if plan.environment else ""
    location = location_label or plan.location_id
    return f"ghlsync will perform the following actions on location {location}{environment}:"


def _association_block(change: AssociationChange, painter: _Painter) -> Iterator[str]:
    symbol = painter.symbol(change.action)
    yield f"  # {change.address} {_consequence(change)}"
    if change.action is Action.REPLACE:
        yield f'{symbol} association "{change.key}" {{ ... }}'
        return
    yield f'  {symbol} association "{change.key}" {{'
    yield from (f"      {symbol} {line}" for line in _association_body(change))
    yield "    }"


def _consequence(change: AssociationChange) -> str:
    cascade = change.cascade_note()
    if change.action is Action.CREATE:
        return "will be created"
    if change.action is Action.UPDATE:
        return "will be updated in-place"
    if change.action is Action.REPLACE:
        return f"must be replaced ({change.reason}); {cascade}"
    return f"will be destroyed; {cascade}"


def _association_body(change: AssociationChange) -> list[str]:
    if change.action is Action.UPDATE:
        return [f"{f.path} = {_quoted(f.old)} -> {_quoted(f.new)}" for f in change.fields]
    value = change.after or change.before
    assert value is not None
    return [f"first  = {_side(value.first)}", f"second = {_side(value.second)}"]


def _side(side: Side) -> str:
    return f"{side.object} {_quoted(side.label)}"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _relations_in_display_order(plan: Plan) -> list[RelationChange]:
    relations = [c for c in plan.changes if isinstance(c, RelationChange)]
    return sorted(relations, key=lambda c: c.action is not Action.CREATE)


def _relation_line(change: RelationChange, painter: _Painter) -> str:
    value = change.value
    pair = f"{value.first.display()} -> {value.second.display()}"
    return f"  {painter.symbol(change.action)} relation {value.association_key}[{pair}]"


def _warning_lines(warnings: tuple[str, ...], painter: _Painter) -> Iterator[str]:
    if warnings:
        yield ""
    label = painter.paint("Warning:", _WARNING_COLOUR)
    yield from (f"{label} {warning}" for warning in warnings)
