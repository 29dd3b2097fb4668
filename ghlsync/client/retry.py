"""Retrying transient failures: 429, 500/502/503/504, timeouts and broken connections.

Waits follow the server when it says how long (``Retry-After``, or for a 429 the rate-limit
interval), else exponential backoff with jitter. Attempts are bounded; when they run out the
last failure becomes an :class:`ApiError` that says how many attempts were made. Each wait is
announced (``RetrySettings.announce``: one line, what and why, never a body or a token).

What waiting cannot fix fails at once: a host name that does not resolve, a TLS failure, and a
refused connection before anything has answered (a wrong ``--base-url``, a server not running).
"""

from __future__ import annotations

import random
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import tenacity

from ghlsync.client import ratelimit
from ghlsync.client.endpoint import Endpoint
from ghlsync.client.failures import error_message
from ghlsync.client.limits import WAIT_VARIABLE
from ghlsync.errors import ApiError
from ghlsync.plumbing.interrupts import interruptible_sleep

__all__ = ["TRANSIENT_STATUSES", "RetrySettings", "describe_transport_error", "send_with_retry"]

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
_TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True, slots=True)
class RetrySettings:
    """How hard to try. ``sleep`` is injectable so tests need not wait; the default one
    ends at once on Ctrl-C (:mod:`ghlsync.plumbing.interrupts`)."""

    max_attempts: int = 8
    initial_backoff: float = 0.5
    max_backoff: float = 30.0
    max_server_wait: float = 120.0
    sleep: Callable[[float], None] = interruptible_sleep
    announce: Callable[[str], None] = lambda _line: None


def send_with_retry(
    send: Callable[[], httpx.Response],
    endpoint: Endpoint,
    settings: RetrySettings,
    *,
    on_retry: Callable[[], None] = lambda: None,
    answered_before: bool = True,
) -> httpx.Response:
    """The first non-transient answer of ``send`` (success or a permanent error status).

    Raises ApiError when attempts run out, or at once for a transport failure that retrying
    cannot fix (an invalid URL, an unsupported protocol, an unknown host, a TLS failure, a
    refused connection when nothing has ``answered_before``). The first attempt is sent
    before any retry policy is built: most requests need none.
    """
    try:
        first = send()
    except httpx.HTTPError as error:
        if not _worth_retrying(error, answered_before):
            raise _transport_failure(error, endpoint, answered_before) from None
        again = _replaying(error, send)
    else:
        if not _is_transient_response(first):
            return first
        again = _replaying(first, send)
    try:
        return _retrying(endpoint, settings, on_retry, answered_before)(again)
    except httpx.HTTPError as error:
        raise _transport_failure(error, endpoint, answered_before) from None


def _retrying(
    endpoint: Endpoint,
    settings: RetrySettings,
    on_retry: Callable[[], None],
    answered_before: bool,
) -> tenacity.Retrying:
    def before_sleep(state: tenacity.RetryCallState) -> None:
        on_retry()
        settings.announce(_retry_line(state, endpoint, settings.max_attempts))

    return tenacity.Retrying(
        stop=tenacity.stop_after_attempt(settings.max_attempts),
        wait=_ServerAwareWait(settings, endpoint),
        retry=tenacity.retry_if_exception(lambda error: _worth_retrying(error, answered_before))
        | tenacity.retry_if_result(_is_transient_response),
        sleep=settings.sleep,
        before_sleep=before_sleep,
        retry_error_callback=lambda state: _raise_exhausted(state, endpoint),
    )


def _replaying(
    first: httpx.Response | httpx.HTTPError, send: Callable[[], httpx.Response]
) -> Callable[[], httpx.Response]:
    """``send``, but its first call answers with ``first``: the attempt already made."""
    pending = [first]

    def again() -> httpx.Response:
        if not pending:
            return send()
        outcome = pending.pop()
        if isinstance(outcome, httpx.HTTPError):
            raise outcome
        return outcome

    return again


def _worth_retrying(error: BaseException, answered_before: bool) -> bool:
    return _is_transient_error(error) and _final(error, answered_before) is None


def _transport_failure(
    error: httpx.HTTPError, endpoint: Endpoint, answered_before: bool
) -> ApiError:
    final = _final(error, answered_before) or ""
    return endpoint.error(describe_transport_error(error) + final)


