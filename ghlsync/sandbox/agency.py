"""The agency the sandbox simulates: its sub-accounts and the location tokens it mints.

State file (optional ``agency`` key)::

    "agency": {"company_id": "comp_1", "token": "sandbox-agency-token", "token_seconds": 86399}

Every location of the state is a sub-account of that company. Like GHL:

- ``POST /oauth/locationToken`` takes a **form-encoded** body (``companyId``, ``locationId``,
  nothing else: 422 otherwise) and only the agency token (401 for any other); it answers
  ``{access_token, token_type, expires_in, scope, locationId, userId}``;
- ``GET /locations/search?companyId=&skip=&limit=`` (agency token) answers ``{locations}``;
- a minted token works for its own location only (403 elsewhere) until it expires
  (``token_seconds``; 401 after), and the agency token works on no location's endpoints (401).

Minted tokens are kept in memory only, never in the state file (a restarted sandbox refuses
them: 401, as a revoked token). Other bearer tokens are treated as a location's Private
Integration Token, as without an agency.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from ghlsync.sandbox.entities import JsonObject
from ghlsync.sandbox.wire import Call, Rejection

__all__ = ["AGENCY_PATHS", "Agency"]

AGENCY_PATHS = ("/oauth/locationToken", "/locations/search")
DEFAULT_TOKEN_SECONDS = 86_399
_FORM = "application/x-www-form-urlencoded"
_MINT_FIELDS = ("companyId", "locationId")
_SEARCH_MAX_LIMIT = 1000
_SCOPE = (
    "associations.readonly associations.write objects/schema.readonly objects/schema.write "
    "locations/customFields.readonly locations/customFields.write"
)
_MINTED_PREFIX = "sbxL."
"""Minted tokens start so: one this sandbox did not mint (or forgot, e.g. restarted) is 401."""
_NOT_THIS_CLASS = "This authClass type is not allowed to access this scope"


@dataclass(slots=True)
class _Minted:
    location_id: str
    expires_at: float


@dataclass(slots=True)
class Agency:
    """The company, its token, and the location tokens minted this run."""

    company_id: str
    token: str
    token_seconds: float = DEFAULT_TOKEN_SECONDS
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    _minted: dict[str, _Minted] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: object) -> Agency:
        if not isinstance(data, dict) or set(data) - {"company_id", "token", "token_seconds"}:
            raise ValueError("agency must be {company_id, token[, token_seconds]}")
        seconds = data.get("token_seconds", DEFAULT_TOKEN_SECONDS)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            raise ValueError("agency.token_seconds must be a positive number")
        company, token = data.get("company_id"), data.get("token")
        if not isinstance(company, str) or not company or not isinstance(token, str) or not token:
            raise ValueError("agency.company_id and agency.token must be non-empty strings")
        return cls(company, token, float(seconds))

    def to_json(self) -> JsonObject:
        seconds = int(self.token_seconds) if self.token_seconds.is_integer() else self.token_seconds
        return {"company_id": self.company_id, "token": self.token, "token_seconds": seconds}

    def refuse(self, call: Call, location_id: str) -> Rejection | None:
        """Why this request's token may not make it, or None."""
        token = _bearer(call)
        if call.path in AGENCY_PATHS:
            return None if token == self.token else Rejection(401, _NOT_THIS_CLASS)
        if token == self.token:
            return Rejection(401, _NOT_THIS_CLASS)
        minted = self._minted.get(token)
        if minted is None:
            return Rejection(401, "Invalid JWT") if token.startswith(_MINTED_PREFIX) else None
        if minted.expires_at <= self.clock():
            return Rejection(401, "Invalid JWT")
        if location_id and location_id != minted.location_id:
            return Rejection(403, "The token does not have access to this location.")
        return None

    def mint(self, call: Call, locations: frozenset[str]) -> tuple[int, JsonObject]:
        """``POST /oauth/locationToken``."""
        form = _form(call)
        if form["companyId"] != self.company_id:
            raise Rejection(400, "Company not found or not accessible with this token")
        location_id = form["locationId"]
        if location_id not in locations:
            raise Rejection(400, "Location not found in this company")
        token = f"{_MINTED_PREFIX}{secrets.token_urlsafe(32)}"
        self._minted[token] = _Minted(location_id, self.clock() + self.token_seconds)
        return 200, {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.to_json()["token_seconds"],
            "scope": _SCOPE,
            "locationId": location_id,
            "userId": "sandbox-user",
        }

    def search(self, call: Call, locations: list[str]) -> tuple[int, JsonObject]:
        """``GET /locations/search``: a page of the company's sub-accounts."""
        if call.query.get("companyId") != self.company_id:
            raise Rejection(400, "companyId must be the id of the agency of this token")
        skip = _whole(call, "skip", 0)
        limit = min(_whole(call, "limit", 10), _SEARCH_MAX_LIMIT)
        page = sorted(locations)[skip : skip + limit]
        return 200, {"locations": [{"id": lid, "name": f"Sub-account {lid}"} for lid in page]}


def _bearer(call: Call) -> str:
    authorization: str = call.headers.get("Authorization", "")
    return authorization.strip().removeprefix("Bearer").strip()


def _form(call: Call) -> dict[str, str]:
    content_type = call.headers.get("Content-Type", "").split(";")[0].strip().lower()
    pairs = parse_qsl(call.content.decode("utf-8", "replace")) if content_type == _FORM else []
    form = dict(pairs)
    problems = [f"property {name} should not exist" for name in form if name not in _MINT_FIELDS]
    for name in _MINT_FIELDS:
        if not form.get(name):
            problems += [f"{name} should not be empty", f"{name} must be a string"]
    if problems:
        raise Rejection(422, problems)
    return form


def _whole(call: Call, name: str, default: int) -> int:
    raw = call.query.get(name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise Rejection(422, [f"{name} must be a number string"])
    return int(raw)
