"""Fault settings parsing, seeded reproducible faults, latency and lost answers."""

from __future__ import annotations

import httpx
import pytest
from sandbox_helpers import LOCATION, SYSTEM_KEYS, Api, FakeClock, make_client

from ghlsync.errors import UsageError
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport
from ghlsync.sandbox.transport import LOST_ANSWER_MESSAGE


def _client(clock: FakeClock, spec: str) -> httpx.Client:
    faults = FaultSettings.parse(spec + ",rate_max=100000")
    return make_client(SandboxTransport(Sandbox(faults=faults, clock=clock, sleep=clock.sleep)))


def _statuses(clock: FakeClock, spec: str, count: int = 60) -> list[int]:
    client = _client(clock, spec)
    query: dict[str, str | int] = {"locationId": LOCATION, "skip": 0, "limit": 10}
    return [client.get("/associations/", params=query).status_code for _ in range(count)]


def test_parse_reads_every_setting() -> None:
    settings = FaultSettings.parse(
        "latency_ms=20, jitter_ms=5,fault_rate=0.2,lost_rate=0.1,seed=3,rate=50/2000,"
        "daily=900,retry_after=off"
    )
    assert settings == FaultSettings(
        latency_ms=20.0, jitter_ms=5.0, fault_rate=0.2, lost_rate=0.1, seed=3, rate_max=50,
        rate_interval_ms=2000, daily_max=900, send_retry_after=False,
    )
    assert FaultSettings.parse("") == FaultSettings()


@pytest.mark.parametrize(
    ("spec", "named"),
    [
        ("latency", "'latency'"),
        ("fault_rate=lots", "fault_rate='lots'"),
        ("fault_rate=1.5", "fault_rate must be between 0 and 1"),
        ("colour=blue", "unknown fault setting 'colour'"),
        ("rate=100", "'rate=100'"),
        ("rate=0/1000", "rate_max must be at least 1"),
        ("seed=1.5", "seed='1.5'"),
        ("retry_after=maybe", "send_retry_after='maybe'"),
        ("latency_ms=-1", "latency_ms must not be negative"),
    ],
)
def test_parse_names_the_bad_item(spec: str, named: str) -> None:
    with pytest.raises(UsageError, match="fault setting") as caught:
        FaultSettings.parse(spec)
    assert named in str(caught.value)


def test_faults_are_reproducible_for_a_seed(clock: FakeClock) -> None:
    first = _statuses(clock, "fault_rate=0.5,seed=7")
    again = _statuses(clock, "fault_rate=0.5,seed=7")
    other = _statuses(clock, "fault_rate=0.5,seed=8")
    assert first == again
    assert first != other
    assert set(first) == {200, 429, 500, 502, 503}


def test_no_faults_by_default(clock: FakeClock) -> None:
    assert set(_statuses(clock, "seed=1")) == {200}


def test_transient_bodies_look_like_ghl_and_its_gateway(clock: FakeClock) -> None:
    client = _client(clock, "fault_rate=1,seed=2")
    seen: dict[int, httpx.Response] = {}
    for _ in range(40):
        response = client.get("/associations/", params={"locationId": LOCATION})
        seen[response.status_code] = response
    assert seen[502].headers["Content-Type"] == "text/html"
    assert seen[502].text.startswith("<html>")
    assert seen[500].json() == {"statusCode": 500, "message": "Internal server error"}
    assert seen[503].json()["statusCode"] == 503
    assert seen[429].json() == {"statusCode": 429, "message": "Too many requests"}
    assert "Retry-After" in seen[429].headers


def test_faulted_requests_change_nothing(clock: FakeClock) -> None:
    api = Api(_client(clock, "fault_rate=1,seed=2"))
    assert api.create_association("never", first="contact").status_code in {429, 500, 502, 503}
    state = api.client.get("/_sandbox/state").json()
    assert state["locations"] == {}


def test_latency_sleeps_per_request(clock: FakeClock) -> None:
    client = _client(clock, "latency_ms=20,jitter_ms=10,seed=1")
    for _ in range(3):
        client.get("/associations/", params={"locationId": LOCATION})
    assert len(clock.naps) == 3
    assert all(0.020 <= nap <= 0.030 for nap in clock.naps)


def test_lost_answer_commits_the_write_then_raises(clock: FakeClock) -> None:
    api = Api(_client(clock, "lost_rate=1,seed=1"))
    api.location = "loc_lossy"
    with pytest.raises(httpx.RemoteProtocolError, match=LOST_ANSWER_MESSAGE):
        api.create_association("property_owner", first="contact")
    keys = [a.get("key", a["id"]) for a in api.associations()]
    assert keys == [*SYSTEM_KEYS, "property_owner"]


def test_reads_are_never_lost(clock: FakeClock) -> None:
    api = Api(_client(clock, "lost_rate=1,seed=1"))
    assert len(api.associations()) == 2


def test_a_dropped_write_is_answered_as_done_but_not_kept(clock: FakeClock) -> None:
    api = Api(_client(clock, "dropped_rate=1,seed=1"))
    api.location = "loc_dropping"
    created = api.create_association("property_owner", first="contact")
    assert created.status_code == 201 and created.json()["id"]
    assert [a.get("key", a["id"]) for a in api.associations()] == SYSTEM_KEYS
    again = api.create_association("property_owner", first="contact")
    assert again.json()["id"] != created.json()["id"]  # ids are not handed out twice


def test_dropped_rate_is_checked_like_the_other_rates() -> None:
    with pytest.raises(UsageError, match="dropped_rate must be between 0 and 1"):
        FaultSettings.parse("dropped_rate=2")
