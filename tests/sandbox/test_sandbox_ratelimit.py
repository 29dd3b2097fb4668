"""GHL's per-location sliding-window rate limit and its headers."""

from __future__ import annotations

import httpx
import pytest
from sandbox_helpers import LOCATION, FakeClock, make_client

from ghlsync.errors import UsageError
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport


def _client(clock: FakeClock, **settings: object) -> httpx.Client:
    faults = FaultSettings().updated({"rate_max": 3, "rate_interval_ms": 1000, **settings})
    return make_client(SandboxTransport(Sandbox(faults=faults, clock=clock, sleep=clock.sleep)))


def _list(client: httpx.Client, location: str = LOCATION) -> httpx.Response:
    query: dict[str, str | int] = {"locationId": location, "skip": 0, "limit": 10}
    return client.get("/associations/", params=query)


def test_remaining_decreases_then_429_with_retry_after(clock: FakeClock) -> None:
    client = _client(clock)
    remaining = [_list(client).headers["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    clock.now += 0.4
    refused = _list(client)
    assert refused.status_code == 429
    assert refused.json() == {"statusCode": 429, "message": "Too many requests"}
    assert refused.headers["Retry-After"] == "1"
    assert refused.headers["X-RateLimit-Max"] == "3"
    assert refused.headers["X-RateLimit-Interval-Milliseconds"] == "1000"


def test_window_slides_and_refused_requests_do_not_count(clock: FakeClock) -> None:
    client = _client(clock)
    _list(client)
    clock.now += 0.5
    _list(client)
    _list(client)
    for _ in range(5):
        assert _list(client).status_code == 429
    clock.now += 0.5
    admitted = _list(client)
    assert admitted.status_code == 200
    assert admitted.headers["X-RateLimit-Remaining"] == "0"


def test_retry_after_can_be_switched_off(clock: FakeClock) -> None:
    client = _client(clock, send_retry_after=False)
    for _ in range(3):
        _list(client)
    refused = _list(client)
    assert refused.status_code == 429
    assert "Retry-After" not in refused.headers
    assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_limits_are_per_location(clock: FakeClock) -> None:
    client = _client(clock)
    for _ in range(3):
        _list(client)
    assert _list(client).status_code == 429
    assert _list(client, "loc_other").status_code == 200


def test_requests_without_location_query_count_for_the_associations_location(
    clock: FakeClock,
) -> None:
    client = _client(clock, rate_max=4)
    created = client.post("/associations/", json={
        "locationId": LOCATION, "key": "k", "firstObjectKey": "contact",
        "firstObjectLabel": "A", "secondObjectKey": "contact", "secondObjectLabel": "B"})
    got = client.get(f"/associations/{created.json()['id']}")
    assert got.headers["X-RateLimit-Remaining"] == "2"


def test_daily_quota(clock: FakeClock) -> None:
    client = _client(clock, rate_max=100, daily_max=2)
    assert [_list(client).headers["X-RateLimit-Daily-Remaining"] for _ in range(2)] == ["1", "0"]
    refused = _list(client)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 1
    assert refused.headers["X-RateLimit-Limit-Daily"] == "2"


def test_a_fixed_window_resets_on_the_clock_not_per_request(clock: FakeClock) -> None:
    clock.now = 1_000.9
    client = _client(clock, rate_window="fixed")
    assert [_list(client).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert _list(client).headers["Retry-After"] == "1"
    clock.now = 1_001.0  # 0.1 s later: a sliding window would still hold all three
    admitted = _list(client)
    assert admitted.status_code == 200
    assert admitted.headers["X-RateLimit-Remaining"] == "2"


def test_the_rate_window_must_be_sliding_or_fixed() -> None:
    with pytest.raises(UsageError, match="rate_window must be one of sliding, fixed"):
        FaultSettings.parse("rate_window=hourly")
