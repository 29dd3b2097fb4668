"""Turning an unsuccessful GHL answer into an ApiError a user can act on.

The message is the server's own (``message`` arrays, as 422 sends, joined with '; '), else
a short snippet of the body. Secrets are removed from the whole body before anything is cut
or flattened, so a cut cannot leave part of the token behind. A 401 or 403 says which scope
the Private Integration lacks when the server's message is about scopes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import httpx

from ghlsync.client import ratelimit
from ghlsync.client.endpoint import Endpoint
from ghlsync.client.wellformed import loads_well_formed
from ghlsync.errors import ApiError

__all__ = ["error_from_response", "error_message", "json_or_none", "required_scope", "snippet"]

SNIPPET_LENGTH = 200
_ASSOCIATIONS_ROUTE = "/associations"
_RELATIONS_ROUTE = "/associations/relations"
_AUTH_STATUSES = (401, 403)


def error_from_response(response: httpx.Response, endpoint: Endpoint) -> ApiError:
    """The ApiError for an unsuccessful answer, with a hint for 401, 403 and a spent quota."""
    answered = endpoint.answered(response.status_code)
    message = error_message(response, endpoint.clean)
    hint = _hint(response, answered, message)
    return answered.error(f"{message} ({hint})" if hint else message)


def json_or_none(response: httpx.Response) -> object:
    """The answer's JSON, or None when it is not JSON (or nests too deeply to read)."""
    try:
        return loads_well_formed(response.content)
    except (ValueError, RecursionError):
        return None


def error_message(response: httpx.Response, clean: Callable[[str], str] = str) -> str:
    """The server's ``message`` (arrays joined with '; '), else a snippet, else the reason."""
    payload = json_or_none(response)
    from_json = _message_field(payload) if isinstance(payload, Mapping) else None
    if from_json:
        return snippet(from_json, clean)
    return (
        snippet(response.text, clean)
        or response.reason_phrase
        or f"HTTP {response.status_code}"
    )


def snippet(text: str, clean: Callable[[str], str] = str) -> str:
    """``text`` with secrets removed, then without markup, on one line, then cut short."""
    flat = clean(" ".join(re.sub(r"<[^>]*>", " ", clean(text)).split()))
    if len(flat) <= SNIPPET_LENGTH:
        return flat
    return flat[: SNIPPET_LENGTH - 1] + "…"


def required_scope(endpoint: Endpoint) -> str | None:
    """The Private Integration scope an association request needs (None for other endpoints)."""
    route = endpoint.route or endpoint.path
    if not route.startswith(_ASSOCIATIONS_ROUTE):
        return None
    family = "associations/relation" if route.startswith(_RELATIONS_ROUTE) else "associations"
    access = "readonly" if endpoint.method == "GET" else "write"
    return f"{family}.{access}"


def _hint(response: httpx.Response, endpoint: Endpoint, message: str) -> str | None:
    status = response.status_code
    if ratelimit.daily_quota_exhausted(status, response.headers):
        return "the location's daily request quota is used up; run again after it resets"
    if status in _AUTH_STATUSES and "scope" in message.lower():
        scope = required_scope(endpoint)
        route = endpoint.route or endpoint.path
        needed = f"the scope {scope}" if scope else f"the scope {endpoint.method} {route} needs"
        return f"add {needed} to the Private Integration behind the token"
    if status == 401:
        return "check the token (GHL_TOKEN or the environment's token_env)"
    if status == 403:
        return "the token lacks the associations scopes or location access"
    return None


def _message_field(payload: Mapping[str, object]) -> str | None:
    for name in ("message", "error"):
        value = payload.get(name)
        if isinstance(value, list):
            value = "; ".join(str(item) for item in value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