def _final(error: BaseException, answered_before: bool) -> str | None:
    """Why retrying ``error`` cannot help (the end of its message), or None if it might."""
    causes = _causes(error)
    if any(isinstance(cause, socket.gaierror) for cause in causes):
        return ": the host name does not resolve; check --base-url (or GHL_BASE_URL); not retried"
    if any(isinstance(cause, ssl.SSLError) for cause in causes):
        return ": TLS failed; check --base-url (or GHL_BASE_URL); not retried"
    refused = any(isinstance(cause, ConnectionRefusedError) for cause in causes)
    if refused and not answered_before:
        return (
            ": connection refused and nothing has answered yet; check --base-url "
            "(or GHL_BASE_URL) and that the server is running; not retried"
        )
    return None


def _causes(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _retry_line(state: tenacity.RetryCallState, endpoint: Endpoint, attempts: int) -> str:
    """``retrying GET /associations/ in 2.1 s (attempt 2 of 8): HTTP 503``."""
    wait = state.next_action.sleep if state.next_action is not None else 0.0
    response = _last_response(state)
    if response is not None:
        why = f"HTTP {response.status_code}"
    else:
        error = state.outcome.exception() if state.outcome is not None else None
        why = _transport_kind(error) if isinstance(error, httpx.HTTPError) else "failed"
    request = f"{endpoint.method} {endpoint.route or endpoint.clean(endpoint.path)}"
    attempt = f"attempt {state.attempt_number + 1} of {attempts}"
    return f"retrying {request} in {wait:.1f} s ({attempt}): {why}"


def _transport_kind(error: httpx.HTTPError) -> str:
    return describe_transport_error(error).split(" (")[0] + f" ({type(error).__name__})"


def describe_transport_error(error: httpx.HTTPError) -> str:
    """A short description of a failure below HTTP, for an ApiError message."""
    if isinstance(error, httpx.TimeoutException):
        kind = "timed out"
    elif isinstance(error, httpx.NetworkError):
        kind = "connection failed"
    else:
        kind = "transport failed"
    detail = str(error).strip()
    return f"{kind} ({type(error).__name__}{': ' + detail if detail else ''})"


class _ServerAwareWait:
    def __init__(self, settings: RetrySettings, endpoint: Endpoint) -> None:
        self._settings = settings
        self._endpoint = endpoint

    def __call__(self, state: tenacity.RetryCallState) -> float:
        told = _server_wait(state)
        if told is not None and told > self._settings.max_server_wait:
            answered = _last_response(state)
            endpoint = self._endpoint.answered(answered.status_code) if answered else self._endpoint
            raise endpoint.error(
                f"the server asks to wait {told:.0f} s before retrying, longer than "
                f"{WAIT_VARIABLE} ({self._settings.max_server_wait:g} s); stopping instead"
            )
        if told is not None:
            return told
        return self._backoff(state.attempt_number)

    def _backoff(self, attempt: int) -> float:
        """``initial * 2**(attempt-1)`` plus up to ``initial`` of jitter, capped."""
        initial = self._settings.initial_backoff
        exponential = initial * 2.0 ** min(attempt - 1, 32)
        return min(exponential + random.uniform(0, initial), self._settings.max_backoff)


def _server_wait(state: tenacity.RetryCallState) -> float | None:
    response = _last_response(state)
    if response is None:
        return None
    told = ratelimit.retry_after_seconds(response.headers)
    if told is None and response.status_code == 429:
        told = ratelimit.interval_seconds(response.headers)
    return told


def _last_response(state: tenacity.RetryCallState) -> httpx.Response | None:
    outcome = state.outcome
    if outcome is None or outcome.failed:
        return None
    result = outcome.result()
    return result if isinstance(result, httpx.Response) else None


def _is_transient_error(error: BaseException) -> bool:
    return isinstance(error, _TRANSIENT_ERRORS)


def _is_transient_response(response: httpx.Response) -> bool:
    status = response.status_code
    exhausted = ratelimit.daily_quota_exhausted(status, response.headers)
    return status in TRANSIENT_STATUSES and not exhausted


def _raise_exhausted(state: tenacity.RetryCallState, endpoint: Endpoint) -> httpx.Response:
    attempts = f"after {state.attempt_number} attempts"
    response = _last_response(state)
    if response is not None:
        answered = endpoint.answered(response.status_code)
        raise answered.error(f"{error_message(response, endpoint.clean)} ({attempts})")
    error = state.outcome.exception() if state.outcome is not None else None
    if isinstance(error, httpx.HTTPError):
        raise endpoint.error(f"{describe_transport_error(error)} ({attempts})") from None
    raise ApiError(endpoint.method, endpoint.path, None, f"request failed ({attempts})")
