"""Pacer: sliding-window math on a fake clock, header adaptation, and 429 back-off."""

from __future__ import annotations

import threading
import time

import pytest
from client_fakes import FakeClock

from ghlsync.client import Pacer


def _pacer(clock: FakeClock, **kwargs: float) -> Pacer:
    return Pacer(clock=clock, sleep=clock.sleep, **kwargs)  # type: ignore[arg-type]


def _send_times(pacer: Pacer, clock: FakeClock, count: int) -> list[float]:
    times = []
    for _ in range(count):
        pacer.acquire()
        times.append(clock.now)
    return times


def _busiest_window(times: list[float], interval: float) -> int:
    return max(sum(1 for t in times if start <= t < start + interval) for start in times)


def test_many_requests_over_several_windows_never_exceed_the_limit() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    times = _send_times(pacer, clock, 350)
    assert _busiest_window(times, 10.0) <= 100
    elapsed = times[-1] - times[0]
    assert 30.0 <= elapsed <= 1.15 * 350 / (100 / 10.0)


def test_a_whole_window_of_requests_goes_out_in_one_burst() -> None:
    clock = FakeClock()
    _send_times(_pacer(clock), clock, 100)
    assert clock.sleeps == []


def test_the_request_after_the_burst_waits_for_the_first_answer_plus_the_window() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    tickets = [pacer.acquire() for _ in range(100)]
    clock.now += 0.05
    for ticket in tickets:
        pacer.settle(ticket)
    pacer.acquire()
    assert clock.now == pytest.approx(1000.0 + 0.05 + 10.0)


def test_adapts_to_the_servers_limit_headers() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    headers = {
        "X-RateLimit-Max": "10",
        "X-RateLimit-Interval-Milliseconds": "1000",
        "X-RateLimit-Daily-Remaining": "199000",
    }
    pacer.observe(headers, 200)
    assert (pacer.max_requests, pacer.interval, pacer.daily_remaining) == (10, 1.0, 199000)
    times = _send_times(pacer, clock, 40)
    assert _busiest_window(times, 1.0) <= 10
    assert times[-1] - times[0] <= 1.15 * 40 / 10


def test_the_lowest_daily_count_wins_when_answers_arrive_out_of_order() -> None:
    pacer = _pacer(FakeClock())
    for remaining in ("120", "118", "119"):
        pacer.observe({"X-RateLimit-Daily-Remaining": remaining}, 200)
    assert pacer.daily_remaining == 118


def test_header_names_are_case_insensitive_and_garbage_is_ignored() -> None:
    pacer = _pacer(FakeClock())
    pacer.observe({"x-ratelimit-max": "50", "X-RateLimit-Interval-Milliseconds": "soon"}, 200)
    pacer.observe({"X-RateLimit-Max": "-3", "X-RateLimit-Daily-Remaining": "lots"}, 200)
    assert (pacer.max_requests, pacer.interval, pacer.daily_remaining) == (50, 10.0, None)


def test_server_remaining_lower_than_the_local_estimate_is_respected() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    pacer.observe({"X-RateLimit-Remaining": "4"}, 200)
    times = _send_times(pacer, clock, 5)
    assert times[:4] == [1000.0] * 4
    assert times[4] >= 1000.0 + 10.0


def test_server_remaining_higher_than_the_local_estimate_changes_nothing() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    _send_times(pacer, clock, 50)
    pacer.observe({"X-RateLimit-Remaining": "80"}, 200)
    _send_times(pacer, clock, 50)
    assert clock.sleeps == []


def test_a_429_with_retry_after_blocks_the_next_acquire() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    pacer.observe({"Retry-After": "7"}, 429)
    pacer.acquire()
    assert clock.sleeps == [7.0]


def test_a_429_without_retry_after_waits_the_interval_header() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    pacer.observe({"X-RateLimit-Interval-Milliseconds": "2500"}, 429)
    pacer.acquire()
    assert clock.sleeps == [2.5]


def test_a_bare_429_waits_the_known_interval() -> None:
    clock = FakeClock()
    pacer = _pacer(clock)
    pacer.observe({}, 429)
    pacer.acquire()
    assert clock.sleeps == [10.0]


def test_a_huge_retry_after_is_capped() -> None:
    clock = FakeClock()
    pacer = _pacer(clock, max_pause=60.0)
    pacer.observe({"Retry-After": "86400"}, 429)
    pacer.acquire()
    assert clock.sleeps == [60.0]


def test_a_429_blocks_every_thread_not_just_the_refused_one() -> None:
    pacer = Pacer(max_requests=100, interval=1.0)
    pacer.observe({"Retry-After": "0.3"}, 429)
    started = time.monotonic()
    finished: list[float] = []

    def worker() -> None:
        pacer.acquire()
        finished.append(time.monotonic() - started)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert len(finished) == 4
    assert min(finished) >= 0.28


@pytest.mark.timeout(10)
def test_threads_sharing_a_pacer_stay_near_the_allowed_rate() -> None:
    pacer = Pacer(max_requests=20, interval=0.25)
    sent: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(10):
            pacer.acquire()
            with lock:
                sent.append(time.monotonic())

    threads = [threading.Thread(target=worker) for _ in range(10)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ideal = 100 / (20 / 0.25)
    # Slack for ten threads waking on a busy host (the suite runs on four workers); a pacer
    # that lost a whole window per batch would take twice the ideal.
    assert time.monotonic() - started <= 1.6 * ideal
    assert _busiest_window(sorted(sent), 0.25) <= 20
