"""The engine: plan, apply and verify one location, taking values and a client, returning
values (docs/design.md, "The engine").

Commands, the library (:mod:`ghlsync.library`) and a loop over many locations call these the
same way. Each step iterates the kinds (:data:`ghlsync.kinds.registry.KINDS`); none names one.
Nothing here prints, asks or exits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ghlsync.engine.agency import created_objects, missing_token_message, refuse_without
from ghlsync.engine.quota import daily_quota_warning, verification_reads
from ghlsync.engine.record_keys import check_same_resolution
from ghlsync.engine.safety import gate as gate_one
from ghlsync.engine.safety import warnings_for
from ghlsync.errors import ConfigError, SafetyError, UsageError
from ghlsync.kinds.lazy import attributes_of
from ghlsync.kinds.protocol import Applier
from ghlsync.kinds.registry import KINDS
from ghlsync.plumbing.canonical_json import compact_digest
from ghlsync.plumbing.gc_pause import gc_paused
from ghlsync.plumbing.runner import run_tasks, stop_on_sigint
from ghlsync.values.plan import AssociationChange, Phase, Plan
from ghlsync.values.state import DesiredState, LiveState

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.engine.checkup import Checkup
    from ghlsync.engine.doctor import examine_member
    from ghlsync.engine.executor import ApplyReport, Outcome
    from ghlsync.engine.freshness import check_same_plan
    from ghlsync.engine.planfile import read_plan, write_plan

__all__ = [
    "ApplyReport",
    "AssociationChange",
    "Checkup",
    "DesiredState",
    "LiveState",
    "Plan",
    "apply",
    "check_same_plan",
    "check_same_resolution",
    "created_objects",
    "daily_quota_warning",
    "diff",
    "examine_member",
    "gate",
    "live_digest",
    "missing_token_message",
    "plan",
    "read",
    "read_plan",
    "refuse_without",
    "run_tasks",
    "stop_on_sigint",
    "target_only",
    "verification_reads",
    "verify",
    "warnings_for",
    "write_plan",
]
"""The pipeline, and what a command needs beside it (saved plans, freshness, the quota
estimate, the values it passes around): a command imports the engine, not its parts."""

__getattr__ = attributes_of(__name__, {
    "ApplyReport": "executor",
    "Checkup": "checkup",
    "check_same_plan": "freshness",
    "examine_member": "doctor",
    "read_plan": "planfile",
    "write_plan": "planfile",
})
"""What only some commands use loads when first asked for: ``plan`` does not load doctor,
the executor or the plan-file models (``tests/e2e/test_e2e_plan_imports.py``)."""


def read(client: GhlClient, desired: DesiredState) -> LiveState:
    """What every kind needs from the location for ``desired``."""
    live = LiveState(client.location_id)
    for kind in KINDS:
        live = kind.read(client, desired, live)
    return live


def target_only(desired: DesiredState, targets: Iterable[str]) -> DesiredState:
    """``desired`` narrowed to ``targets`` (``--target`` keys; all of it when empty): each kind
    keeps the things named and what they own, so only those are planned and read. The digest
    stays the whole file's. An unknown key is refused, listing every kind's keys."""
    keep = frozenset(targets)
    if not keep:
        return desired
    _check_targets(desired, keep)
    for kind in KINDS:
        desired = kind.narrowed(desired, keep)
    return replace(desired, targets=tuple(sorted(keep)))


def _check_targets(desired: DesiredState, targets: frozenset[str]) -> None:
    kinds = sorted(KINDS, key=lambda kind: kind.name)
    keys = {kind.name: kind.target_keys(desired) for kind in kinds}
    unknown = sorted(targets.difference(*keys.values()))
    if unknown:
        nouns = " or ".join(kind.noun for kind in kinds)
        article = "an" if nouns[0] in "aeiou" else "a"
        listed = "; ".join(f"{name}: {', '.join(sorted(k)) or 'none'}" for name, k in keys.items())
        raise UsageError(
            f"--target {', '.join(unknown)}: not {article} {nouns} key of "
            f"{desired.config_path} ({listed})"
        )


def live_digest(live: LiveState) -> str:
    """sha256 of a canonical form of everything read, every kind's rows."""
    document: dict[str, Any] = {}
    for kind in KINDS:
        document |= kind.digest_rows(live)
    return compact_digest(document)


@gc_paused
def diff(desired: DesiredState, live: LiveState) -> Plan:
    """Pure: the plan that makes ``live`` match ``desired``; ConfigError lists every conflict
    of the file with the location, of every kind, at once."""
    diffs = [kind.diff(desired, live) for kind in KINDS]
    problems = [problem for found in diffs for problem in found.problems]
    if problems:
        raise ConfigError(problems)
    reasons = tuple(reason for found in diffs for reason in found.needs_allow_destroy)
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
        declared=tuple(value for found in diffs for value in found.declared),
        ignored=tuple(note for found in diffs for note in found.ignored),
    )


def plan(client: GhlClient, desired: DesiredState) -> tuple[Plan, LiveState]:
    """Read what ``desired`` needs from ``client``'s location and diff; also the live state
    read (the apply that follows needs its ids). Every record a planned relation create names
    is checked to exist (``engine.record_checks``): ConfigError, before any write, if not."""
    from ghlsync.engine.record_checks import check_records_exist
    from ghlsync.engine.record_keys import check_record_sides

    live = read(client, desired)
    check_record_sides(desired, live)
    the_plan = diff(desired, live)
    check_records_exist(client, desired, live, the_plan)
    return the_plan, live


def gate(plans: Iterable[Plan], allow_destroy: bool) -> None:
    """Check every plan's safety gates before any is applied (one SafetyError for all)."""
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
    from ghlsync.engine.executor import execute

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
