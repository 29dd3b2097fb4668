"""Plan and apply a fleet: the engine's functions, once per member, members concurrently.

Each member has its own client (its own pacer: limits are per location), so the fleet's wall
time stays near its slowest member's. ``apply_fleet`` plans every member and checks every
safety gate and record reference of all of them before it writes to any; then the canary
members are applied and verified, then the rest, each failure isolated (docs/design.md,
"Fleets"). Nothing here prints.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ghlsync import engine
from ghlsync.client import GhlClient
from ghlsync.config import ConfigDocument
from ghlsync.config.resolve import checked_location
from ghlsync.engine.executor import ApplyReport
from ghlsync.errors import ConfigError, GhlsyncError, SafetyError, UsageError
from ghlsync.fleet.connect import FleetConnection
from ghlsync.fleet.documents import member_document
from ghlsync.fleet.members import Member
from ghlsync.plumbing.redaction import scrub
from ghlsync.plumbing.runner import run_tasks
from ghlsync.values.plan import Plan
from ghlsync.values.state import DesiredState, LiveState

__all__ = [
    "DEFAULT_MEMBERS_AT_ONCE",
    "FleetResult",
    "FleetRun",
    "MemberOutcome",
    "MemberStatus",
    "apply_fleet",
    "plan_fleet",
]

DEFAULT_MEMBERS_AT_ONCE = 32
FLEET_IN_FLIGHT = 96
"""Requests in flight across the whole fleet (split between the members at work): a member is
paced to 100 requests per 10 s, which a few connections keep busy; hundreds of threads
contending for one interpreter would only slow every member down."""


class MemberStatus(StrEnum):
    PLANNED = "planned"
    APPLIED = "applied"
    FAILED = "failed"
    REFUSED = "refused"
    NOT_RUN = "not run"


@dataclass(frozen=True, slots=True)
class MemberOutcome:
    member: Member
    status: MemberStatus
    plan: Plan | None = None
    error: str | None = None
    report: ApplyReport | None = None
    requests: int = 0

    @property
    def has_changes(self) -> bool:
        return self.plan is not None and self.plan.has_changes


@dataclass(frozen=True, slots=True)
class FleetResult:
    outcomes: list[MemberOutcome]
    interrupted: bool = False
    stopped: str | None = None
    """Why members were left not run (a gate, a canary, --max-failures), if any were."""

    @property
    def failed(self) -> list[MemberOutcome]:
        bad = (MemberStatus.FAILED, MemberStatus.REFUSED)
        return [o for o in self.outcomes if o.status in bad]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted and self.stopped is None

    @property
    def has_changes(self) -> bool:
        return any(outcome.has_changes for outcome in self.outcomes)


@dataclass(slots=True)
class _Session:
    """One member between its plan and its apply: the client stays open."""

    member: Member
    client: GhlClient
    desired: DesiredState
    plan: Plan
    live: LiveState


@dataclass(frozen=True, slots=True)
class FleetRun:
    """What a fleet run works with: the file, the members chosen, how to connect."""

    document: ConfigDocument
    members: Sequence[Member]
    connection: FleetConnection
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    members_at_once: int = DEFAULT_MEMBERS_AT_ONCE
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def member_parallelism(self) -> int:
        """Each member's share of :data:`FLEET_IN_FLIGHT` (at least 2, at most
        ``--parallelism``): one member alone keeps the whole of ``--parallelism``."""
        at_work = max(1, min(len(self.members), self.members_at_once))
        return max(2, min(self.connection.parallelism, FLEET_IN_FLIGHT // at_work))


def plan_fleet(run: FleetRun) -> FleetResult:
    """Plan every member concurrently (read tokens); a member's failure is its own."""
    sessions = _plan_all(run, read_only=True)
    outcomes = [_planned(member, session) for member, session in sessions]
    return FleetResult(outcomes, interrupted=run.stop.is_set())


def apply_fleet(
    run: FleetRun,
    *,
    allow_destroy: bool = False,
    canary: Sequence[str] = (),
    max_failures: int | None = None,
    approve: Callable[[list[MemberOutcome]], None] = lambda _planned: None,
    saved: Mapping[str, Plan] | None = None,
) -> FleetResult:
    """Plan all, check all gates and record references, then apply canaries and the rest.

    ``canary`` names members applied (and verified) first; the rest only if all succeed.
    After ``max_failures`` failed members no more are started. ``approve`` sees every
    member's plan before the first write and may raise to stop (a declined confirmation).
    ``saved`` (member name -> reviewed plan) must each equal a fresh plan, or nothing is
    applied anywhere.
    """
    planned = _plan_all(run, read_only=False)
    outcomes = {m.name: _planned(m, s) for m, s in planned}
    if saved is not None:
        _check_saved(planned, saved, outcomes)
    refusal = _refusals(planned, allow_destroy, outcomes)
    if refusal is not None or run.stop.is_set():
        return _left_not_run(outcomes, refusal, run.stop.is_set())
    approve(list(outcomes.values()))
    sessions = [s for _, s in planned if isinstance(s, _Session)]
    already_failed = sum(o.status is MemberStatus.FAILED for o in outcomes.values())
    return _apply_in_waves(run, sessions, outcomes, canary, _Budget(max_failures, already_failed))


