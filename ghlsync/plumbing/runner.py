"""Run independent tasks on a bounded thread pool, stopping cleanly on Ctrl-C.

When a ``stop`` event is set (see :func:`stop_on_sigint`), no further task is started, and
the outcome says it was interrupted; the caller reports and exits 130. Ctrl-C also ends
every pacing wait and retry backoff at once (those tasks end as not run); requests on the
wire finish, unless a second Ctrl-C abandons them too (see
:mod:`ghlsync.plumbing.interrupts`). Without a ``stop`` event, a KeyboardInterrupt in this
thread does the same.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar, cast

from ghlsync.errors import GhlsyncError
from ghlsync.plumbing.interrupts import GRACE_SECONDS, INTERRUPTS, AbandonedRequest
from ghlsync.plumbing.signals import relay_signals

__all__ = ["RunOutcome", "Status", "TaskPool", "TaskResult", "run_tasks", "stop_on_sigint"]

T = TypeVar("T")
_POLL_SECONDS = 0.1


class Status(StrEnum):
    DONE = "done"
    FAILED = "failed"
    NOT_RUN = "not run"
    ABANDONED = "abandoned"
    """Sent, but no answer waited for after an interruption: the server may have done it."""


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


@contextmanager
def stop_on_sigint(stop: threading.Event) -> Iterator[threading.Event]:
    """While inside, Ctrl-C or SIGTERM sets ``stop`` and ends waits instead of raising (main
    thread only); a second one abandons requests in flight."""
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    try:
        with relay_signals((signal.SIGINT, signal.SIGTERM), lambda n: _escalate(stop, n)):
            yield stop
    finally:
        INTERRUPTS.reset()


def _escalate(stop: threading.Event, signum: int) -> None:
    INTERRUPTS.note_signal(signum)
    if stop.is_set():
        INTERRUPTS.abandon_requests()
    stop.set()
    INTERRUPTS.stop_waiting()


@dataclass
class _Pool(Generic[T]):
    tasks: Iterator[tuple[int, Callable[[], T]]]
    parallelism: int
    results: list[TaskResult[T]]
    on_result: Callable[[int, TaskResult[T]], None]
    stop: threading.Event
    in_flight: dict[Future[T], int] = field(default_factory=dict)
    stopped_at: float | None = None
    ended: queue.SimpleQueue[Future[T] | None] = field(default_factory=queue.SimpleQueue)
    """Each task's future as it ends, and None when an interruption stops waits."""

    def drain(self, pool: ThreadPoolExecutor) -> None:
        INTERRUPTS.wake_on_stop(self.ended)
        try:
            self.top_up(pool)
            while self.in_flight:
                self.record_next_ended()
                self.top_up(pool)
                self.abandon_after_grace()
        finally:
            INTERRUPTS.forget_wake(self.ended)

    def record_next_ended(self) -> None:
        """Sleep until a task ends or waits are stopped; once stopped, wake every
        :data:`_POLL_SECONDS` too, to abandon requests when their grace is over."""
        timeout = _POLL_SECONDS if self.stop.is_set() else None
        try:
            future = self.ended.get(timeout=timeout)
        except queue.Empty:
            return
        if future is not None and future in self.in_flight:
            self.record(future)

    def abandon_after_grace(self) -> None:
        """Once stopped, requests on the wire get :data:`GRACE_SECONDS`, then are abandoned."""
        if not self.stop.is_set() or INTERRUPTS.abandoned:
            return
        now = time.monotonic()
        if self.stopped_at is None:
            self.stopped_at = now
        elif now - self.stopped_at >= GRACE_SECONDS:
            INTERRUPTS.abandon_requests()

    def top_up(self, pool: ThreadPoolExecutor) -> None:
        while not self.stop.is_set() and len(self.in_flight) < self.parallelism:
            item = next(self.tasks, None)
            if item is None:
                return
            index, task = item
            future = pool.submit(task)
            self.in_flight[future] = index
            future.add_done_callback(self.ended.put)

    def record(self, future: Future[T]) -> None:
        index = self.in_flight.pop(future)
        if isinstance(future.exception(), KeyboardInterrupt):
            self.stop.set()
            if isinstance(future.exception(), AbandonedRequest):
                self.results[index] = TaskResult(Status.ABANDONED)
            return
        self.results[index] = _result_of(future)
        self.on_result(index, self.results[index])

    def finish_in_flight(self) -> None:
        """After Ctrl-C: waits end at once; requests on the wire are abandoned after a grace,
        or at a second Ctrl-C."""
        INTERRUPTS.stop_waiting()
        try:
            _, late = wait(self.in_flight, timeout=GRACE_SECONDS)
            if late:
                INTERRUPTS.abandon_requests()
                wait(self.in_flight)
        except KeyboardInterrupt:
            INTERRUPTS.abandon_requests()
            wait(self.in_flight)
        for future in list(self.in_flight):
            self.record(future)


