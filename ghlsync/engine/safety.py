"""Safety gates (docs/design.md, "Safety gates"): what needs ``apply --allow-destroy``; the gate.

``plan`` only warns; ``apply`` calls :func:`gate` before changing anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from ghlsync.errors import SafetyError
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    Change,
    Plan,
    RelationChange,
    SchemaChange,
)
from ghlsync.values.state import SafetySettings

__all__ = ["assess", "gate", "warnings_for"]

_ALLOW_DESTROY = "--allow-destroy"
FIELD_VALUES_DESTROYED = "destroys the values of this field in every record"
_DESTRUCTIVE_VERBS = {Action.DELETE: "deleted", Action.REPLACE: "replaced"}


def assess(
    changes: Iterable[Change | SchemaChange], live_relation_count: int, settings: SafetySettings
) -> tuple[str, ...]:
    """The reasons applying ``changes`` needs ``--allow-destroy`` (empty when it does not)."""
    changes = tuple(changes)
    reasons = [_association_reason(c) for c in _destructive_associations(changes)]
    reasons += [_field_reason(c) for c in changes if _destroys_field_values(c)]
    deletes = sum(1 for c in changes if _is_relation_delete(c))
    fraction = _fraction_reason(deletes, live_relation_count, settings)
    return (*reasons, fraction) if fraction else tuple(reasons)


def warnings_for(reasons: Iterable[str]) -> tuple[str, ...]:
    """Plan warnings naming the flag ``apply`` will need, one per reason."""
    return tuple(f"apply will need {_ALLOW_DESTROY}: {reason}" for reason in reasons)


def gate(plan: Plan, allow_destroy: bool) -> None:
    """Raise SafetyError unless the plan is safe or ``--allow-destroy`` was given."""
    if plan.needs_allow_destroy and not allow_destroy:
        listed = "\n".join(f"  - {reason}" for reason in plan.needs_allow_destroy)
        raise SafetyError(f"refusing to apply without {_ALLOW_DESTROY}:\n{listed}")


def _destructive_associations(
    changes: Iterable[Change | SchemaChange],
) -> list[AssociationChange]:
    return [
        c for c in changes if isinstance(c, AssociationChange) and c.action in _DESTRUCTIVE_VERBS
    ]


def _is_relation_delete(change: Change | SchemaChange) -> bool:
    return isinstance(change, RelationChange) and change.action is Action.DELETE


def _destroys_field_values(change: Change | SchemaChange) -> bool:
    return isinstance(change, SchemaChange) and change.action in _DESTRUCTIVE_VERBS


def _field_reason(change: Change | SchemaChange) -> str:
    verb = _DESTRUCTIVE_VERBS[change.action]
    return f"{change.address} would be {verb}; {FIELD_VALUES_DESTROYED}"


def _association_reason(change: AssociationChange) -> str:
    verb = _DESTRUCTIVE_VERBS[change.action]
    return f"{change.address} would be {verb}; {change.cascade_note()}"


def _fraction_reason(deletes: int, live: int, settings: SafetySettings) -> str | None:
    if deletes == 0 or live <= 0 or live < settings.min_relations_for_fraction:
        return None
    if deletes / live <= settings.max_relation_delete_fraction:
        return None
    return (
        f"{deletes} of {live} in-scope relations ({_percent(deletes / live)}) would be deleted, "
        f"over the {_percent(settings.max_relation_delete_fraction)} limit"
    )


def _percent(fraction: float) -> str:
    """30% rather than 30.000000000000004%; one decimal when it matters (33.3%)."""
    return f"{round(fraction * 100, 1):g}%"