def _apply_in_waves(
    run: FleetRun,
    sessions: list[_Session],
    outcomes: dict[str, MemberOutcome],
    canary: Sequence[str],
    budget: _Budget,
) -> FleetResult:
    """The canary members, then (if they all succeeded) the rest; each wave concurrent."""
    first = [s for s in sessions if s.member.name in canary]
    rest = [s for s in sessions if s.member.name not in canary]
    for wave, is_canary in ((first, True), (rest, False)):
        if budget.exhausted():
            return _left_not_run(outcomes, budget.reason(), run.stop.is_set())
        _apply_wave(run, wave, outcomes, budget)
        canary_failed = is_canary and any(
            outcomes[s.member.name].status is not MemberStatus.APPLIED for s in wave
        )
        if canary_failed or run.stop.is_set():
            reason = "a canary member failed" if canary_failed else None
            return _left_not_run(outcomes, reason, run.stop.is_set())
    stopped = _stopped(outcomes, budget)
    return FleetResult(list(outcomes.values()), run.stop.is_set(), stopped)


# planning


def _plan_all(run: FleetRun, read_only: bool) -> list[tuple[Member, _Session | GhlsyncError]]:
    tasks = [_plan_task(run, member, read_only) for member in run.members]
    outcome = run_tasks(tasks, run.members_at_once, stop=run.stop)
    results: list[tuple[Member, _Session | GhlsyncError]] = []
    for member, result in zip(run.members, outcome.results, strict=True):
        found = result.value if result.value is not None else result.error
        results.append((member, found if found is not None else _NotRun()))
    return results


class _NotRun(GhlsyncError):
    def __init__(self) -> None:
        super().__init__("not run: the run was interrupted")


def _plan_task(run: FleetRun, member: Member, read_only: bool) -> Callable[[], _Session]:
    return lambda: _plan_member(run, member, read_only)


def _plan_member(run: FleetRun, member: Member, read_only: bool) -> _Session:
    from ghlsync.engine.record_keys import resolve_in_location

    document = member_document(run.document, member, run.environ)
    checked_location(document, None, member.location)
    client = run.connection.client(member, read_only=read_only,
                                   parallelism=run.member_parallelism)
    desired = resolve_in_location(document, None, member.location, client).desired
    plan, live = engine.plan(client, desired)
    return _Session(member, client, desired, _without_excluded(plan, member), live)


def _without_excluded(plan: Plan, member: Member) -> Plan:
    """An excluded key is not this member's: nothing of it is pruned either."""
    if not member.exclude:
        return plan
    from ghlsync.engine.safety import warnings_for

    excluded = frozenset(member.exclude)
    dropped = [c.address for c in plan.changes if c.address.split(".", 1)[-1] in excluded]
    if not dropped:
        return plan
    reasons = tuple(r for r in plan.needs_allow_destroy if not r.startswith(tuple(dropped)))
    gone = set(warnings_for(plan.needs_allow_destroy)) - set(warnings_for(reasons))
    return replace(
        plan,
        changes=tuple(c for c in plan.changes if c.address not in dropped),
        needs_allow_destroy=reasons,
        warnings=tuple(w for w in plan.warnings if w not in gone),
    )


def _planned(member: Member, found: _Session | GhlsyncError) -> MemberOutcome:
    if isinstance(found, _NotRun):
        return MemberOutcome(member, MemberStatus.NOT_RUN)
    if isinstance(found, GhlsyncError):
        status = MemberStatus.REFUSED if _is_refusal(found) else MemberStatus.FAILED
        return MemberOutcome(member, status, error=_clean(str(found)))
    return MemberOutcome(member, MemberStatus.PLANNED, found.plan,
                         requests=found.client.stats.requests)


def _is_refusal(error: GhlsyncError) -> bool:
    """The file's problem in this member (a record reference, a conflict): fix the file."""
    return isinstance(error, ConfigError | SafetyError)


def _clean(text: str) -> str:
    return scrub(text)


# the gates of all members, before any write


