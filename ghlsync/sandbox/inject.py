"""Scheduled injections: an API request the sandbox performs itself, once, mid-run.

Tests use them to change the location "behind the tool's back" while a command runs, e.g.
after the first write of an ``apply``. An injection waits for a number of API requests
(or only writes) that reached the router, then runs its request straight through the router
(no auth, faults or rate limits) and keeps the answer for ``GET /_sandbox/inject``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ghlsync.sandbox.wire import Call, Rejection

__all__ = ["Injection", "parse_injection"]

_ORIGIN = "http://sandbox.injected"
_METHODS = ("GET", "POST", "PUT", "DELETE")


@dataclass(slots=True)
class Injection:
    """Perform ``request`` right after the ``after``-th counted API request."""

    after: int
    writes_only: bool
    method: str
    path: str
    body: Mapping[str, Any] | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    seen: int = 0

    def count(self, call: Call) -> bool:
        """Count ``call`` if it qualifies; True when the injection is now due."""
        if call.is_write or not self.writes_only:
            self.seen += 1
        return self.seen >= self.after

    def call(self) -> Call:
        content = b"" if self.body is None else json.dumps(self.body).encode()
        url = httpx.URL(_ORIGIN + self.path, params=dict(self.params))
        return Call(httpx.Request(self.method, url, content=content))

    def describe(self) -> dict[str, Any]:
        trigger = "after_writes" if self.writes_only else "after_requests"
        return {trigger: self.after, "seen": self.seen, "method": self.method, "path": self.path}


def parse_injection(body: Mapping[str, Any]) -> Injection:
    """Read ``{"after_requests"|"after_writes": N, "request": {...}}``; Rejection 400 if bad."""
    triggers = [name for name in ("after_requests", "after_writes") if name in body]
    if len(triggers) != 1 or set(body) - {triggers[0], "request"}:
        raise Rejection(400, "expected exactly one of after_requests/after_writes, and request")
    after = body[triggers[0]]
    if not isinstance(after, int) or isinstance(after, bool) or after < 1:
        raise Rejection(400, f"{triggers[0]} must be a whole number of at least 1")
    request = body.get("request")
    if not isinstance(request, Mapping):
        raise Rejection(400, "request must be an object: {method, path, json?, params?}")
    return Injection(after, triggers[0] == "after_writes", *_request_parts(request))


def _request_parts(
    request: Mapping[str, Any],
) -> tuple[str, str, Mapping[str, Any] | None, Mapping[str, str]]:
    method = str(request.get("method", "")).upper()
    path = request.get("path")
    body = request.get("json")
    params = request.get("params", {})
    if method not in _METHODS:
        raise Rejection(400, f"request.method must be one of {', '.join(_METHODS)}")
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("/_sandbox"):
        raise Rejection(400, "request.path must be an API path such as /associations/relations")
    if body is not None and not isinstance(body, Mapping):
        raise Rejection(400, "request.json must be an object")
    if not isinstance(params, Mapping) or not all(isinstance(v, str) for v in params.values()):
        raise Rejection(400, "request.params must map names to strings")
    return method, path, body, params
