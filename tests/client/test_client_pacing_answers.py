"""Pacer: a request counts against the window from its answer, not only from its send."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import BASE_URL, LOCATION, TOKEN, FakeClock

from ghlsync.client import GhlClient, Pacer, RetrySettings, build_http_client
from ghlsync.errors import ApiError


def _pacer(clock: FakeClock, max_requests: int) -> Pacer:
    return Pacer(
        max_requests=max_requests, interval=1.0, spare_fraction=0.0, clock=clock,
        sleep=clock.sleep,
    )


def test_a_settled_request_counts_from_its_answer() -> None:
    clock = FakeClock()
    pacer = _pacer(clock, max_requests=1)
    ticket = pacer.acquire()
    clock.now += 0.4
    pacer.settle(ticket)
    clock.now += 0.8  # 1.2 s after the send, only 0.8 s after the answer
    pacer.acquire()
    assert clock.sleeps == [pytest.approx(0.2)]


def test_an_unsettled_request_counts_from_its_send() -> None:
    clock = FakeClock()
    pacer = _pacer(clock, max_requests=1)
    pacer.acquire()
    clock.now += 1.2
    pacer.acquire()
    assert clock.sleeps == []


def test_settling_a_request_slower_than_the_window_counts_it_again() -> None:
    clock = FakeClock()
    pacer = _pacer(clock, max_requests=1)
    ticket = pacer.acquire()
    clock.now += 3.0
    pacer.settle(ticket)
    pacer.acquire()
    assert clock.sleeps == [pytest.approx(1.0)]


def test_tickets_are_distinct_and_resettling_keeps_one_slot() -> None:
    clock = FakeClock()
    pacer = _pacer(clock, max_requests=4)
    first, second = pacer.acquire(), pacer.acquire()
    assert first != second
    for _ in range(5):
        clock.now += 0.1
        pacer.settle(first)
    pacer.acquire()
    assert clock.sleeps == []


class _SettleSpy(Pacer):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock=clock, sleep=clock.sleep)
        self.acquired: list[int] = []
        self.settled: list[int] = []

    def acquire(self) -> int:
        ticket = super().acquire()
        self.acquired.append(ticket)
        return ticket

    def settle(self, ticket: int) -> None:
        self.settled.append(ticket)
        super().settle(ticket)


def _client(handler: httpx.MockTransport, pacer: Pacer, clock: FakeClock) -> GhlClient:
    http = build_http_client(BASE_URL, TOKEN, transport=handler)
    retry = RetrySettings(max_attempts=2, sleep=clock.sleep)
    return GhlClient(http, LOCATION, pacer=pacer, retry=retry)


def test_the_client_settles_every_attempt_answered_or_failed() -> None:
    clock = FakeClock()
    pacer = _SettleSpy(clock)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = _client(httpx.MockTransport(refuse), pacer, clock)
    with pytest.raises(ApiError):
        client.list_associations()
    assert len(pacer.acquired) == 2
    assert pacer.settled == pacer.acquired


def test_the_client_settles_an_answered_request() -> None:
    clock = FakeClock()
    pacer = _SettleSpy(clock)
    answer = httpx.Response(200, json={"associations": []})
    client = _client(httpx.MockTransport(lambda _: answer), pacer, clock)
    assert client.list_associations() == []
    assert pacer.settled == pacer.acquired == [0]
