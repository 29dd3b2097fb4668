"""The engine: plan, apply and verify one location, taking values and a client, returning
values (docs/design.md, "The engine").

Commands, the library (:mod:`ghlsync.library`) and a loop over many locations call these the
same way. Each step iterates the kinds (:data:`ghlsync.kinds.registry.KINDS`); none names one.
Nothing here prints, asks or exits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ghlsync.errors import ConfigError, SafetyError
from ghlsync.executor import ApplyReport, Outcome, execute
from ghlsync.gc_pause import gc_paused
from ghlsync.kinds.protocol import Applier
from ghlsync.kinds.registry import KINDS
from ghlsync.model import DesiredState, LiveState
from ghlsync.plan import Phase, Plan

if TYPE_CHECKING:
    from ghlsync.client import GhlClient

__all__ = ["apply", "diff", "gate", "plan", "read", "verify"]


def read(client: GhlClient, desired: DesiredState) -> LiveState:
    """What every kind needs from the location for ``desired``."""
    live = LiveState(client.location_id)
    for kind in KINDS:
        live = kind.read(client, desired, live)
    return live


@gc_paused
def diff(desired: DesiredState, live: LiveState) -> Plan:
    """Pure: the plan that makes ``live`` match ``desired``; ConfigError lists every conflict
    of the file with the location, of every kind, at once."""
    from ghlsync.planner import declared_values, live_digest

    diffs = [kind.diff(desired, live) for kind in KINDS]
    problems = [problem for found in diffs for problem in found.problems]
    if problems:
        raise ConfigError(problems)
    reasons = tuple(reason for found in diffs for reason in found.needs_allow_destroy)
    from ghlsync.safety import warnings_for

    return Plan(
        location_id=live.location_id,
        environment=desired.environment,
        changes=tuple(change for found in diffs for change in found.changes),
        config_digest=desired.config_digest,
        live_digest=live_digest(live),
        scope=live.scope,
        warnings=warnings_for(reasons),
        needs_allow_destroy=reasons,
        live_relation_count=sum(found.live_relation_count for found in diffs),
        resolved=desired.resolved,
        targets=desired.targets,
        declared=declared_values(desired),
    )


def plan(client: GhlClient, desired: DesiredState) -> tuple[Plan, LiveState]:
    """Read what ``desired`` needs from ``client``'s location and diff; also the live state
    read (the apply that follows needs its ids). Every record a planned relation create names
    is checked to exist (``ghlsync.record_checks``): ConfigError, before any write, if not."""
    from ghlsync.record_checks import check_records_exist
    from ghlsync.record_keys import check_record_sides

    live = read(client, desired)
    check_record_sides(desired, live)
    the_plan = diff(desired, live)
    check_records_exist(client, desired, live, the_plan)
    return the_plan, live


def gate(plans: Iterable[Plan], allow_destroy: bool) -> None:
    """Check every plan's safety gates before any is applied (one SafetyError for all)."""
    from ghlsync.safety import gate as gate_one

    refusals = []
    for each in plans:
        try:
            gate_one(each, allow_destroy)
        except SafetyError as refusal:
            refusals.append(f"location {each.location_id}: {refusal}")
    if len(refusals) == 1:
        raise SafetyError(refusals[0].split(": ", 1)[1])
    if refusals:
        raise SafetyError("\n".join(refusals))


def apply(
    client: GhlClient,
    the_plan: Plan,
    live: LiveState,
    on_outcome: Callable[[Outcome], None] = lambda _: None,
) -> ApplyReport:
    """Execute ``the_plan`` (made from ``live``) in the apply order; gates are the caller's."""
    appliers: dict[Phase, Applier] = {}
    for kind in KINDS:
        applier = kind.applier(client, live)
        appliers |= dict.fromkeys(kind.phases, applier)
    return execute(the_plan, appliers, client.pool, on_outcome)


def verify(
    client: GhlClient, desired: DesiredState, applied: tuple[Plan, LiveState] | None = None
) -> Plan:
    """Read the location again and plan: an empty plan means it matches ``desired``.

    With ``applied`` (the plan just applied and the live state it was made from), each kind
    re-reads only what its changes wrote (docs/design.md, "Verification").
    """
    if applied is None:
        remaining, _ = plan(client, desired)
        return remaining
    the_plan, live = applied
    for kind in KINDS:
        changes = [c for c in the_plan.changes if isinstance(c, kind.change_types)]
        live = kind.reread(client, desired, live, changes)
    return diff(desired, live)
