"""HTTP plumbing shared by the sandbox routes: the parsed request, GHL-shaped errors, inputs.

``Rejection`` is the sandbox's internal way to answer with an error. It never leaves
:meth:`ghlsync.sandbox.app.Sandbox.handle`, which turns it into a response.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import httpx

from ghlsync.client.wellformed import is_well_formed

__all__ = [
    "LOST_ANSWER",
    "BodyInputs",
    "Call",
    "QueryInputs",
    "Rejection",
    "json_response",
]

LOST_ANSWER = "ghlsync_sandbox_lost_answer"
"""Response extension set when the answer must be lost (the write was committed)."""

_INTEGER = re.compile(r"-?[0-9]+")
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
}


class Rejection(Exception):
    """An error answer: ``{"statusCode", "message"[, "error"]}`` like GHL's."""

    def __init__(
        self, status: int, message: str | list[str], with_error: bool = False
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.with_error = with_error or status in (401, 422)

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"statusCode": self.status, "message": self.message}
        if self.with_error:
            body["error"] = _REASONS[self.status]
        return body


def json_response(
    status: int, payload: object, headers: Mapping[str, str] | None = None
) -> httpx.Response:
    content = json.dumps(payload, separators=(",", ":")).encode()
    response_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return httpx.Response(status, content=content, headers=response_headers)


class Call:
    """One incoming request, with its path normalized (no trailing slash)."""

    def __init__(self, request: httpx.Request) -> None:
        self.method = request.method.upper()
        self.path = request.url.path.rstrip("/") or "/"
        self.query = request.url.params
        self.headers = request.headers
        self.content = request.read()

    @property
    def is_write(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH", "DELETE")

    @cached_property
    def body(self) -> Mapping[str, Any]:
        """The JSON object body; an empty body reads as ``{}``."""
        if not self.content.strip():
            return {}
        try:
            data = json.loads(self.content)
        except RecursionError:
            raise Rejection(400, "Request body is nested too deeply") from None
        except ValueError:
            raise Rejection(400, "Request body is not valid JSON") from None
        if not isinstance(data, dict):
            raise Rejection(400, "Request body must be a JSON object")
        if not is_well_formed(data):
            raise Rejection(400, "Request body is not valid text: it holds a lone surrogate")
        return data


class _Inputs:
    """Collects every problem with required fields, then raises one 422 listing them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def done(self) -> None:
        if self.problems:
            raise Rejection(422, self.problems)

    def _missing(self, name: str) -> str:
        self.problems += [f"{name} should not be empty", f"{name} must be a string"]
        return ""


class QueryInputs(_Inputs):
    def __init__(self, call: Call) -> None:
        super().__init__()
        self._query = call.query

    def text(self, name: str) -> str:
        value = self._query.get(name, "")
        return value if value else self._missing(name)

    def texts(self, name: str) -> list[str]:
        return [value for value in self._query.get_list(name) if value]

    def integer(self, name: str, minimum: int, maximum: int | None = None) -> int:
        raw = self._query.get(name, "").strip()
        if not _INTEGER.fullmatch(raw):
            self.problems.append(f"{name} must be a number conforming to the specified constraints")
            return minimum
        value = int(raw)
        if value < minimum:
            self.problems.append(f"{name} must not be less than {minimum}")
        if maximum is not None and value > maximum:
            self.problems.append(f"{name} must not be greater than {maximum}")
        return value


class BodyInputs(_Inputs):
    def __init__(self, call: Call) -> None:
        super().__init__()
        self._body = call.body

    def text(self, name: str) -> str:
        value = self._body.get(name)
        if value is None or value == "":
            return self._missing(name)
        if not isinstance(value, str):
            self.problems.append(f"{name} must be a string")
            return ""
        return value
