"""The overall per-request deadline, and Ctrl-C ending waits at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from client_fakes import BASE_URL, LOCATION, TOKEN, Recorder, json_response

from ghlsync.client import GhlClient, Pacer, RetrySettings, build_http_client
from ghlsync.client.deadline import DEFAULT_DEADLINE_SECONDS, request_deadline
from ghlsync.errors import ApiError, UsageError
from ghlsync.plumbing.interrupts import GRACE_SECONDS, INTERRUPTS


@pytest.fixture(autouse=True)
def _rearmed() -> Iterator[None]:
    yield
    INTERRUPTS.reset()


def _client(handler: Recorder, *, deadline: float = 5.0, backoff: float = 0.5) -> GhlClient:
    http = build_http_client(BASE_URL, TOKEN, transport=httpx.MockTransport(handler))
    retry = RetrySettings(max_attempts=4, initial_backoff=backoff)
    return GhlClient(http, LOCATION, pacer=Pacer(), retry=retry, deadline=deadline)


def test_the_deadline_comes_from_the_environment() -> None:
    assert request_deadline({}) == DEFAULT_DEADLINE_SECONDS
    assert request_deadline({"GHLSYNC_REQUEST_DEADLINE": " 2.5 "}) == 2.5


@pytest.mark.parametrize("raw", ["0", "-1", "soon", "1e9", "nan"])
def test_a_bad_deadline_is_a_usage_error_naming_the_variable(raw: str) -> None:
    with pytest.raises(UsageError, match=f"GHLSYNC_REQUEST_DEADLINE must be .* got '{raw}'"):
        request_deadline({"GHLSYNC_REQUEST_DEADLINE": raw})


def test_an_answer_that_never_completes_fails_at_the_deadline_and_is_not_retried() -> None:
    recorder = Recorder(lambda request: time.sleep(3) or json_response(200, []))
    client = _client(recorder, deadline=0.3)
    began = time.perf_counter()
    with pytest.raises(ApiError) as caught:
        client.list_associations()
    assert time.perf_counter() - began < 1.5
    assert str(caught.value).startswith("GET /associations/: no answer: no complete answer ")
    assert "within 0.3 s, the per-request deadline (GHLSYNC_REQUEST_DEADLINE)" in str(caught.value)
    assert len(recorder.requests) == 1


def test_a_fast_answer_is_unaffected_by_the_deadline() -> None:
    client = _client(Recorder(lambda request: json_response(200, [])), deadline=0.3)
    assert client.list_associations() == []


def _later(seconds: float, action: object) -> None:
    threading.Timer(seconds, action).start()  # type: ignore[arg-type]


def test_ctrl_c_ends_a_retry_backoff_at_once() -> None:
    recorder = Recorder(lambda request: json_response(503, {"message": "down"}))
    client = _client(recorder, backoff=30)
    _later(0.2, INTERRUPTS.stop_waiting)
    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        client.list_associations()
    assert time.perf_counter() - began < 1
    assert len(recorder.requests) == 1


def test_ctrl_c_ends_a_pause_after_a_429_at_once() -> None:
    refused = json_response(429, {"message": "slow down"}, **{"Retry-After": "60"})
    recorder = Recorder(lambda request: refused)
    client = _client(recorder)
    _later(0.2, INTERRUPTS.stop_waiting)
    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        client.list_associations()
    assert time.perf_counter() - began < 1


def test_abandoning_requests_ends_one_on_the_wire() -> None:
    client = _client(Recorder(lambda request: time.sleep(5) or json_response(200, [])))
    _later(0.2, INTERRUPTS.abandon_requests)
    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        client.list_associations()
    assert time.perf_counter() - began < 1


def test_a_request_abandoned_stays_abandoned_when_the_flags_are_reset() -> None:
    """A request of an interrupted run nobody waits for any more must not hold the process."""
    client = _client(Recorder(lambda request: time.sleep(5) or json_response(200, [])))
    _later(0.2, lambda: (INTERRUPTS.abandon_requests(), INTERRUPTS.reset()))
    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        client.list_associations()
    assert time.perf_counter() - began < 1


def test_a_request_is_abandoned_after_the_grace_even_if_only_waits_were_stopped() -> None:
    """A signal handler that only sets flags (``stop_on_sigint``) while this thread is on the
    wire: nothing else is waiting to abandon the request, the grace still ends it."""
    client = _client(Recorder(lambda request: time.sleep(5) or json_response(200, [])))
    _later(0.2, INTERRUPTS.stop_waiting)
    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        client.list_associations()
    assert time.perf_counter() - began < 0.2 + GRACE_SECONDS + 0.5


def test_no_request_is_sent_once_requests_are_abandoned() -> None:
    recorder = Recorder(lambda request: json_response(200, []))
    INTERRUPTS.abandon_requests()
    with pytest.raises(KeyboardInterrupt):
        _client(recorder).list_associations()
    assert recorder.requests == []
    INTERRUPTS.reset()
    assert _client(recorder).list_associations() == []  # re-armed for the next run


def test_requests_one_after_another_reuse_one_request_thread() -> None:
    threads: list[threading.Thread] = []

    def answer(request: httpx.Request) -> httpx.Response:
        threads.append(threading.current_thread())
        return json_response(200, [])

    client = _client(Recorder(answer))
    for _ in range(20):
        client.list_associations()
    assert len(threads) == 20 and len(set(threads)) == 1
    assert threads[0] is not threading.current_thread()  # the deadline still guards each one


def test_the_caller_sleeps_until_the_answer_instead_of_looking_every_few_hundredths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looks: list[int] = []
    abandons = INTERRUPTS.abandons
    monkeypatch.setattr(INTERRUPTS, "abandons", lambda era: looks.append(era) or abandons(era))
    client = _client(Recorder(lambda request: time.sleep(0.6) or json_response(200, [])))
    assert client.list_associations() == []
    assert len(looks) <= 3
