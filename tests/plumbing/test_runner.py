import os
import signal
import threading
import time

import pytest

from ghlsync.client.deadline import run_within
from ghlsync.errors import ApiError
from ghlsync.plumbing.interrupts import GRACE_SECONDS, INTERRUPTS, interruptible_sleep
from ghlsync.plumbing.runner import Status, TaskPool, run_tasks, stop_on_sigint


def test_results_come_back_in_task_order():
    outcome = run_tasks([lambda i=i: i * 2 for i in range(20)], parallelism=4)
    assert [r.value for r in outcome.results] == [i * 2 for i in range(20)]
    assert not outcome.interrupted


def test_concurrency_is_bounded():
    active, peak, lock = [0], [0], threading.Lock()

    def task() -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.01)
        with lock:
            active[0] -= 1

    run_tasks([task] * 12, parallelism=3)
    assert peak[0] == 3


def test_a_failure_is_recorded_and_others_still_run():
    def fail() -> int:
        raise ApiError("POST", "/x", 500, "boom")

    outcome = run_tasks([lambda: 1, fail, lambda: 3], parallelism=2)
    assert [r.status for r in outcome.results] == [Status.DONE, Status.FAILED, Status.DONE]
    assert isinstance(outcome.first_error(), ApiError)


def test_interrupt_stops_scheduling_and_lets_in_flight_finish():
    finished: list[int] = []

    def slow(i: int) -> None:
        time.sleep(0.05)
        finished.append(i)

    def interrupt() -> None:
        raise KeyboardInterrupt

    tasks = [lambda: slow(0), interrupt, *[lambda i=i: slow(i) for i in range(2, 10)]]
    outcome = run_tasks(tasks, parallelism=2)
    assert outcome.interrupted
    statuses = [r.status for r in outcome.results]
    assert statuses[0] is Status.DONE and finished[0] == 0
    assert statuses.count(Status.NOT_RUN) >= 7


def test_a_stop_event_ends_scheduling_and_results_stream_as_tasks_end():
    stop = threading.Event()
    seen: list[int] = []

    def task(i: int) -> int:
        if i == 1:
            stop.set()
        return i

    outcome = run_tasks(
        [lambda i=i: task(i) for i in range(10)],
        parallelism=1,
        stop=stop,
        on_result=lambda index, _result: seen.append(index),
    )
    assert outcome.interrupted
    assert seen == [0, 1]
    assert [r.status for r in outcome.results][2:] == [Status.NOT_RUN] * 8


def test_ctrl_c_inside_the_guard_sets_the_flag_instead_of_raising():
    stop = threading.Event()
    before = signal.getsignal(signal.SIGINT)
    with stop_on_sigint(stop):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    assert stop.is_set()
    assert signal.getsignal(signal.SIGINT) is before


def test_a_real_sigint_mid_run_lets_the_in_flight_task_finish():
    stop = threading.Event()

    def interrupt_then_finish() -> str:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        return "finished"

    with stop_on_sigint(stop):
        outcome = run_tasks([interrupt_then_finish, lambda: "never"], parallelism=1, stop=stop)
    assert outcome.interrupted
    assert [r.value for r in outcome.results] == ["finished", None]


def _blocked_request() -> str:
    """A request on the wire that would take a minute (only abandoning ends it early)."""
    return run_within(lambda: time.sleep(60) or "answered", 120)


def test_ctrl_c_ends_waits_in_flight_at_once_and_they_count_as_not_run():
    stop = threading.Event()
    started = threading.Event()

    def backing_off() -> str:
        started.set()
        interruptible_sleep(30)
        return "slept"

    def interrupt() -> str:
        started.wait(5)
        os.kill(os.getpid(), signal.SIGINT)
        return "sent"

    began = time.perf_counter()
    with stop_on_sigint(stop):
        outcome = run_tasks([backing_off, interrupt], parallelism=2, stop=stop)
    assert time.perf_counter() - began < 2
    assert outcome.interrupted
    assert [r.status for r in outcome.results] == [Status.NOT_RUN, Status.DONE]
    interruptible_sleep(0.01)  # leaving the guard re-arms waits


def test_a_second_ctrl_c_abandons_requests_on_the_wire():
    stop = threading.Event()

    def interrupt_twice() -> str:
        for _ in range(2):
            time.sleep(0.2)
            os.kill(os.getpid(), signal.SIGINT)
        return "sent"

    began = time.perf_counter()
    with stop_on_sigint(stop):
        outcome = run_tasks([_blocked_request, interrupt_twice], parallelism=2, stop=stop)
    assert time.perf_counter() - began < 2
    assert [r.status for r in outcome.results] == [Status.ABANDONED, Status.DONE]


