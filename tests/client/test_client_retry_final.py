"""What waiting cannot fix fails at once; every retry wait is announced in one line."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable

import httpx
import pytest

from ghlsync.client.parse import Endpoint
from ghlsync.client.retry import RetrySettings, send_with_retry
from ghlsync.errors import ApiError


def _caused_by(cause: BaseException) -> httpx.ConnectError:
    """A ConnectError as httpx raises it: the OS error is in its chain."""
    try:
        try:
            raise cause
        except OSError as error:
            raise httpx.ConnectError(str(error)) from error
    except httpx.ConnectError as connect_error:
        return connect_error


def _failing(error: Exception, calls: list[int]) -> Callable[[], httpx.Response]:
    def send() -> httpx.Response:
        calls.append(1)
        raise error

    return send


@pytest.mark.parametrize(
    ("cause", "words"),
    [
        (socket.gaierror(-2, "Name or service not known"), "does not resolve"),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), "TLS failed"),
        (ConnectionRefusedError(111, "Connection refused"), "nothing has answered yet"),
    ],
)
def test_what_waiting_cannot_fix_fails_at_the_first_attempt(
    cause: OSError, words: str
) -> None:
    calls: list[int] = []
    sleeps: list[float] = []
    settings = RetrySettings(sleep=sleeps.append)
    with pytest.raises(ApiError, match=words) as raised:
        send_with_retry(
            _failing(_caused_by(cause), calls),
            Endpoint("GET", "/associations/"),
            settings,
            answered_before=False,
        )
    assert (len(calls), sleeps) == (1, [])
    assert "--base-url" in str(raised.value) and "not retried" in str(raised.value)


def test_a_refused_connection_after_answers_is_retried_like_a_restart() -> None:
    calls: list[int] = []
    refused = _caused_by(ConnectionRefusedError(111, "Connection refused"))
    settings = RetrySettings(max_attempts=3, sleep=lambda _s: None)
    with pytest.raises(ApiError, match="after 3 attempts"):
        send_with_retry(
            _failing(refused, calls), Endpoint("GET", "/x"), settings, answered_before=True
        )
    assert len(calls) == 3


def test_each_wait_is_announced_once_with_what_and_why() -> None:
    lines: list[str] = []
    settings = RetrySettings(initial_backoff=0.5, sleep=lambda _s: None, announce=lines.append)
    answers = iter([httpx.Response(503), httpx.Response(502), httpx.Response(200)])
    endpoint = Endpoint("POST", "/associations/relations", route="/associations/relations")
    send_with_retry(lambda: next(answers), endpoint, settings)
    assert len(lines) == 2
    assert lines[0].startswith("retrying POST /associations/relations in ")
    assert lines[0].endswith("(attempt 2 of 8): HTTP 503")
    assert lines[1].endswith("(attempt 3 of 8): HTTP 502")
