"""Execute a plan against a location in the fixed apply order (docs/design.md, "Apply order").

Phases run one after another; the operations of a phase run concurrently. A relation
create whose association could not be created (or re-created) is skipped, and so is every
operation after an interruption. The result is an :class:`ApplyReport` (plain data).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from ghlsync.errors import ApiError, GhlsyncError
from ghlsync.model import LiveAssociation, LiveRelation, Side
from ghlsync.objects.apply import SchemaSteps, SchemaWriter
from ghlsync.objects.model import LiveSchema, object_address
from ghlsync.plan import (
    SCHEMA_PHASES_AFTER,
    SCHEMA_PHASES_BEFORE,
    Action,
    AssociationChange,
    Change,
    Plan,
    RelationChange,
    SchemaChange,
)
from ghlsync.runner import Status, TaskPool, TaskResult, stop_on_sigint

__all__ = ["ApplyReport", "LiveWriter", "Outcome", "OutcomeStatus", "apply_plan"]

PHASES = (1, 2, 3, 4, 5, 6)
INTERRUPTED_DETAIL = "interrupted"
ABANDONED_DETAIL = "interrupted on the wire: the server may have done it (`ghlsync plan` shows)"
_AnyStep = tuple[Change | SchemaChange, str | None, Callable[[], str | None]]
_TOO_MANY_REQUESTS = 429


class LiveWriter(Protocol):
    pool: TaskPool

    def create_association(self, key: str, first: Side, second: Side) -> LiveAssociation: ...

    def update_association_labels(
        self, association_id: str, first_label: str, second_label: str
    ) -> LiveAssociation: ...

    def delete_association(self, association_id: str) -> None: ...

    def create_relation(
        self, association_id: str, first_record_id: str, second_record_id: str
    ) -> LiveRelation: ...

    def delete_relation(self, relation_id: str) -> None: ...


class OutcomeStatus(StrEnum):
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    change: Change | SchemaChange
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
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    def with_status(self, status: OutcomeStatus) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is status]

    def counts(self) -> tuple[int, int, int]:
        """How many operations were done, failed and not done."""
        done, failed, skipped = (len(self.with_status(s)) for s in OutcomeStatus)
        return done, failed, skipped

    @property
    def complete(self) -> bool:
        return not self.interrupted and all(o.status is OutcomeStatus.DONE for o in self.outcomes)


def apply_plan(
    plan: Plan,
    client: LiveWriter,
    association_ids: Mapping[str, str],
    on_outcome: Callable[[Outcome], None] = lambda _: None,
    *,
    schema_writer: SchemaWriter | None = None,
    live_schema: LiveSchema | None = None,
) -> ApplyReport:
    """Run every change of ``plan``; ``association_ids`` maps live keys to ids.

    Schema changes (objects, folders, fields) run through ``schema_writer`` before the
    association phases, field deletes after them; ``live_schema`` gives the folder ids.

    Ctrl-C (in the main thread) stops scheduling: operations in flight finish, the rest are
    reported as skipped, and the report says it was interrupted.
    """
    stop = threading.Event()
    schema = SchemaSteps(schema_writer, live_schema)
    executor = _Executor(client, dict(association_ids), on_outcome, schema)
    report = ApplyReport()
    with stop_on_sigint(stop):
        for phase in (*SCHEMA_PHASES_BEFORE, *PHASES, *SCHEMA_PHASES_AFTER):
            if phase in PHASES:
                executor.run_phase(plan.in_phase(phase), report.outcomes, stop)
            else:
                executor.run_schema_phase(plan.schema_changes, phase, report.outcomes, stop)
    report.interrupted = stop.is_set()
    return report


class _Executor:
    def __init__(
        self,
        client: LiveWriter,
        association_ids: dict[str, str],
        on_outcome: Callable[[Outcome], None],
        schema: SchemaSteps,
    ) -> None:
        self.client = client
        self.association_ids = association_ids
        self.unavailable: set[str] = set()
        self.on_outcome = on_outcome
        self.schema = schema

    def run_phase(
        self, changes: tuple[Change, ...], outcomes: list[Outcome], stop: threading.Event
    ) -> None:
        steps = [(c, self._blocked_by(c), self._task(c)) for c in changes]
        self._run_steps(steps, lambda outcome: self._record(outcomes, outcome), stop)

    def run_schema_phase(
        self,
        changes: tuple[SchemaChange, ...],
        phase: int,
        outcomes: list[Outcome],
        stop: threading.Event,
    ) -> None:
        def record(outcome: Outcome) -> None:
            assert isinstance(outcome.change, SchemaChange)
            done = outcome.status is OutcomeStatus.DONE
            self.schema.record(outcome.change, done, phase)
            if not (done and self.schema.is_follow_up(outcome.change, phase)):
                self._record(outcomes, outcome)

        self._run_steps(self.schema.steps(changes, phase), record, stop)

    def _run_steps(
        self,
        steps: Sequence[_AnyStep],
        record: Callable[[Outcome], None],
        stop: threading.Event,
    ) -> None:
        runnable = []
        for change, reason, task in steps:
            if stop.is_set() or reason:
                detail = reason or INTERRUPTED_DETAIL
                record(Outcome(change, OutcomeStatus.SKIPPED, detail, started=False))
            else:
                runnable.append((change, task))

        def finished(index: int, result: TaskResult[str | None]) -> None:
            record(self._outcome(runnable[index][0], result))

        tasks = [task for _, task in runnable]
        run = self.client.pool.run(tasks, stop=stop, on_result=finished)
        for (change, _), result in zip(runnable, run.results, strict=True):
            if result.status is Status.NOT_RUN:
                record(Outcome(change, OutcomeStatus.SKIPPED, INTERRUPTED_DETAIL, started=False))
            elif result.status is Status.ABANDONED:
                record(Outcome(change, OutcomeStatus.SKIPPED, ABANDONED_DETAIL))

    def _record(self, outcomes: list[Outcome], outcome: Outcome) -> None:
        outcomes.append(outcome)
        change = outcome.change
        if outcome.status is not OutcomeStatus.DONE and _creates_association(change):
            assert isinstance(change, AssociationChange)
            self.unavailable.add(change.key)
        self.on_outcome(outcome)

    @staticmethod
    def _outcome(change: Change | SchemaChange, result: TaskResult[str | None]) -> Outcome:
        if result.status is Status.DONE:
            return Outcome(change, OutcomeStatus.DONE, created_id=result.value)
        permanent = _is_permanent(result.error)
        return Outcome(change, OutcomeStatus.FAILED, str(result.error), permanent=permanent)

    def _blocked_by(self, change: Change) -> str | None:
        """Why a change cannot run: a relation's association or an association's custom
        object was not (re)created."""
        if _creates_association(change):
            assert isinstance(change, AssociationChange) and change.after is not None
            sides = (change.after.first.object, change.after.second.object)
            missing = self.schema.missing_objects(sides)
            return f"{object_address(missing[0])} was not created" if missing else None
        if not isinstance(change, RelationChange) or change.action is not Action.CREATE:
            return None
        key = change.value.association_key
        if key in self.unavailable or key not in self.association_ids:
            return f"association '{key}' was not created"
        return None

    def _task(self, change: Change) -> Callable[[], str | None]:
        if isinstance(change, AssociationChange):
            return lambda: self._association(change)
        return lambda: self._relation(change)

    def _association(self, change: AssociationChange) -> str | None:
        """Run the change; the id of the association it created, if any."""
        before, after = change.before, change.after
        if change.action in (Action.DELETE, Action.REPLACE):
            assert before is not None and before.id is not None
            self.client.delete_association(before.id)
        if change.action is Action.UPDATE:
            assert before is not None and before.id is not None and after is not None
            self.client.update_association_labels(before.id, after.first.label, after.second.label)
        if change.action in (Action.CREATE, Action.REPLACE):
            assert after is not None
            created = self.client.create_association(after.key, after.first, after.second)
            self.association_ids[after.key] = created.id
            return created.id
        return None

    def _relation(self, change: RelationChange) -> str | None:
        """Run the change; the id of the relation it created, if any."""
        value = change.value
        if change.action is Action.DELETE:
            assert value.id is not None
            self.client.delete_relation(value.id)
            return None
        association_id = self.association_ids[value.association_key]
        return self.client.create_relation(association_id, value.first.id, value.second.id).id


def _is_permanent(error: GhlsyncError | None) -> bool:
    """404s and 4xx answers other than 429: the request itself is wrong, not the moment."""
    status = error.status if isinstance(error, ApiError) else None
    return status is not None and 400 <= status < 500 and status != _TOO_MANY_REQUESTS


def _creates_association(change: Change | SchemaChange) -> bool:
    return isinstance(change, AssociationChange) and change.action in (
        Action.CREATE,
        Action.REPLACE,
    )
