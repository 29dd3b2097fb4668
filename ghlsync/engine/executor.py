"""Execute a plan against a location in the fixed apply order (docs/design.md, "Apply order").

Phases (:class:`~ghlsync.values.plan.Phase`) run one after another; the operations of a phase run
concurrently. Each kind's applier gives the steps of its phases; a step whose prerequisite
failed (a relation create whose association was not created) is skipped, and so is every
operation after an interruption. The result is an :class:`ApplyReport` (plain data).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ghlsync.errors import ApiError, GhlsyncError
from ghlsync.kinds.protocol import Applier, Step
from ghlsync.plumbing.runner import Status, TaskPool, TaskResult, stop_on_sigint
from ghlsync.values.plan import APPLY_ORDER, Action, AnyChange, Phase, Plan

__all__ = ["ApplyReport", "Outcome", "OutcomeStatus", "execute"]

INTERRUPTED_DETAIL = "interrupted"
ABANDONED_DETAIL = "interrupted on the wire: the server may have done it (`ghlsync plan` shows)"
_TOO_MANY_REQUESTS = 429


class OutcomeStatus(StrEnum):
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    change: AnyChange
    status: OutcomeStatus
    detail: str = ""
    created_id: str | None = None
    permanent: bool = False
    """A failure that running apply again will not fix (a 404, or a 4xx other than 429)."""
    started: bool = True
    """False for an operation never sent (interrupted, or its prerequisite was not done)."""

    @property
    def cut_off(self) -> bool:
        """Not started because the apply was interrupted (reported as one count, not a list)."""
        return not self.started and self.detail == INTERRUPTED_DETAIL


@dataclass(slots=True)
class ApplyReport:
    """Every operation's outcome; ``notes`` are what the kinds add (a field adopted by name)."""

    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    notes: list[str] = field(default_factory=list)

    def with_status(self, status: OutcomeStatus) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is status]

    def counts(self) -> tuple[int, int, int]:
        """How many operations were done, failed and not done."""
        done, failed, skipped = (len(self.with_status(s)) for s in OutcomeStatus)
        return done, failed, skipped

    @property
    def complete(self) -> bool:
        return not self.interrupted and all(o.status is OutcomeStatus.DONE for o in self.outcomes)


def execute(
    plan: Plan,
    appliers: Mapping[Phase, Applier],
    pool: TaskPool,
    on_outcome: Callable[[Outcome], None] = lambda _: None,
    *,
    failed: set[str] | None = None,
) -> ApplyReport:
    """Run the phases in order, each phase's steps concurrently on ``pool``.

    A create or replace that does not finish puts its address in ``failed``; a step whose
    prerequisite is there is skipped with the reason. Ctrl-C (in the main thread) stops
    scheduling: operations in flight finish, the rest are reported as skipped, and the report
    says it was interrupted.
    """
    stop = threading.Event()
    run = _Run(pool, on_outcome, set() if failed is None else failed, stop)
    with stop_on_sigint(stop):
        for phase in APPLY_ORDER:
            applier = appliers.get(phase)
            if applier is not None:
                run.phase(phase, applier.steps(phase, plan.changes, run.failed))
    run.report.interrupted = stop.is_set()
    run.report.notes = [note for each in _distinct(appliers.values()) for note in each.notes()]
    return run.report


def _distinct(appliers: Iterable[Applier]) -> list[Applier]:
    return list({id(applier): applier for applier in appliers}.values())


class _Run:
    def __init__(
        self,
        pool: TaskPool,
        on_outcome: Callable[[Outcome], None],
        failed: set[str],
        stop: threading.Event,
    ) -> None:
        self.pool = pool
        self.on_outcome = on_outcome
        self.failed = failed
        self.stop = stop
        self.report = ApplyReport()

    def phase(self, phase: Phase, steps: Sequence[Step]) -> None:
        runnable = []
        for step in steps:
            if self.stop.is_set() or step.blocked_by:
                reason = step.blocked_by or INTERRUPTED_DETAIL
                skipped = Outcome(step.change, OutcomeStatus.SKIPPED, reason, started=False)
                self._record(step, skipped)
            else:
                runnable.append(step)

        def finished(index: int, result: TaskResult[str | None]) -> None:
            step = runnable[index]
            self._record(step, _outcome(step.change, result))

        tasks = [step.call for step in runnable]
        results = self.pool.run(tasks, stop=self.stop, on_result=finished).results
        for step, result in zip(runnable, results, strict=True):
            if result.status is Status.NOT_RUN:
                self._record(step, _cut_off(step.change))
            elif result.status is Status.ABANDONED:
                self._record(step, Outcome(step.change, OutcomeStatus.SKIPPED, ABANDONED_DETAIL))

    def _record(self, step: Step, outcome: Outcome) -> None:
        done = outcome.status is OutcomeStatus.DONE
        if not done and not step.follow_up and _creates(step.change):
            self.failed.add(step.change.address)
        if done and step.follow_up:
            return
        self.report.outcomes.append(outcome)
        self.on_outcome(outcome)


def _outcome(change: AnyChange, result: TaskResult[str | None]) -> Outcome:
    if result.status is Status.DONE:
        return Outcome(change, OutcomeStatus.DONE, created_id=result.value)
    permanent = _is_permanent(result.error)
    return Outcome(change, OutcomeStatus.FAILED, str(result.error), permanent=permanent)


def _cut_off(change: AnyChange) -> Outcome:
    """An operation an interruption kept from starting."""
    return Outcome(change, OutcomeStatus.SKIPPED, INTERRUPTED_DETAIL, started=False)


def _is_permanent(error: GhlsyncError | None) -> bool:
    """404s and 4xx answers other than 429: the request itself is wrong, not the moment."""
    status = error.status if isinstance(error, ApiError) else None
    return status is not None and 400 <= status < 500 and status != _TOO_MANY_REQUESTS


def _creates(change: AnyChange) -> bool:
    return change.action in (Action.CREATE, Action.REPLACE)
