"""Execute a plan against a location in the fixed apply order (docs/design.md, "Apply order").

Phases run one after another; the operations of a phase run concurrently. A relation
create whose association could not be created (or re-created) is skipped, and so is every
operation after an interruption. The result is an :class:`ApplyReport` (plain data).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from ghlsync.errors import ApiError, GhlsyncError
from ghlsync.model import LiveAssociation, LiveRelation, Side
from ghlsync.plan import Action, AssociationChange, Change, Plan, RelationChange
from ghlsync.runner import Status, TaskPool, TaskResult, stop_on_sigint

__all__ = ["ApplyReport", "LiveWriter", "Outcome", "OutcomeStatus", "apply_plan"]

PHASES = (1, 2, 3, 4, 5, 6)
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
    change: Change
    status: OutcomeStatus
    detail: str = ""
    created_id: str | None = None
    permanent: bool = False
    """A failure that running apply again will not fix (a 404, or a 4xx other than 429)."""


@dataclass(slots=True)
class ApplyReport:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    def with_status(self, status: OutcomeStatus) -> list[Outcome]:
        return [o for o in self.outcomes if o.status is status]

    @property
    def complete(self) -> bool:
        return not self.interrupted and all(o.status is OutcomeStatus.DONE for o in self.outcomes)


def apply_plan(
    plan: Plan,
    client: LiveWriter,
    association_ids: Mapping[str, str],
    on_outcome: Callable[[Outcome], None] = lambda _: None,
) -> ApplyReport:
    """Run every change of ``plan``; ``association_ids`` maps live keys to ids.

    Ctrl-C (in the main thread) stops scheduling: operations in flight finish, the rest are
    reported as skipped, and the report says it was interrupted.
    """
    stop = threading.Event()
    executor = _Executor(client, dict(association_ids), on_outcome)
    report = ApplyReport()
    with stop_on_sigint(stop):
        for phase in PHASES:
            executor.run_phase(plan.in_phase(phase), report.outcomes, stop)
    report.interrupted = stop.is_set()
    return report


class _Executor:
    def __init__(
        self,
        client: LiveWriter,
        association_ids: dict[str, str],
        on_outcome: Callable[[Outcome], None],
    ) -> None:
        self.client = client
        self.association_ids = association_ids
        self.unavailable: set[str] = set()
        self.on_outcome = on_outcome

    def run_phase(
        self, changes: tuple[Change, ...], outcomes: list[Outcome], stop: threading.Event
    ) -> None:
        runnable = []
        for change in changes:
            reason = "interrupted" if stop.is_set() else self._blocked_by(change)
            if reason:
                self._record(outcomes, Outcome(change, OutcomeStatus.SKIPPED, reason))
            else:
                runnable.append(change)

        def finished(index: int, result: TaskResult[str | None]) -> None:
            self._record(outcomes, self._outcome(runnable[index], result))

        run = self.client.pool.run(
            [self._task(c) for c in runnable], stop=stop, on_result=finished
        )
        for change, result in zip(runnable, run.results, strict=True):
            if result.status is Status.NOT_RUN:
                self._record(outcomes, Outcome(change, OutcomeStatus.SKIPPED, "interrupted"))

    def _record(self, outcomes: list[Outcome], outcome: Outcome) -> None:
        outcomes.append(outcome)
        change = outcome.change
        if outcome.status is not OutcomeStatus.DONE and _creates_association(change):
            assert isinstance(change, AssociationChange)
            self.unavailable.add(change.key)
        self.on_outcome(outcome)

    @staticmethod
    def _outcome(change: Change, result: TaskResult[str | None]) -> Outcome:
        if result.status is Status.DONE:
            return Outcome(change, OutcomeStatus.DONE, created_id=result.value)
        permanent = _is_permanent(result.error)
        return Outcome(change, OutcomeStatus.FAILED, str(result.error), permanent=permanent)

    def _blocked_by(self, change: Change) -> str | None:
        """Why a relation create cannot run: its association was not (re)created."""
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


def _creates_association(change: Change) -> bool:
    return isinstance(change, AssociationChange) and change.action in (
        Action.CREATE,
        Action.REPLACE,
    )
