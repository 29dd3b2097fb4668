"""A small fleet over the in-process sandbox: a file, a state with an agency, a run."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from ghlsync.connection import ConnectionOptions
from ghlsync.fleet import FleetConnection, FleetRun, declared_members
from ghlsync.kinds.file import load_document

AGENCY_TOKEN = "agency-secret-0123456789abcdef"
COMPANY = "comp_1"
LOCATIONS = {"acme": "loc_acme", "globex": "loc_glbx", "initech": "loc_init"}

CONFIG = """
version: 1
associations:
  - key: property_owner
    first: { object: business, label: Company }
    second: { object: contact, label: "${OWNER_LABEL}" }
fleet:
  company_id: comp_1
  agency_token_env: GHL_AGENCY_TOKEN
  members:
    acme: { location: loc_acme, vars: { OWNER_LABEL: Owner } }
    globex: { location: loc_glbx, vars: { OWNER_LABEL: Landlord } }
    initech: { location: loc_init, vars: { OWNER_LABEL: Owner } }
  groups:
    canary: [acme]
"""


def write_fleet(
    tmp_path: Path,
    config: str = CONFIG,
    token_seconds: float = 86_399,
    locations: Mapping[str, Any] | None = None,
) -> tuple[Path, Path]:
    """The file and the sandbox state (an agency whose sub-accounts are the members)."""
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(config).lstrip())
    state = tmp_path / "state.json"
    agency = {"company_id": COMPANY, "token": AGENCY_TOKEN, "token_seconds": token_seconds}
    places = locations if locations is not None else {loc: {} for loc in LOCATIONS.values()}
    state.write_text(json.dumps({"version": 1, "agency": agency, "locations": places}))
    return path, state


def environ(**extra: str) -> dict[str, str]:
    return {"GHL_AGENCY_TOKEN": AGENCY_TOKEN, **extra}


@contextmanager
def fleet_run(
    config: Path, state: Path, env: Mapping[str, str] | None = None, **options: Any
) -> Iterator[FleetRun]:
    values = dict(env if env is not None else environ())
    document = load_document(config, values, fleet=True)
    assert document.model.fleet is not None
    with FleetConnection(ConnectionOptions(sandbox=state), document.model.fleet, values) as conn:
        members = declared_members(document.model.fleet)
        yield FleetRun(document, members, conn, values, **options)


def associations(state: Path, location: str) -> dict[str, Any]:
    data = json.loads(state.read_text())
    found = data["locations"].get(location, {}).get("associations", [])
    return {a["key"]: a for a in found if a.get("associationType") == "USER_DEFINED"}


class FailingWrites(httpx.BaseTransport):
    """Answers 400 to every write for the locations given; passes the rest on."""

    def __init__(self, inner: httpx.BaseTransport, locations: set[str]) -> None:
        self.inner = inner
        self.locations = locations
        self.writes: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("POST", "PUT", "DELETE") and "/oauth/" not in request.url.path:
            body = request.read().decode()
            named = request.url.params.get("locationId", "")
            if named in self.locations or any(loc in body for loc in self.locations):
                return httpx.Response(400, json={"statusCode": 400, "message": "refused"})
            self.writes.append(named or body)
        return self.inner.handle_request(request)
