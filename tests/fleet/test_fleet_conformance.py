"""The fleet's own requests conform to HighLevel's official files: minting a location token
(apps/oauth.json: form-encoded, exactly companyId and locationId, Version header) and listing
sub-accounts (apps/locations.json: only its query parameters)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from ghlsync.sandbox import SandboxTransport
from tests.fleet.fleet_helpers import AGENCY_TOKEN, CONFIG, write_fleet

OPENAPI = Path(__file__).resolve().parents[1] / "openapi" / "apps"


def _operation(file: str, method: str, route: str) -> dict[str, object]:
    spec = json.loads((OPENAPI / file).read_text())
    operation: dict[str, object] = spec["paths"][route][method]
    operation["_schemas"] = spec["components"]["schemas"]
    return operation


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    requests: list[httpx.Request] = []
    handle = SandboxTransport.handle_request

    def recording(self: SandboxTransport, request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return handle(self, request)

    monkeypatch.setattr(SandboxTransport, "handle_request", recording)
    return requests


def _plan_all_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ghlsync.cli import main

    text = CONFIG.replace('"${OWNER_LABEL}"', "Owner")
    config, state = write_fleet(tmp_path, text[: text.index("  members:")] + "  members: all\n")
    monkeypatch.setenv("GHL_AGENCY_TOKEN", AGENCY_TOKEN)
    assert main(["plan", "--fleet", "-c", str(config), "--sandbox", str(state)]) == 0


def test_minting_matches_the_official_operation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorded: list[httpx.Request]
) -> None:
    _plan_all_members(tmp_path, monkeypatch)
    operation = _operation("oauth.json", "post", "/oauth/locationToken")
    content = operation["requestBody"]["content"]  # type: ignore[index]
    (media,) = content
    reference = content[media]["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = operation["_schemas"][reference]  # type: ignore[index]
    mints = [r for r in recorded if r.url.path == "/oauth/locationToken"]
    assert len(mints) == 3
    for request in mints:
        assert request.method == "POST"
        assert request.headers["Content-Type"] == media
        assert request.headers["Version"] == "2021-07-28"
        fields = dict(parse_qsl(request.content.decode()))
        assert set(fields) == set(schema["properties"]) == set(schema["required"])
        assert request.headers["Authorization"] == f"Bearer {AGENCY_TOKEN}"


def test_listing_sub_accounts_uses_only_official_query_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorded: list[httpx.Request]
) -> None:
    _plan_all_members(tmp_path, monkeypatch)
    operation = _operation("locations.json", "get", "/locations/search")
    allowed = {p["name"] for p in operation["parameters"] if p["in"] == "query"}  # type: ignore[index, union-attr]
    searches = [r for r in recorded if r.url.path == "/locations/search"]
    assert searches
    for request in searches:
        assert request.method == "GET" and not request.content
        assert set(request.url.params) <= allowed
