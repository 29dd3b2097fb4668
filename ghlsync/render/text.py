"""The terraform-style text plan (README, "Commands"), coloured on a terminal.

Every value from the plan goes through :func:`~ghlsync.render.neutral.terminal` (or
:func:`_quoted`), so no label, key, id or reason can add a line, an escape sequence or a
bidi override (docs/design.md, "Output boundaries")."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TextIO

from ghlsync.kinds.protocol import TextStyle
from ghlsync.model import Side
from ghlsync.plan import (
    Action,
    AnyChange,
    AssociationChange,
    FieldChange,
    Plan,
    RelationChange,
    SchemaChange,
)
from ghlsync.render.colour import Role, paint
from ghlsync.render.neutral import terminal, visible
from ghlsync.render.schema import title

__all__ = ["NO_CHANGES", "association_lines", "describe", "render_text"]

NO_CHANGES = "No changes. The location matches the configuration."

_ROLES = {
    Action.CREATE: Role.ADD,
    Action.UPDATE: Role.CHANGE,
    Action.DELETE: Role.DESTROY,
    Action.REPLACE: Role.REPLACE,
}


def render_text(plan: Plan, out: TextIO, *, color: bool) -> None:
    """Write the plan, then its warnings."""
    if plan.has_changes:
        out.writelines(f"{line}\n" for line in _plan_lines(plan, color))
    else:
        out.write(f"{NO_CHANGES}\n")
    out.writelines(f"{line}\n" for line in _warning_lines(plan.warnings, color))


def _symbol(action: Action, color: bool) -> str:
    return paint(action.symbol, _ROLES[action], color)


def _plan_lines(plan: Plan, color: bool) -> Iterator[str]:
    from ghlsync.kinds.registry import KINDS, changes_of

    yield _header(plan)
    yield ""
    style = TextStyle(lambda action: _symbol(action, color), color)
    for kind in KINDS:
        yield from kind.text(changes_of(kind, plan.changes), style)
    summary = plan.summary
    yield f"Plan: {summary.add} to add, {summary.change} to change, {summary.destroy} to destroy."


def association_lines(changes: Sequence[AnyChange], color: bool) -> Iterator[str]:
    """The association blocks, then one line per relation change (creates first)."""
    for change in changes:
        if isinstance(change, AssociationChange):
            yield from _association_block(change, color)
            yield ""
    relations = _relations_in_display_order(changes)
    yield from (_relation_line(change, color) for change in relations)
    if relations:
        yield ""


def _header(plan: Plan) -> str:
    environment = f" ({plan.environment})" if plan.environment else ""
    where = f"location {plan.location_id}{environment}"
    return f"ghlsync will perform the following actions on {terminal(where)}:"


def _association_block(change: AssociationChange, color: bool) -> Iterator[str]:
    symbol = _symbol(change.action, color)
    yield f"  # {terminal(f'{change.address} {_consequence(change)}')}"
    if change.limits:
        yield f"  # {terminal(change.limits)}"
    if change.action is Action.REPLACE:
        yield f"{symbol} {describe(change)} {{"
        yield from (f"      {_replaced_field(f, color)}" for f in change.fields)
        yield "    }"
        return
    yield f"  {symbol} {describe(change)} {{"
    yield from (f"      {symbol} {line}" for line in _association_body(change))
    yield "    }"


def _replaced_field(field: FieldChange, color: bool) -> str:
    """One field of a replacement; an object change is what forces it."""
    line = f"{_symbol(Action.UPDATE, color)} {_field_line(field)}"
    return f"{line}  # forces replacement" if field.path.endswith(".object") else line


def _field_line(field: FieldChange) -> str:
    return f"{terminal(field.path)} = {_quoted(field.old)} -> {_quoted(field.new)}"


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
        return [_field_line(f) for f in change.fields]
    value = change.after or change.before
    assert value is not None
    return [f"first  = {_side(value.first)}", f"second = {_side(value.second)}"]


def _side(side: Side) -> str:
    return f"{terminal(side.object)} {_quoted(side.label)}"


def _quoted(text: str) -> str:
    """``text`` in double quotes, JSON-escaped, with invisible characters made visible."""
    return visible(json.dumps(text, ensure_ascii=False))


def _relations_in_display_order(changes: Sequence[AnyChange]) -> list[RelationChange]:
    relations = [c for c in changes if isinstance(c, RelationChange)]
    return sorted(relations, key=lambda c: c.action is not Action.CREATE)


def _relation_line(change: RelationChange, color: bool) -> str:
    return f"  {_symbol(change.action, color)} {describe(change)}"


def describe(change: AnyChange) -> str:
    """A change as the plan heads it, with aliases: ``relation key[alias(id) -> id]``,
    ``association "key"``, ``object "custom_objects.property"``, ``field "contact.budget"``;
    neutralised for a terminal."""
    if isinstance(change, SchemaChange):
        return title(change)
    if isinstance(change, AssociationChange):
        return f'association "{terminal(change.key)}"'
    value = change.value
    pair = f"{value.first.display()} -> {value.second.display()}"
    return terminal(f"relation {value.association_key}[{pair}]")


def _warning_lines(warnings: tuple[str, ...], color: bool) -> Iterator[str]:
    if warnings:
        yield ""
    label = paint("Warning:", Role.WARNING, color)
    yield from (f"{label} {terminal(warning)}" for warning in warnings)
