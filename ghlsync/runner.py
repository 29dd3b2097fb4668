"""Run independent tasks on a bounded thread pool, stopping cleanly on Ctrl-C.

On KeyboardInterrupt no further task is started, the ones in flight are allowed to finish,
and the outcome says it was interrupted; the caller reports and exits 130.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from ghlsync.errors import GhlsyncError

__all__ = ["RunOutcome", "Status", "TaskResult", "run_tasks"]

T = TypeVar("T")


class Status(StrEnum):
    DONE = "done"
    FAILED = "failed"
    NOT_RUN = "not run"


@dataclass(frozen=True, slots=True)
class TaskResult(Generic[T]):
    status: Status
    value: T | None = None
    error: GhlsyncError | None = None


@dataclass(frozen=True, slots=True)
class RunOutcome(Generic[T]):
    results: list[TaskResult[T]]
    interrupted: bool

    def first_error(self) -> GhlsyncError | None:
        return next((r.error for r in self.results if r.error is not None), None)


def run_tasks(tasks: Sequence[Callable[[], T]], parallelism: int) -> RunOutcome[T]:
    """Run ``tasks`` with at most ``parallelism`` at once; results are in task order."""
    results: list[TaskResult[T]] = [TaskResult(Status.NOT_RUN)] * len(tasks)
    if not tasks:
        return RunOutcome(results, interrupted=False)
    queue = iter(enumerate(tasks))
    with ThreadPoolExecutor(max_workers=max(1, parallelism)) as pool:
        in_flight: dict[Future[T], int] = {}
        try:
            _drain(pool, queue, in_flight, results, parallelism)
        except KeyboardInterrupt:
            _finish_in_flight(in_flight, results)
            return RunOutcome(results, interrupted=True)
    return RunOutcome(results, interrupted=False)


def _drain(
    pool: ThreadPoolExecutor,
    queue: Iterator[tuple[int, Callable[[], T]]],
    in_flight: dict[Future[T], int],
    results: list[TaskResult[T]],
    parallelism: int,
) -> None:
    _top_up(pool, queue, in_flight, parallelism)
    while in_flight:
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            index = in_flight.pop(future)
            results[index] = _result_of(future)
        _top_up(pool, queue, in_flight, parallelism)


def _top_up(
    pool: ThreadPoolExecutor,
    queue: Iterator[tuple[int, Callable[[], T]]],
    in_flight: dict[Future[T], int],
    parallelism: int,
) -> None:
    while len(in_flight) < max(1, parallelism):
        item = next(queue, None)
        if item is None:
            return
        index, task = item
        in_flight[pool.submit(task)] = index


def _finish_in_flight(in_flight: dict[Future[T], int], results: list[TaskResult[T]]) -> None:
    wait(in_flight)
    for future, index in in_flight.items():
        if not isinstance(future.exception(), KeyboardInterrupt):
            results[index] = _result_of(future)


def _result_of(future: Future[T]) -> TaskResult[T]:
    try:
        return TaskResult(Status.DONE, value=future.result())
    except GhlsyncError as error:
        return TaskResult(Status.FAILED, error=error)