def run_tasks(
    tasks: Sequence[Callable[[], T]],
    parallelism: int,
    *,
    stop: threading.Event | None = None,
    on_result: Callable[[int, TaskResult[T]], None] = lambda _index, _result: None,
) -> RunOutcome[T]:
    """Run ``tasks`` with at most ``parallelism`` at once; results are in task order.

    ``on_result`` is called in this thread as each task ends. Tasks not started because of
    an interruption are left ``NOT_RUN``.
    """
    results: list[TaskResult[T]] = [TaskResult(Status.NOT_RUN)] * len(tasks)
    state = _Pool(
        iter(enumerate(tasks)), max(1, parallelism), results, on_result, stop or threading.Event()
    )
    workers = _Workers()
    with ThreadPoolExecutor(state.parallelism, initializer=workers.enlist) as pool:
        try:
            state.drain(pool)
        except KeyboardInterrupt:
            state.stop.set()
            try:
                state.finish_in_flight()
            finally:
                _abandon_the_rest(pool, workers)
                INTERRUPTS.reset()
    return RunOutcome(results, interrupted=state.stop.is_set())


class _Workers:
    """Every thread a pool started, told by the thread itself as it begins.

    An interrupt landing inside ``submit``, while the pool starts a worker, leaves a thread
    the pool forgets: its shutdown would not wait for it, yet the thread runs a task, and the
    process cannot exit before it ends.
    """

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def enlist(self) -> None:
        with self._lock:
            self._threads.append(threading.current_thread())

    def join(self) -> None:
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join()


def _abandon_the_rest(pool: ThreadPoolExecutor, workers: _Workers) -> None:
    """A task submitted just as the interrupt arrived may not be tracked yet: it must not hold
    the exit either. Its request is abandoned, tasks not started are cancelled, and every
    worker (even one the pool lost) has ended before the flags are reset."""
    INTERRUPTS.abandon_requests()
    pool.shutdown(wait=True, cancel_futures=True)
    workers.join()


@dataclass(frozen=True, slots=True)
class TaskPool:
    """How many tasks may run at once. The connection builds one; whatever fans out uses it.

    ``on_progress(done, total)`` is told as each task of a :meth:`gather` ends (read progress).
    """

    parallelism: int = 1
    on_progress: Callable[[int, int], None] | None = None

    def run(
        self,
        tasks: Sequence[Callable[[], T]],
        *,
        stop: threading.Event | None = None,
        on_result: Callable[[int, TaskResult[T]], None] = lambda _index, _result: None,
    ) -> RunOutcome[T]:
        return run_tasks(tasks, self.parallelism, stop=stop, on_result=on_result)

    def gather(self, tasks: Sequence[Callable[[], T]]) -> list[T]:
        """Run reads: every value in task order; the first error, or KeyboardInterrupt, raised."""
        outcome = self.run(tasks, on_result=self._progress_counter(len(tasks)))
        if outcome.interrupted:
            raise KeyboardInterrupt
        if (error := outcome.first_error()) is not None:
            raise error
        return [cast(T, result.value) for result in outcome.results]

    def _progress_counter(self, total: int) -> Callable[[int, TaskResult[T]], None]:
        done = 0
        report = self.on_progress or (lambda _done, _total: None)

        def count(_index: int, _result: TaskResult[T]) -> None:
            nonlocal done
            done += 1
            report(done, total)

        return count


def _result_of(future: Future[T]) -> TaskResult[T]:
    try:
        return TaskResult(Status.DONE, value=future.result())
    except GhlsyncError as error:
        return TaskResult(Status.FAILED, error=error)
