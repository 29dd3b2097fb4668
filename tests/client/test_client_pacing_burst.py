"""Pacer against simulated servers: a whole window goes out in one burst, and no window of the
server's, sliding or fixed, ever holds more than its limit, however latencies vary.

A discrete-event simulation on a fake clock: ``workers`` callers share one pacer, each request
reaches the server after a random delay and is answered after another.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from ghlsync.client import Pacer

MAX, INTERVAL = 100, 10.0


class _Wait(Exception):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


def _refuse_to_sleep(seconds: float) -> None:
    raise _Wait(seconds)


@dataclass
class Server:
    """Counts arrivals in a sliding window, or per fixed interval of the clock."""

    fixed: bool
    arrivals: list[float] = field(default_factory=list)
    refused: int = 0

    def arrive(self, now: float) -> tuple[int, dict[str, str]]:
        held = self._held(now)
        status = 429 if held >= MAX else 200
        if status == 200:
            self.arrivals.append(now)
            held += 1
        else:
            self.refused += 1
        headers = {
            "X-RateLimit-Max": str(MAX),
            "X-RateLimit-Interval-Milliseconds": str(int(INTERVAL * 1000)),
            "X-RateLimit-Remaining": str(MAX - held),
        }
        return status, headers

    def _held(self, now: float) -> int:
        if self.fixed:
            window = math.floor(now / INTERVAL)
            return sum(1 for t in self.arrivals if math.floor(t / INTERVAL) == window)
        return sum(1 for t in self.arrivals if t > now - INTERVAL)


@dataclass
class Run:
    wall: float
    refused: int
    slowest_round_trip: float


def simulate(requests: int, workers: int, fixed: bool, seed: int) -> Run:
    dice = random.Random(seed)
    now = [0.0]
    pacer = Pacer(clock=lambda: now[0], sleep=_refuse_to_sleep)
    server = Server(fixed)
    events: list[tuple[float, int, str, Callable[[], None]]] = []
    order = iter(range(10**9))
    left = [requests]
    trips: list[float] = []

    def schedule(at: float, what: Callable[[], None]) -> None:
        heapq.heappush(events, (at, next(order), "", what))

    def try_send() -> None:
        if left[0] == 0:
            return
        try:
            ticket = pacer.acquire()
        except _Wait as wait:
            schedule(now[0] + wait.seconds, try_send)
            return
        left[0] -= 1
        up, down = dice.uniform(0.01, 0.04), dice.uniform(0.01, 0.04)
        trips.append(up + down)
        sent = now[0]

        def arrive() -> None:
            status, headers = server.arrive(now[0])

            def answer() -> None:
                pacer.observe(headers, status)
                pacer.settle(ticket)
                left[0] += status == 429
                try_send()

            schedule(sent + up + down, answer)

        schedule(sent + up, arrive)

    for _ in range(workers):
        schedule(0.0, try_send)
    while events:
        at, _, _, what = heapq.heappop(events)
        now[0] = at
        what()
    return Run(now[0], server.refused, max(trips))


def _bound(requests: int, workers: int, round_trip: float) -> float:
    """One round trip per batch of ``workers``, or requests / the allowed rate."""
    batches = math.ceil(min(requests, MAX) / workers)
    return max(batches * round_trip, requests * INTERVAL / MAX)


def _sliding_floor(requests: int, round_trip: float) -> float:
    """A sliding window admits request k + MAX only a window after request k arrived."""
    return (requests - 1) // MAX * INTERVAL + round_trip


@pytest.mark.parametrize("fixed", [False, True], ids=["sliding", "fixed"])
@pytest.mark.parametrize("requests", [30, 100, 101, 250, 1000])
def test_no_429_and_close_to_the_bound_at_every_size(requests: int, fixed: bool) -> None:
    for seed in range(3):
        run = simulate(requests, workers=32, fixed=fixed, seed=seed)
        assert run.refused == 0
        assert run.wall <= 1.1 * _bound(requests, 32, run.slowest_round_trip)
        assert run.wall <= 1.02 * _sliding_floor(requests, run.slowest_round_trip) + 0.3


def test_a_plan_of_one_window_takes_round_trips_not_a_window() -> None:
    run = simulate(100, workers=32, fixed=False, seed=0)
    assert run.wall < 0.5
