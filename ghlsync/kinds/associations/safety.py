"""What deleting associations and relations risks: the reasons ``apply`` needs
``--allow-destroy`` (docs/design.md, "Safety gates"). ``engine.safety`` holds the gate."""

from __future__ import annotations

from collections.abc import Iterable

from ghlsync.values.plan import Action, AnyChange, AssociationChange, RelationChange
from ghlsync.values.state import SafetySettings

__all__ = ["assess"]

_DESTRUCTIVE_VERBS = {Action.DELETE: "deleted", Action.REPLACE: "replaced"}


def assess(
    changes: Iterable[AnyChange], live_relation_count: int, settings: SafetySettings
) -> tuple[str, ...]:
    """The reasons applying ``changes`` needs ``--allow-destroy`` (empty when it does not):
    each association deleted or replaced (GHL deletes its relations), and too large a share
    of the live in-scope relations deleted."""
    changes = tuple(changes)
    reasons = [_association_reason(c) for c in _destructive_associations(changes)]
    deletes = sum(1 for c in changes if _is_relation_delete(c))
    fraction = _fraction_reason(deletes, live_relation_count, settings)
    return (*reasons, fraction) if fraction else tuple(reasons)


def _destructive_associations(changes: Iterable[AnyChange]) -> list[AssociationChange]:
    return [
        c for c in changes if isinstance(c, AssociationChange) and c.action in _DESTRUCTIVE_VERBS
    ]


def _is_relation_delete(change: AnyChange) -> bool:
    return isinstance(change, RelationChange) and change.action is Action.DELETE


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
