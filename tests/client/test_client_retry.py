"""Retries: 429 (with and without hints), 5xx, connection errors, timeouts, exhaustion."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import association_json, json_response, make_client, scripted

from ghlsync.client.parse import Endpoint
from ghlsync.client.retry import RetrySettings, send_with_retry
from ghlsync.errors import ApiError

OK = json_response(200, [association_json()])


def _request() -> httpx.Request:
    return httpx.Request("GET", "https://services.leadconnectorhq.com/associations/")


def test_429_with_retry_after_waits_what_the_server_said() -> None:
    client, recorder, clock = make_client(
        scripted([json_response(429, {"message": "slow down"}, **{"Retry-After": "3"}), OK])
    )
    assert [a.key for a in client.list_associations()] == ["property_owner"]
    assert clock.sleeps == [3.0]
    assert len(recorder.requests) == 2
    assert (client.stats.throttled, client.stats.retries, client.stats.requests) == (1, 1, 2)


def test_429_without_retry_after_waits_the_interval_header() -> None:
    limited = json_response(429, {}, **{"X-RateLimit-Interval-Milliseconds": "2000"})
    client, _, clock = make_client(scripted([limited, OK]))
    client.list_associations()
    assert clock.sleeps == [2.0]


def test_bare_429_backs_off_and_the_pacer_holds_everyone_for_the_interval() -> None:
    client, _, clock = make_client(scripted([json_response(429, {}), OK]))
    started = clock.now
    client.list_associations()
    assert 0.5 <= clock.sleeps[0] <= 1.0
    assert clock.now - started == pytest.approx(10.0)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried(status: int) -> None:
    client, recorder, _ = make_client(scripted([json_response(status, {}), OK]))
    client.list_associations()
    assert len(recorder.requests) == 2


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused", request=_request()),
        httpx.ReadTimeout("timed out", request=_request()),
        httpx.WriteError("broken pipe", request=_request()),
        httpx.RemoteProtocolError("peer closed connection", request=_request()),
    ],
)
def test_transport_failures_are_retried(error: Exception) -> None:
    client, recorder, _ = make_client(scripted([error, OK]))
    client.list_associations()
    assert len(recorder.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_permanent_statuses_are_not_retried(status: int) -> None:
    client, recorder, _ = make_client(scripted([json_response(status, {"message": "no"})]))
    with pytest.raises(ApiError) as caught:
        client.list_associations()
    assert caught.value.status == status
    assert len(recorder.requests) == 1


def test_exhausted_status_retries_report_the_last_answer_and_the_attempts() -> None:
    answers = [json_response(503, {"message": f"down {n}"}) for n in range(4)]
    client, recorder, _ = make_client(scripted(answers), attempts=4)
    with pytest.raises(ApiError) as caught:
        client.list_associations()
    assert len(recorder.requests) == 4
    assert caught.value.status == 503
    assert str(caught.value) == "GET /associations/: HTTP 503: down 3 (after 4 attempts)"


def test_exhausted_connection_retries_say_no_answer_arrived() -> None:
    errors = [httpx.ConnectError("refused", request=_request()) for _ in range(3)]
    client, _, _ = make_client(scripted(errors), attempts=3)
    with pytest.raises(ApiError) as caught:
        client.list_associations()
    assert caught.value.status is None
    assert "connection failed (ConnectError: refused) (after 3 attempts)" in str(caught.value)


def test_exhausted_timeouts_say_timed_out() -> None:
    errors = [httpx.ReadTimeout("read timed out", request=_request()) for _ in range(2)]
    client, _, _ = make_client(scripted(errors), attempts=2)
    with pytest.raises(ApiError, match=r"timed out .*after 2 attempts"):
        client.list_associations()


def test_a_transport_error_that_retrying_cannot_fix_fails_at_once() -> None:
    error = httpx.UnsupportedProtocol("no gopher", request=_request())
    client, recorder, _ = make_client(scripted([error]))
    with pytest.raises(ApiError, match=r"transport failed .*UnsupportedProtocol"):
        client.list_associations()
    assert len(recorder.requests) == 1


def test_backoff_grows_exponentially() -> None:
    sleeps: list[float] = []
    settings = RetrySettings(max_attempts=5, initial_backoff=0.5, sleep=sleeps.append)
    answers = iter([httpx.Response(500)] * 4 + [httpx.Response(200)])
    response = send_with_retry(lambda: next(answers), Endpoint("GET", "/x"), settings)
    assert response.status_code == 200
    for attempt, slept in enumerate(sleeps):
        assert 0.5 * 2**attempt <= slept <= 0.5 * 2**attempt + 0.5


def test_retry_after_on_a_503_is_honoured_and_past_the_cap_fails_at_once() -> None:
    sleeps: list[float] = []
    settings = RetrySettings(max_server_wait=30.0, sleep=sleeps.append)
    answers = iter(
        [httpx.Response(503, headers={"Retry-After": "4"}),
         httpx.Response(503, headers={"Retry-After": "999999"}),
         httpx.Response(204)]
    )
    with pytest.raises(ApiError, match=r"HTTP 503: the server asks to wait 999999 s .*"
                       r"longer than GHLSYNC_MAX_WAIT \(30 s\)"):
        send_with_retry(lambda: next(answers), Endpoint("GET", "/x"), settings)
    assert sleeps == [4.0]


def test_429_with_the_daily_quota_spent_fails_at_once_with_a_clear_message() -> None:
    spent = json_response(
        429,
        {"statusCode": 429, "message": "Too many requests"},
        **{"X-RateLimit-Daily-Remaining": "0", "Retry-After": "60"},
    )
    client, recorder, clock = make_client(scripted([spent, OK]))
    with pytest.raises(ApiError) as raised:
        client.list_associations()
    assert raised.value.status == 429
    assert "daily request quota is used up" in str(raised.value)
    assert len(recorder.requests) == 1
    assert clock.sleeps == []


def test_429_with_daily_quota_left_is_still_retried() -> None:
    limited = json_response(429, {}, **{"X-RateLimit-Daily-Remaining": "5", "Retry-After": "1"})
    client, recorder, _ = make_client(scripted([limited, OK]))
    client.list_associations()
    assert len(recorder.requests) == 2


def test_an_answer_that_needs_no_retry_builds_no_retry_policy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The policy is built only once a first attempt failed: most requests never need it."""
    import ghlsync.client.retry as retry

    monkeypatch.setattr(retry.tenacity, "Retrying", None)
    endpoint = Endpoint("GET", "/associations/")
    for answer in (OK, json_response(404, {})):
        sent = send_with_retry(lambda answer=answer: answer, endpoint, RetrySettings())
        assert sent is answer
