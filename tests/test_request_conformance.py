"""Every request of a full-feature workflow conforms to HighLevel's official request schemas.

The workflow runs the command line in process against the sandbox, recording each request on
its way in: custom objects with folders and fields, business, contact and opportunity fields,
field updates and deletes, associations (user and system defined), relations, natural keys of
every kind (a searchable and a non-searchable custom-object property among them), export, diff
and doctor. Each request is then checked against its official operation (tests/openapi/, with
the documented exceptions of ghlsync.sandbox.request_rules).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ghlsync.cli import main
from ghlsync.sandbox import SandboxTransport
from ghlsync.sandbox.request_rules import OFFICIAL, accepted, route_of
from tests.openapi_requests import Recorded, operation_of, operations, problems

SCHEMA = """
version: 1
location: LOCATION
objects:
  custom_objects.property:
    labels: { singular: Property, plural: Properties }
    description: Homes we list
    primary_property: { key: address, name: Address, type: TEXT }
    searchable: [address, mls_number]
    fields:
      mls_number: { name: MLS number, type: TEXT, folder: Listing }
      bedrooms:   { name: Bedrooms, type: NUMERICAL, folder: Listing }
      status:     { name: Status, type: SINGLE_OPTIONS, options: [Active, Pending] }
      rooms:      { name: Rooms, type: TEXTBOX_LIST, options: [Kitchen] }
      notes:      { name: Notes, type: LARGE_TEXT }
  business:
    fields:
      industry: { name: Industry, type: TEXT }
  contact:
    fields:
      buyer_budget: { name: Buyer budget, type: MONETORY, placeholder: "e.g. 450000" }
      rooms_wanted: { name: Rooms wanted, type: TEXTBOX_LIST, options: [Kitchen] }
      source_kind:  { name: Source kind, type: SINGLE_OPTIONS, options: [Web] }
  opportunity:
    fields:
      deal_size: { name: Deal size, type: NUMERICAL }
      stage_note: { name: Stage note, type: TEXT }
associations:
  - key: property_owner
    first:  { object: custom_objects.property, label: Property }
    second: { object: contact, label: Owner }
  - key: property_deal
    first:  { object: custom_objects.property, label: Listing }
    second: { object: opportunity, label: Deal }
"""

KEYS = """
records:
  villa: { object: custom_objects.property, mls_number: "A-1001" }
  loft:  { object: custom_objects.property, notes: "corner lot" }
  jane:  { object: contact, email: jane@example.com }
  omar:  { object: contact, phone: "+15550100" }
  acme:  { object: business, name: Acme Inc }
  deal:  { object: opportunity, name: Villa sale }
relations:
  property_owner:
    - [villa, jane]
    - [loft, omar]
  property_deal:
    - [villa, deal]
  BUSINESSES_CONTACTS_ASSOCIATION:
    - [acme, jane]
