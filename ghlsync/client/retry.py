"""Retrying transient failures: 429, 500/502/503/504, timeouts and broken connections.

Waits follow the server when it says how long (``Retry-After``, or for a 429 the rate-limit
interval), else exponential backoff with jitter. Attempts are bounded; when they run out the
last failure becomes an :class:`ApiError` that says how many attempts were made.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import tenacity

from ghlsync.client import ratelimit
from ghlsync.client.endpoint import Endpoint
from ghlsync.client.failures import error_message
from ghlsync.client.limits import WAIT_VARIABLE
from ghlsync.errors import ApiError
from ghlsync.interrupts import interruptible_sleep

__all__ = ["TRANSIENT_STATUSES", "RetrySettings", "describe_transport_error", "send_with_retry"]

TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
_TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True, slots=True)
class RetrySettings:
    """How hard to try. ``sleep`` is injectable so tests need not wait; the default one
    ends at once on Ctrl-C (:mod:`ghlsync.interrupts`)."""

    max_attempts: int = 8
    initial_backoff: float = 0.5
    max_backoff: float = 30.0
    max_server_wait: float = 120.0
    sleep: Callable[[float], None] = interruptible_sleep


def send_with_retry(
    send: Callable[[], httpx.Response],
    endpoint: Endpoint,
    settings: RetrySettings,
    *,
    on_retry: Callable[[], None] = lambda: None,
) -> httpx.Response:
    """The first non-transient answer of ``send`` (success or a permanent error status).

    Raises ApiError when attempts run out, or at once for a transport failure that retrying
    cannot fix (an invalid URL, an unsupported protocol, ...).
    """
    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(settings.max_attempts),
        wait=_ServerAwareWait(settings, endpoint),
        retry=tenacity.retry_if_exception(_is_transient_error)
        | tenacity.retry_if_result(_is_transient_response),
        sleep=settings.sleep,
        before_sleep=lambda _state: on_retry(),
        retry_error_callback=lambda state: _raise_exhausted(state, endpoint),
    )
    try:
        return retrying(send)
    except httpx.HTTPError as error:
        raise endpoint.error(describe_transport_error(error)) from None


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
