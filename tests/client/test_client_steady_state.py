"""Against a fake server that enforces GHL's limit: no 429 in steady state, one log line per try."""

from __future__ import annotations

import logging
from collections import deque

import httpx
import pytest
from client_fakes import BASE_URL, TOKEN, FakeClock, json_response, relation_json, scripted

from ghlsync.client import GhlClient, Pacer, RetrySettings, build_http_client


class LimitedServer:
    """Answers relation listings, allowing ``limit`` requests per sliding ``interval_ms``."""

    def __init__(self, clock: FakeClock, limit: int, interval_ms: int) -> None:
        self.clock = clock
        self.limit = limit
        self.interval = interval_ms / 1000
        self.received: deque[float] = deque()
        self.refused = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        now = self.clock.now
        while self.received and self.received[0] <= now - self.interval:
            self.received.popleft()
        headers = {
            "X-RateLimit-Max": str(self.limit),
            "X-RateLimit-Interval-Milliseconds": str(int(self.interval * 1000)),
            "X-RateLimit-Daily-Remaining": "150000",
        }
        if len(self.received) >= self.limit:
            self.refused += 1
            return httpx.Response(429, json={"message": "Too many requests"}, headers=headers)
        self.received.append(now)
        headers["X-RateLimit-Remaining"] = str(self.limit - len(self.received))
        record = request.url.path.rsplit("/", 1)[-1]
        listing = {"relations": [relation_json(first=record)]}
        return httpx.Response(200, json=listing, headers=headers)


def test_a_steady_run_draws_no_429_and_stays_near_the_allowed_rate() -> None:
    clock = FakeClock()
    server = LimitedServer(clock, limit=10, interval_ms=1000)
    http = build_http_client(BASE_URL, TOKEN, transport=httpx.MockTransport(server))
    pacer = Pacer(clock=clock, sleep=clock.sleep)
    client = GhlClient(http, "loc_1", pacer=pacer, retry=RetrySettings(sleep=clock.sleep))
    started = clock.now
    for record in range(45):
        assert len(client.list_relations(f"rec{record}", ["a1"])) == 1
    assert server.refused == 0
    assert client.stats.throttled == 0
    assert client.stats.by_endpoint() == {"GET /associations/relations/{recordId}": 45}
    assert pacer.daily_remaining == 150000
    assert clock.now - started <= 1.15 * 45 / 10


def test_verbose_log_writes_one_line_per_attempt_including_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock()
    answers = scripted([json_response(503, {}), json_response(200, [])])
    http = build_http_client(
        BASE_URL,
        TOKEN,
        transport=httpx.MockTransport(answers),
        verbose_log=logging.getLogger("ghlsync.http"),
    )
    client = GhlClient(
        http, "loc_1", pacer=Pacer(clock=clock, sleep=clock.sleep),
        retry=RetrySettings(sleep=clock.sleep),
    )
    with caplog.at_level(logging.INFO, logger="ghlsync.http"):
        client.list_associations()
    statuses = [record.getMessage().split()[2] for record in caplog.records]
    assert statuses == ["503", "200"]
    assert TOKEN not in caplog.text


def test_one_client_serves_a_thread_pool() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def answer(request: httpx.Request) -> httpx.Response:
        record = request.url.path.rsplit("/", 1)[-1]
        return json_response(200, [relation_json(id=f"r-{record}", first=record)])

    http = build_http_client(BASE_URL, TOKEN, transport=httpx.MockTransport(answer))
    client = GhlClient(http, "loc_1", pacer=Pacer())
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: client.list_relations(f"rec{n}", ["a1"]), range(40)))
    assert [r[0].id for r in results] == [f"r-rec{n}" for n in range(40)]
    assert client.stats.requests == 40