"""

RECORDS = {
    "contact": [{"id": "c_jane", "email": "jane@example.com"},
                {"id": "c_omar", "phone": "+1 555 0100"}],
    "business": [{"id": "b_acme", "name": "Acme Inc"}],
    "opportunity": [{"id": "o_deal", "name": "Villa sale"}],
    "custom_objects.property": [{"id": "p_villa", "mls_number": "A-1001"},
                                {"id": "p_loft", "notes": "corner lot"}],
}


def _changed(text: str) -> str:
    """Field updates (a new name, an added option) and deletes (pruned, allowed to destroy)."""
    return (
        text.replace("options: [Active, Pending]", "options: [Active, Pending, Sold]")
        .replace("name: Buyer budget", "name: Budget")
        .replace("options: [Web]", "options: [Web, Referral]")
        .replace("      bedrooms:   { name: Bedrooms, type: NUMERICAL, folder: Listing }\n", "")
        .replace("      deal_size: { name: Deal size, type: NUMERICAL }\n", "")
        .replace("    - [loft, omar]\n", "")
        + "managed_records: [omar]\nprune:\n  fields: true\n"
    )


@pytest.fixture
def recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[Recorded]]:
    requests: list[Recorded] = []
    handle = SandboxTransport.handle_request

    def recording(self: SandboxTransport, request: httpx.Request) -> httpx.Response:
        requests.append(Recorded.of(request))
        return handle(self, request)

    monkeypatch.setattr(SandboxTransport, "handle_request", recording)
    monkeypatch.chdir(tmp_path)
    for name in ("GHL_TOKEN", "GHL_AGENCY_TOKEN", "GHL_BASE_URL", "GHLSYNC_SANDBOX_FAULTS"):
        monkeypatch.delenv(name, raising=False)
    yield requests


def _write(name: str, text: str, location: str = "loc_conf") -> None:
    Path(name).write_text(textwrap.dedent(text).lstrip().replace("LOCATION", location))


def _run(*argv: str, expected: int = 0) -> None:
    assert main([*argv, "--sandbox", "s.json"]) == expected, argv


def _seed_records(location: str) -> None:
    state = json.loads(Path("s.json").read_text())
    state["locations"][location]["records"] = RECORDS
    Path("s.json").write_text(json.dumps(state))


def _workflow() -> None:
    _write("schema.yaml", SCHEMA)
    _run("apply", "-c", "schema.yaml", "--auto-approve")
    _seed_records("loc_conf")
    _write("full.yaml", SCHEMA + KEYS)
    _run("plan", "-c", "full.yaml")
    _run("apply", "-c", "full.yaml", "--auto-approve")
    _write("changed.yaml", _changed(SCHEMA + KEYS))
    _run("apply", "-c", "changed.yaml", "--auto-approve", "--allow-destroy")
    _run("plan", "-c", "changed.yaml", "--detailed-exitcode")
    _write("other.yaml", SCHEMA, "loc_other")
    _run("apply", "-c", "other.yaml", "--auto-approve")
    _run("export", "--location", "loc_conf", "-o", "exported.yaml", "--natural-keys",
         "--key", "custom_objects.property=mls_number")
    _run("diff", "--location", "loc_conf", "--location", "loc_other", expected=2)
    _run("doctor", "-c", "changed.yaml")


def test_every_request_of_a_full_workflow_conforms_to_the_official_schemas(
    recorded: list[Recorded],
) -> None:
    _workflow()
    sent = {f"{r.method} {operation.route}" for r in recorded
            if (operation := operation_of(r.method, r.path)) is not None}
    assert {"POST /custom-fields", "PUT /custom-fields/{id}", "DELETE /custom-fields/{id}",
            "POST /custom-fields/folder", "POST /objects", "PUT /objects/{key}",
            "POST /locations/{locationId}/customFields",
            "PUT /locations/{locationId}/customFields/{id}",
            "DELETE /locations/{locationId}/customFields/{id}",
            "POST /associations", "POST /associations/relations",
            "DELETE /associations/relations/{relationId}",
            "POST /objects/{schemaKey}/records/search", "GET /contacts/search/duplicate",
            "GET /businesses", "GET /opportunities/search"} <= sent
    refused = [problem for request in recorded for problem in problems(request)]
    assert refused == []


def test_the_sandbox_accepts_what_the_official_files_list_for_each_endpoint() -> None:
    """The sandbox's table of accepted properties is the official files' (plus exceptions)."""
    for (method, route), rule in OFFICIAL.items():
        operation = operation_of(method, route)
        assert operation is not None and operation.route == route, (method, route)
        schema = operation.body_schema()
        listed = set(schema.get("properties", {})) if schema else set()
        assert set(rule.body) == listed, (method, route)
        assert set(rule.query) == set(operation.query()), (method, route)
        assert route_of(method, route) == route
        assert accepted(method, route) is not None


def test_a_request_with_a_property_the_schema_does_not_list_is_reported() -> None:
    request = Recorded("PUT", "/custom-fields/f1", [],
                       {"locationId": "l", "showInForms": True, "parentId": "d1"})
    assert problems(request) == [
        "PUT /custom-fields/f1: body Additional properties are not allowed "
        "('parentId' was unexpected)"
    ]
    assert len(operations()) > 40
