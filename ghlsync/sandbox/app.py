"""The simulator: one thread-safe ``handle(request) -> response`` behind both ways in."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from ghlsync.sandbox.admin import ADMIN_PREFIX, dispatch_admin
from ghlsync.sandbox.agency import AGENCY_PATHS
from ghlsync.sandbox.faults import FaultDecision, FaultInjector, FaultSettings
from ghlsync.sandbox.inject import Injection
from ghlsync.sandbox.limits import RateLimiter
from ghlsync.sandbox.registry import RESOURCES
from ghlsync.sandbox.router import dispatch, location_of
from ghlsync.sandbox.shapes import SCOPE_MESSAGE, refuse_scope, reshape, reshape_rejection
from ghlsync.sandbox.state import SandboxState, write_json_atomically
from ghlsync.sandbox.wire import LOST_ANSWER, Call, Rejection, json_response

__all__ = ["API_VERSION", "Sandbox", "is_lost_answer"]

API_VERSION = "2021-07-28"
_BEARER = re.compile(r"Bearer\s+\S+")
_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
_AGENCY_ACCESS = frozenset(endpoint for r in RESOURCES for endpoint in r.agency_access)
LOCATION_MESSAGE = "This location is not accessible from this token."
_TRANSIENT_MESSAGES = {500: "Internal server error", 503: "Service Unavailable"}


def is_lost_answer(response: httpx.Response) -> bool:
    """True when the sandbox committed the request but its answer must never arrive."""
    return bool(response.extensions.get(LOST_ANSWER))


class Sandbox:
    """A simulated GHL location server. ``handle`` may be called from many threads."""

    def __init__(
        self,
        state: SandboxState | None = None,
        faults: FaultSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._lock = threading.RLock()
        self._save_lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep
        self._state = state if state is not None else SandboxState()
        self._generation = 0
        self._saved_marker = self._marker()
        self._pending: list[Injection] = []
        self._injected: list[dict[str, object]] = []
        self.change_faults(faults or FaultSettings())

    @property
    def state(self) -> SandboxState:
        return self._state

    @property
    def faults(self) -> FaultSettings:
        return self._injector.settings

    def replace_state(self, state: SandboxState) -> None:
        with self._lock:
            self._state = state
            self._generation += 1

    def change_faults(self, settings: FaultSettings) -> None:
        """Use new settings: reseeds the dice and restarts rate-limit counting."""
        with self._lock:
            self._injector = FaultInjector(settings)
            self._limiter = RateLimiter(
                settings.rate_max,
                settings.rate_interval_ms,
                settings.daily_max,
                self._clock,
                fixed=settings.rate_window == "fixed",
            )

    def schedule_injection(self, injection: Injection) -> None:
        with self._lock:
            self._pending.append(injection)

    def injections(self) -> dict[str, object]:
        """Pending injections and the answers of those already performed."""
        with self._lock:
            return {"pending": [i.describe() for i in self._pending], "done": self._injected}

    def _run_due_injections(self, call: Call) -> None:
        due = [injection for injection in self._pending if injection.count(call)]
        for injection in due:
            self._pending.remove(injection)
            try:
                status, payload = dispatch(self._state, injection.call())
            except Rejection as rejection:
                status, payload = rejection.status, rejection.payload()
            self._injected.append({**injection.describe(), "status": status, "answer": payload})

    def handle(self, request: httpx.Request) -> httpx.Response:
        call = Call(request)
        with self._lock:
            if call.path.startswith(ADMIN_PREFIX):
                return self._answer(lambda: dispatch_admin(self, call))
            response, decision = self._handle_api(call)
        if decision.delay_seconds > 0:
            self._sleep(decision.delay_seconds)
        return response

    # persistence

    def _marker(self) -> tuple[int, int]:
        return (self._generation, self._state.revision)

    def save_if_changed(self, path: Path) -> bool:
        """Write the state atomically when it changed since the last save; True if written."""
        with self._save_lock:
            with self._lock:
                marker = self._marker()
                if marker == self._saved_marker:
                    return False
                snapshot = self._state.to_json()
            write_json_atomically(path, snapshot)
            self._saved_marker = marker
            return True

    # the API pipeline: headers, rate limit, faults, route

    def _handle_api(self, call: Call) -> tuple[httpx.Response, FaultDecision]:
        location_id = location_of(self._state, call)
        refusal = (
            _refuse_headers(call)
            or self._refuse_token_kind(call)
            or refuse_scope(self.faults.scopes_lacking, call)
            or self._refuse_token(call, location_id)
        )
        if refusal is not None:
            return self._rejected(refusal, location_id), FaultDecision()
        if self._limiter.is_exhausted(location_id):
            return self._too_many(location_id), FaultDecision()
        decision = self._injector.decide(call.is_write)
        if decision.status == 429:
            return self._too_many(location_id), decision
        self._limiter.record(location_id)
        if decision.status is not None:
            return self._transient(decision.status, location_id), decision
        snapshot = self._state.to_json() if decision.drop_write else None
        response = self._answer(lambda: self._dispatch_shaped(call), location_id)
        if snapshot is not None:
            self._forget_write(snapshot)
        self._run_due_injections(call)
        if decision.lose_answer:
            response.extensions[LOST_ANSWER] = True
        return response, decision

    def _refuse_token_kind(self, call: Call) -> Rejection | None:
        """Agency-Access endpoints take the agency token (the simulated agency's when there is
        one)."""
        if call.path in AGENCY_PATHS:
            return None
        agency = self._state.agency
        return _refuse_token_kind(call, agency.token if agency else self.faults.agency_token)

    def _refuse_token(self, call: Call, location_id: str) -> Rejection | None:
        agency = self._state.agency
        if agency is None or (call.method, call.path) in _AGENCY_ACCESS:
            return None  # judged by _refuse_token_kind
        agency.clock = self._clock
        return agency.refuse(call, location_id)

    def _forget_write(self, snapshot: dict[str, object]) -> None:
        """Back to the state before the write (its answer stands; ids are not reused; tokens
        minted so far stay valid)."""
        next_id, agency = self._state.next_id, self._state.agency
        self.replace_state(SandboxState.from_json(snapshot))
        self._state.next_id = max(self._state.next_id, next_id)
        self._state.agency = agency

    def _dispatch_shaped(self, call: Call) -> tuple[int, object]:
        shape = self.faults.answer_shape
        try:
            status, payload = dispatch(self._state, call)
        except Rejection as rejection:
            raise reshape_rejection(shape, call, rejection) from None
        return status, reshape(shape, call, payload)

    def _answer(
        self, run: Callable[[], tuple[int, object]], location_id: str | None = None
    ) -> httpx.Response:
        try:
            status, payload = run()
        except Rejection as rejection:
            return self._rejected(rejection, location_id)
        return json_response(status, payload, self._rate_headers(location_id))

    def _rejected(self, rejection: Rejection, location_id: str | None) -> httpx.Response:
        return json_response(rejection.status, rejection.payload(), self._rate_headers(location_id))

    def _too_many(self, location_id: str) -> httpx.Response:
        headers = self._rate_headers(location_id)
        if self.faults.send_retry_after:
            headers["Retry-After"] = str(self._limiter.retry_after_seconds(location_id))
        payload = {"statusCode": 429, "message": "Too many requests"}
        return json_response(429, payload, headers)

    def _transient(self, status: int, location_id: str) -> httpx.Response:
        headers = self._rate_headers(location_id)
        if status == 502:
            headers["Content-Type"] = "text/html"
            return httpx.Response(502, content=_GATEWAY_PAGE, headers=headers)
        payload = {"statusCode": status, "message": _TRANSIENT_MESSAGES[status]}
        return json_response(status, payload, headers)

    def _rate_headers(self, location_id: str | None) -> dict[str, str]:
        return {} if location_id is None else self._limiter.headers(location_id)


def _refuse_token_kind(call: Call, agency_token: str) -> Rejection | None:
    """Agency-Access endpoints (``POST /objects/``: creating an object) take only the agency
    token, and the agency token is no location token (it is refused everywhere else)."""
    token = call.headers.get("Authorization", "").strip().removeprefix("Bearer").strip()
    is_agency = token == agency_token
    if (call.method, call.path) in _AGENCY_ACCESS:
        return None if is_agency else Rejection(401, SCOPE_MESSAGE)
    return Rejection(401, LOCATION_MESSAGE) if is_agency else None


def _refuse_headers(call: Call) -> Rejection | None:
    """GHL's gatekeeping, in its order: User-Agent (403), token (401), Version (400)."""
    if not call.headers.get("User-Agent", "").strip():
        return Rejection(403, "Forbidden: requests must carry a User-Agent header")
    if not _BEARER.fullmatch(call.headers.get("Authorization", "").strip()):
        return Rejection(401, "Invalid JWT: send 'Authorization: Bearer <token>'")
    version = call.headers.get("Version")
    if version != API_VERSION:
        return Rejection(400, f"Version header must be {API_VERSION!r} (got {version!r})")
    return None