def test_one_ctrl_c_abandons_requests_on_the_wire_after_a_short_grace():
    stop = threading.Event()

    def interrupt_once() -> str:
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGINT)
        return "sent"

    began = time.perf_counter()
    with stop_on_sigint(stop):
        outcome = run_tasks([_blocked_request, interrupt_once], parallelism=2, stop=stop)
    assert time.perf_counter() - began < 0.2 + GRACE_SECONDS + 0.5
    assert [r.status for r in outcome.results] == [Status.ABANDONED, Status.DONE]


def test_sigterm_is_handled_as_ctrl_c_is_and_remembered(monkeypatch):
    monkeypatch.setattr(INTERRUPTS, "_terminated", threading.Event())  # restored after
    stop = threading.Event()

    def terminate() -> str:
        time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.2)  # the signal is relayed from its own thread (plumbing/signals.py)
        return "sent"

    with stop_on_sigint(stop):
        outcome = run_tasks([terminate, lambda: "later"], parallelism=1, stop=stop)
    assert outcome.interrupted
    assert [r.status for r in outcome.results] == [Status.DONE, Status.NOT_RUN]
    assert INTERRUPTS.terminated


def test_without_a_guard_a_first_ctrl_c_ends_waits_and_a_second_abandons_requests():
    def sigint_later(delay: float) -> None:
        threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT)).start()

    def backing_off() -> str:
        interruptible_sleep(30)
        return "slept"

    sigint_later(0.2)
    sigint_later(0.6)
    began = time.perf_counter()
    outcome = run_tasks([backing_off, _blocked_request], parallelism=2)
    assert time.perf_counter() - began < 2
    assert outcome.interrupted
    assert [r.status for r in outcome.results] == [Status.NOT_RUN, Status.ABANDONED]
    assert not INTERRUPTS.abandoned  # reset for whatever runs next in this process
def test_gather_tells_on_progress_as_each_task_ends() -> None:
    seen: list[tuple[int, int]] = []
    pool = TaskPool(2, on_progress=lambda done, total: seen.append((done, total)))
    assert pool.gather([lambda: 1, lambda: 2, lambda: 3]) == [1, 2, 3]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_gather_keeps_every_value_in_task_order_none_included() -> None:
    assert TaskPool(2).gather([lambda: None, lambda: 1, lambda: None]) == [None, 1, None]


def test_an_interrupt_between_submit_and_tracking_does_not_wait_for_that_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The signal lands right after the pool accepted a task, before it was recorded."""
    from concurrent.futures import ThreadPoolExecutor

    real_submit = ThreadPoolExecutor.submit

    def submit_then_interrupt(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_submit(self, fn, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(ThreadPoolExecutor, "submit", submit_then_interrupt)
    began = time.perf_counter()
    outcome = run_tasks([_blocked_request, _blocked_request], parallelism=2)
    assert time.perf_counter() - began < 2  # not the minute the untracked request would take
    assert outcome.interrupted
    assert not INTERRUPTS.abandoned  # reset for whatever runs next in this process


def test_an_interrupt_while_the_pool_starts_a_worker_does_not_leave_that_worker_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The signal lands inside ``Thread.start`` in ``submit``: the pool forgets the thread it
    started, which runs the task all the same (a read on the wire the process waits for)."""
    answer, began, ended = threading.Event(), threading.Event(), threading.Event()
    real_start = threading.Thread.start
    interrupted = [False]

    def start_then_interrupt(self: threading.Thread) -> None:
        real_start(self)
        if threading.current_thread() is threading.main_thread() and not interrupted[0]:
            interrupted[0] = True
            began.wait(5)
            raise KeyboardInterrupt

    def held_read() -> str:
        began.set()
        try:
            return run_within(lambda: answer.wait(30) and "answered", 120)
        finally:
            ended.set()

    monkeypatch.setattr(threading.Thread, "start", start_then_interrupt)
    try:
        outcome = run_tasks([held_read, held_read], parallelism=2)
        assert ended.is_set()  # abandoned and finished before run_tasks returned
    finally:
        answer.set()
    assert outcome.interrupted
    assert not INTERRUPTS.abandoned  # reset for whatever runs next in this process


def test_the_caller_sleeps_until_a_task_ends_instead_of_polling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ghlsync.plumbing import runner

    wakes = [0]
    real = runner._Pool.abandon_after_grace  # looked at once each time the caller wakes

    def counted(self: runner._Pool[object]) -> None:
        wakes[0] += 1
        real(self)

    monkeypatch.setattr(runner._Pool, "abandon_after_grace", counted)
    outcome = run_tasks([lambda: time.sleep(0.6) or "slow", lambda: "quick"], parallelism=2)
    assert [r.value for r in outcome.results] == ["slow", "quick"]
    assert wakes[0] <= 2  # one per task ended, not one every tenth of a second
