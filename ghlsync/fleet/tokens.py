"""Location tokens minted from an agency token, and the sub-accounts the agency lists.

``POST /oauth/locationToken`` (form-encoded ``companyId``, ``locationId``) turns the agency's
OAuth token into a token for one sub-account. Each minted token stays in memory, is registered
for redaction (:func:`ghlsync.plumbing.redaction.register`) before it is used, and is minted
again when it nears its ``expires_in`` or is refused with 401 mid-run (:class:`LocationAuth`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from ghlsync.config.ids import is_safe_id
from ghlsync.errors import ApiError, GhlsyncError
from ghlsync.plumbing.redaction import Redactor, register

__all__ = ["MINTED_PLACEHOLDER", "LocationAuth", "MintedToken", "TokenMinter", "list_sub_accounts"]

MINTED_PLACEHOLDER = "minted-on-first-use"
"""What a member client's default Authorization carries until :class:`LocationAuth` puts the
minted token there; a request carrying another token (the agency's) is left as it is."""

_MINT_PATH = "/oauth/locationToken"
_SEARCH_PATH = "/locations/search"
_SEARCH_PAGE = 100
_MAX_SUB_ACCOUNTS = 10_000
_ATTEMPTS = 4
_RETRYABLE = frozenset({429, 500, 502, 503, 504})
_RENEW_MARGIN = 0.1
"""A token is minted again once less than this share of its lifetime is left."""
_MAX_TOKEN_CHARS = 8192


@dataclass(frozen=True, slots=True)
class MintedToken:
    value: str = field(repr=False)
    location_id: str
    renew_at: float


class TokenMinter:
    """Mints location tokens through ``agency`` (an httpx client carrying the agency token)."""

    def __init__(
        self,
        agency: httpx.Client,
        company_id: str,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._agency = agency
        self._company_id = company_id
        self._clock = clock
        self._sleep = sleep
        self._clean = Redactor(_bearer(agency))
        self.minted = 0

    def mint(self, location_id: str) -> MintedToken:
        """A fresh token for ``location_id``; ApiError (token-free) when the agency refuses."""
        form = {"companyId": self._company_id, "locationId": location_id}
        started = self._clock()
        answer = self._send("POST", _MINT_PATH, data=form)
        token, lifetime = _minted_token(answer, location_id)
        register([token])
        self.minted += 1
        return MintedToken(token, location_id, started + lifetime * (1 - _RENEW_MARGIN))

    def clock(self) -> float:
        return self._clock()

    def get_json(self, path: str, params: dict[str, str]) -> Any:
        return self._send("GET", path, params=params)

    def _send(self, method: str, path: str, **request: Any) -> Any:
        for attempt in range(_ATTEMPTS):
            try:
                response = self._agency.request(method, path, **request)
            except httpx.HTTPError as error:
                raise self._error(method, path, None, type(error).__name__) from None
            if response.status_code not in _RETRYABLE or attempt == _ATTEMPTS - 1:
                break
            self._sleep(_retry_after(response, attempt))
        if not response.is_success:
            raise self._error(method, path, response.status_code, _message(response))
        try:
            return response.json()
        except ValueError:
            raise self._error(method, path, response.status_code, "answer is not JSON") from None

    def _error(self, method: str, path: str, status: int | None, message: str) -> ApiError:
        return ApiError(method, path, status, self._clean(message)[:300])


def _bearer(http: httpx.Client) -> str:
    return str(http.headers.get("Authorization", "")).removeprefix("Bearer ").strip()


def _retry_after(response: httpx.Response, attempt: int) -> float:
    raw = response.headers.get("Retry-After", "")
    seconds = float(raw) if raw.isdigit() else 2.0**attempt
    return min(seconds, 60.0)


def _message(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return "no JSON error message"
    message = payload.get("message") if isinstance(payload, dict) else None
    if isinstance(message, list):
        message = "; ".join(str(item) for item in message)
    return str(message) if message else "no error message"


def _minted_token(answer: Any, location_id: str) -> tuple[str, float]:
    """The token and its lifetime in seconds, checked before anything uses them."""
    where = f"POST {_MINT_PATH}"
    if not isinstance(answer, dict):
        raise GhlsyncError(f"{where}: the answer is not a JSON object")
    token, lifetime = answer.get("access_token"), answer.get("expires_in")
    if not isinstance(token, str) or not 0 < len(token) <= _MAX_TOKEN_CHARS or not all(
        33 <= ord(character) <= 126 for character in token
    ):
        raise GhlsyncError(f"{where}: the answer has no usable access_token")
    answered_location = answer.get("locationId", location_id)
    if answered_location != location_id:
        register([token])
        raise GhlsyncError(f"{where}: asked for location {location_id} but the token is for "
                           "another location")
    if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or lifetime <= 0:
        lifetime = 3600.0
    return token, float(min(lifetime, 7 * 86_400))


class LocationAuth(httpx.Auth):
    """Puts the location's current minted token on each request: minted at first use, minted
    again when it nears expiry, and again (once per request) when the server answers 401."""

    def __init__(self, minter: TokenMinter, location_id: str) -> None:
        self._minter = minter
        self._location_id = location_id
        self._token: MintedToken | None = None
        self._lock = threading.Lock()

    def current(self) -> str:
        with self._lock:
            token = self._token
            if token is None or token.renew_at <= self._minter.clock():
                token = self._token = self._minter.mint(self._location_id)
            return token.value

    def renew(self, stale: str) -> str:
        """A new token unless another thread already replaced ``stale``."""
        with self._lock:
            if self._token is None or self._token.value == stale:
                self._token = self._minter.mint(self._location_id)
            return self._token.value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.headers.get("Authorization") != f"Bearer {MINTED_PLACEHOLDER}":
            yield request  # an Agency-Access request: it carries the agency token
            return
        token = self.current()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.renew(token)}"
            yield request


def list_sub_accounts(minter: TokenMinter, company_id: str) -> list[str]:
    """Every sub-account id of the agency (``GET /locations/search``, page by page)."""
    return sorted(set(_sub_account_ids(minter, company_id)))


def _sub_account_ids(minter: TokenMinter, company_id: str) -> Iterator[str]:
    for skip in range(0, _MAX_SUB_ACCOUNTS, _SEARCH_PAGE):
        params = {"companyId": company_id, "skip": str(skip), "limit": str(_SEARCH_PAGE)}
        page = _locations_of(minter.get_json(_SEARCH_PATH, params))
        yield from page
        if len(page) < _SEARCH_PAGE:
            return
    raise GhlsyncError(f"GET {_SEARCH_PATH}: more than {_MAX_SUB_ACCOUNTS} sub-accounts")


def _locations_of(answer: Any) -> list[str]:
    where = f"GET {_SEARCH_PATH}"
    locations = answer.get("locations") if isinstance(answer, dict) else None
    if not isinstance(locations, list):
        raise GhlsyncError(f"{where}: the answer has no 'locations' list")
    ids = [item.get("id") if isinstance(item, dict) else None for item in locations]
    bad = sum(1 for item in ids if not isinstance(item, str) or not is_safe_id(item))
    if bad:
        raise GhlsyncError(f"{where}: {bad} sub-account(s) without a usable id")
    return [item for item in ids if isinstance(item, str)]
