"""Location tokens minted from the agency token: form-encoded, in memory, redacted, renewed."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from ghlsync.errors import ApiError
from ghlsync.fleet.tokens import (
    MINTED_PLACEHOLDER,
    LocationAuth,
    TokenMinter,
    list_sub_accounts,
)
from ghlsync.plumbing.redaction import scrub
from ghlsync.sandbox import Sandbox, SandboxState
from tests.fleet.fleet_helpers import AGENCY_TOKEN, COMPANY

HEADERS = {"Version": "2021-07-28", "User-Agent": "tests"}
LISTING = {"locationId": "loc_0", "skip": "0", "limit": "10"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _sandbox(clock: Clock, token_seconds: float = 60, locations: int = 2) -> Sandbox:
    state = SandboxState.from_json({
        "agency": {"company_id": COMPANY, "token": AGENCY_TOKEN, "token_seconds": token_seconds},
        "locations": {f"loc_{i}": {} for i in range(locations)},
    })
    return Sandbox(state, clock=clock)


def _client(sandbox: Sandbox, token: str, log: list[httpx.Request] | None = None) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        if log is not None:
            log.append(request)
        return sandbox.handle(request)

    headers = {**HEADERS, "Authorization": f"Bearer {token}"}
    return httpx.Client(transport=httpx.MockTransport(handle), base_url="https://x",
                        headers=headers)


def _minter(sandbox: Sandbox, clock: Clock, log: list[httpx.Request] | None = None) -> TokenMinter:
    return TokenMinter(_client(sandbox, AGENCY_TOKEN, log), COMPANY, clock, sleep=lambda _s: None)


def test_a_token_is_minted_with_a_form_encoded_body() -> None:
    clock, log = Clock(), []
    sandbox = _sandbox(clock)
    minted = _minter(sandbox, clock, log).mint("loc_1")
    request = log[-1]
    assert request.url.path == "/oauth/locationToken"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"companyId=comp_1&locationId=loc_1"
    assert request.headers["Version"] == "2021-07-28"
    assert minted.location_id == "loc_1"
    assert minted.value not in repr(minted)


def test_a_minted_token_is_redacted_everywhere_once_known() -> None:
    clock = Clock()
    minted = _minter(_sandbox(clock), clock).mint("loc_0")
    cleaned = scrub(f"echo {minted.value} and {minted.value[5:30]}")
    assert cleaned.startswith("echo [redacted]")
    assert minted.value[5:30] not in cleaned
    assert set(cleaned.replace("[redacted]", "")) <= set("echo and ")


def test_the_auth_mints_once_then_again_when_the_token_nears_expiry() -> None:
    clock = Clock()
    sandbox = _sandbox(clock, token_seconds=100)
    minter = _minter(sandbox, clock)
    auth = LocationAuth(minter, "loc_0")
    with _client(sandbox, MINTED_PLACEHOLDER) as api:
        api.auth = auth
        assert api.get("/associations/", params=LISTING).status_code == 200
        clock.now += 50
        assert api.get("/associations/", params=LISTING).status_code == 200
        assert minter.minted == 1
        clock.now += 45  # past 90% of the lifetime: renewed before it is refused
        assert api.get("/associations/", params=LISTING).status_code == 200
    assert minter.minted == 2


def test_a_401_mid_run_mints_a_new_token_and_resends() -> None:
    clock = Clock()
    sandbox = _sandbox(clock, token_seconds=100)
    minter = _minter(sandbox, clock)
    auth = LocationAuth(minter, "loc_0")
    stale = auth.current()
    sandbox.state.agency._minted.clear()  # type: ignore[union-attr]  # revoked server-side
    with _client(sandbox, MINTED_PLACEHOLDER) as api:
        api.auth = auth
        answer = api.get("/associations/", params=LISTING)
    assert answer.status_code == 200
    assert minter.minted == 2
    assert auth.current() != stale


def test_without_the_fix_an_expired_token_is_refused() -> None:
    clock = Clock()
    sandbox = _sandbox(clock, token_seconds=10)
    token = _minter(sandbox, clock).mint("loc_0").value
    clock.now += 11
    with _client(sandbox, token) as api:
        answer = api.get("/associations/", params=LISTING)
    assert answer.status_code == 401


def test_a_refusal_never_quotes_the_agency_token() -> None:
    clock = Clock()
    sandbox = _sandbox(clock)
    minter = _minter(sandbox, clock)
    with pytest.raises(ApiError) as raised:
        minter.mint("loc_unknown")
    assert raised.value.status == 400
    assert AGENCY_TOKEN not in str(raised.value)


def test_a_location_token_cannot_mint() -> None:
    clock = Clock()
    sandbox = _sandbox(clock)
    minter = TokenMinter(_client(sandbox, "pit-of-one-location"), COMPANY, clock)
    with pytest.raises(ApiError, match="HTTP 401"):
        minter.mint("loc_0")


def test_sub_accounts_are_listed_page_by_page() -> None:
    clock, log = Clock(), []
    sandbox = _sandbox(clock, locations=230)
    found = list_sub_accounts(_minter(sandbox, clock, log), COMPANY)
    assert len(found) == 230 and found == sorted(found)
    assert [r.url.params["skip"] for r in log] == ["0", "100", "200"]


def test_a_listing_with_an_unusable_id_is_refused(tmp_path: Path) -> None:
    answer = {"locations": [{"id": "ok_1"}, {"id": "../admin"}]}
    transport = httpx.MockTransport(lambda _r: httpx.Response(200, json=answer))
    agency = httpx.Client(transport=transport, base_url="https://x")
    with pytest.raises(Exception, match="1 sub-account"):
        list_sub_accounts(TokenMinter(agency, COMPANY), COMPANY)
    assert json.dumps(answer)


def test_a_request_carrying_the_agency_token_is_sent_as_it_is() -> None:
    clock, log = Clock(), []
    sandbox = _sandbox(clock)
    minter = _minter(sandbox, clock)
    with _client(sandbox, MINTED_PLACEHOLDER, log) as api:
        api.auth = LocationAuth(minter, "loc_0")
        api.get("/associations/", params=LISTING)
        api.get("/associations/", params=LISTING, headers={"Authorization": "Bearer agency-x"})
    assert log[0].headers["Authorization"].startswith("Bearer sbxL.")
    assert log[1].headers["Authorization"] == "Bearer agency-x"
    assert minter.minted == 1