def _refusals(
    planned: list[tuple[Member, _Session | GhlsyncError]],
    allow_destroy: bool,
    outcomes: dict[str, MemberOutcome],
) -> str | None:
    from ghlsync.engine.agency import refuse_without
    from ghlsync.engine.safety import gate

    for member, found in planned:
        if isinstance(found, _Session):
            try:
                gate(found.plan, allow_destroy)
                refuse_without(found.plan, found.client.has_agency_token)
            except (SafetyError, UsageError) as refusal:
                outcomes[member.name] = replace(
                    outcomes[member.name], status=MemberStatus.REFUSED, error=str(refusal)
                )
    refused = [o.member.name for o in outcomes.values() if o.status is MemberStatus.REFUSED]
    if not refused:
        return None
    return (f"nothing was applied: {', '.join(refused)} refused by a safety gate, a record "
            "reference or a stale saved plan (every member is checked before the first write)")


def _check_saved(
    planned: list[tuple[Member, _Session | GhlsyncError]],
    saved: Mapping[str, Plan],
    outcomes: dict[str, MemberOutcome],
) -> None:
    """Each reviewed plan must be for the member's location and equal its fresh plan."""
    from ghlsync.engine.freshness import check_same_plan
    from ghlsync.engine.record_keys import check_same_resolution

    for member, found in planned:
        if not isinstance(found, _Session):
            continue
        reviewed = saved[member.name]
        try:
            if reviewed.location_id != member.location:
                raise GhlsyncError(f"the saved plan is for location {reviewed.location_id}")
            check_same_resolution(reviewed.resolved, found.desired.resolved)
            check_same_plan(reviewed, found.plan)
        except GhlsyncError as stale:
            outcomes[member.name] = replace(
                outcomes[member.name], status=MemberStatus.REFUSED, error=_clean(str(stale))
            )


def _left_not_run(
    outcomes: dict[str, MemberOutcome], reason: str | None, interrupted: bool
) -> FleetResult:
    left = {
        name: replace(o, status=MemberStatus.NOT_RUN) if o.status is MemberStatus.PLANNED else o
        for name, o in outcomes.items()
    }
    return FleetResult(list(left.values()), interrupted, reason)


# applying


@dataclass(slots=True)
class _Budget:
    """``--max-failures``: how many members may fail before no more are started."""

    limit: int | None
    failures: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self) -> None:
        with self._lock:
            self.failures += 1

    def exhausted(self) -> bool:
        return self.limit is not None and self.failures >= self.limit

    def reason(self) -> str:
        return f"{self.failures} member(s) failed (--max-failures {self.limit})"


def _apply_wave(
    run: FleetRun, wave: list[_Session], outcomes: dict[str, MemberOutcome], budget: _Budget
) -> None:
    halt = threading.Event()

    def task(session: _Session) -> Callable[[], MemberOutcome]:
        return lambda: _apply_member(session, budget, halt)

    tasks = [task(session) for session in wave]
    stop = _EitherEvent(run.stop, halt)
    result = run_tasks(tasks, run.members_at_once, stop=stop)
    for session, done in zip(wave, result.results, strict=True):
        if done.value is not None:
            outcomes[session.member.name] = done.value


def _apply_member(session: _Session, budget: _Budget, halt: threading.Event) -> MemberOutcome:
    outcome = _applied(session)
    if outcome.status is MemberStatus.FAILED:
        budget.fail()
        if budget.exhausted():
            halt.set()
    return outcome


def _applied(session: _Session) -> MemberOutcome:
    base = MemberOutcome(session.member, MemberStatus.APPLIED, session.plan)
    if not session.plan.has_changes:
        return replace(base, report=ApplyReport(), requests=session.client.stats.requests)
    try:
        report = engine.apply(session.client, session.plan, session.live)
        error = None if report.complete else "some operations failed or were not done"
        if error is None:
            remaining = _without_excluded(engine.verify(session.client, session.desired),
                                          session.member)
            error = "does not match the file after apply" if remaining.has_changes else None
    except GhlsyncError as failure:
        return replace(base, status=MemberStatus.FAILED, error=_clean(str(failure)),
                       requests=session.client.stats.requests)
    status = MemberStatus.APPLIED if error is None else MemberStatus.FAILED
    return replace(base, status=status, error=error, report=report,
                   requests=session.client.stats.requests)


def _stopped(outcomes: dict[str, MemberOutcome], budget: _Budget) -> str | None:
    if any(o.status is MemberStatus.PLANNED for o in outcomes.values()):
        for name, outcome in outcomes.items():
            if outcome.status is MemberStatus.PLANNED:
                outcomes[name] = replace(outcome, status=MemberStatus.NOT_RUN)
        return budget.reason() if budget.exhausted() else "the run was interrupted"
    return None


class _EitherEvent(threading.Event):
    """Set when either of two events is (the run's stop, a wave's halt); setting it sets the
    first (run_tasks sets it on Ctrl-C)."""

    def __init__(self, first: threading.Event, second: threading.Event) -> None:
        super().__init__()
        self._events = (first, second)

    def is_set(self) -> bool:
        return any(event.is_set() for event in self._events)

    def set(self) -> None:
        self._events[0].set()
