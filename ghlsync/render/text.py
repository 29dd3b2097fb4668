"""The terraform-style text plan (README, "Commands"), coloured on a terminal.

Every value from the plan goes through :func:`~ghlsync.render.neutral.terminal` (each kind's
lines too), so no label, key, id or reason can add a line, an escape sequence or a bidi
override (docs/design.md, "Output boundaries")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from ghlsync.kinds.protocol import TextStyle
from ghlsync.render.colour import Role, paint
from ghlsync.render.neutral import terminal
from ghlsync.values.plan import (
    Action,
    AnyChange,
    Plan,
)

__all__ = ["NO_CHANGES", "describe", "render_text"]

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


def _header(plan: Plan) -> str:
    environment = f" ({plan.environment})" if plan.environment else ""
    where = f"location {plan.location_id}{environment}"
    return f"ghlsync will perform the following actions on {terminal(where)}:"


def _warning_lines(warnings: tuple[str, ...], color: bool) -> Iterator[str]:
    if warnings:
        yield ""
    label = paint("Warning:", Role.WARNING, color)
    yield from (f"{label} {terminal(warning)}" for warning in warnings)


def describe(change: AnyChange) -> str:
    """A change as the plan names it, by the kind that owns it."""
    from ghlsync.kinds.registry import KINDS

    kind = next(kind for kind in KINDS if isinstance(change, kind.change_types))
    return kind.describe(change)
