"""A fleet end to end: ``ghlsync sandbox serve`` as the agency, over loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Served, seeded_state, serve_sandbox, write_config

AGENCY_TOKEN = "agency-e2e-secret-0123456789abcdef"
PIT = "pit-globex-secret-0123456789abcdef"
CONFIG = """
version: 1
associations:
  - key: property_owner
    first: { object: business, label: Company }
    second: { object: contact, label: "${OWNER_LABEL}" }
fleet:
  company_id: comp_e2e
  agency_token_env: GHL_AGENCY_TOKEN
  members:
    acme: { location: loc_acme, vars: { OWNER_LABEL: Owner } }
    globex: { location: loc_glbx, token_env: GHL_TOKEN_GLOBEX, vars: { OWNER_LABEL: Landlord } }
    initech: { location: loc_init, vars: { OWNER_LABEL: Owner } }
  groups:
    canary: [acme]
"""
ENV = {"GHL_AGENCY_TOKEN": AGENCY_TOKEN, "GHL_TOKEN_GLOBEX": PIT, "GHL_TOKEN": ""}


@pytest.fixture
def agency(tmp_path: Path) -> Iterator[Served]:
    state = {
        "version": 1,
        "agency": {"company_id": "comp_e2e", "token": AGENCY_TOKEN, "token_seconds": 3600},
        # each member holds the custom object its association joins
        "locations": seeded_state(("loc_acme", "loc_glbx", "loc_init"))["locations"],
    }
    (tmp_path / "sandbox-state.json").write_text(json.dumps(state))
    yield from serve_sandbox(tmp_path)


def _labels(served: Served) -> dict[str, str]:
    return {
        location: served.associations(location)["property_owner"]["secondObjectLabel"]
        for location in ("loc_acme", "loc_glbx", "loc_init")
    }


def test_plan_apply_and_replan_a_fleet_over_loopback(agency: Served) -> None:
    write_config(agency.workdir, CONFIG)
    planned = agency.run("plan", "--fleet", "--detailed-exitcode", "--out", "plans", env=ENV)
    assert planned.code == 2, planned.stderr
    assert "Fleet: 3 member(s), 3 with changes, 0 failed." in planned.stdout
    applied = agency.run("apply", "--fleet", "--canary", "canary", "--auto-approve", env=ENV)
    assert applied.code == 0, applied.stderr
    assert _labels(agency) == {"loc_acme": "Owner", "loc_glbx": "Landlord", "loc_init": "Owner"}
    again = agency.run("plan", "--fleet", "--detailed-exitcode", env=ENV)
    assert again.code == 0, again.stdout + again.stderr
    for result in (planned, applied, again):
        output = result.stdout + result.stderr
        assert AGENCY_TOKEN not in output and PIT not in output and "sbxL." not in output


def test_a_member_without_its_token_fails_alone_and_the_rest_apply(agency: Served) -> None:
    write_config(agency.workdir, CONFIG)
    env = {**ENV, "GHL_TOKEN_GLOBEX": ""}
    result = agency.run("apply", "--fleet", "--auto-approve", "--report", "r.json", env=env)
    assert result.code == 1
    report = json.loads((agency.workdir / "r.json").read_text())
    assert {m["name"]: m["status"] for m in report["members"]} == {
        "acme": "applied", "globex": "failed", "initech": "applied"}
    assert "GHL_TOKEN_GLOBEX" in report["members"][1]["error"]


def test_without_the_agency_token_minting_is_refused_with_its_name(agency: Served) -> None:
    write_config(agency.workdir, CONFIG)
    result = agency.run("plan", "--fleet", "--only", "acme", env={**ENV, "GHL_AGENCY_TOKEN": ""})
    assert result.code == 1
    assert "GHL_AGENCY_TOKEN" in result.stdout + result.stderr


def test_a_pit_cannot_mint_location_tokens(agency: Served) -> None:
    write_config(agency.workdir, CONFIG)
    result = agency.run("plan", "--fleet", "--only", "acme", env={**ENV, "GHL_AGENCY_TOKEN": PIT})
    assert result.code == 1
    assert "HTTP 401" in result.stdout
    assert PIT not in result.stdout + result.stderr


@pytest.fixture
def short_lived(tmp_path: Path) -> Iterator[Served]:
    """An agency whose location tokens live 1 s, behind 450 ms of latency per request."""
    state = {
        "version": 1,
        "agency": {"company_id": "comp_e2e", "token": AGENCY_TOKEN, "token_seconds": 1},
        "locations": {"loc_acme": {}, "loc_glbx": {}, "loc_init": {}},
    }
    (tmp_path / "sandbox-state.json").write_text(json.dumps(state))
    yield from serve_sandbox(tmp_path, "--latency-ms", "450")


def test_tokens_that_expire_mid_run_are_minted_again(short_lived: Served) -> None:
    write_config(short_lived.workdir, CONFIG)
    result = short_lived.run("apply", "--fleet", "--only", "acme", "--auto-approve",
                             "--parallelism", "1", "-v", env=ENV)
    assert result.code == 0, result.stdout + result.stderr
    mints = result.stderr.count("POST /oauth/locationToken 200")
    assert mints >= 2, result.stderr
    assert " 401 " not in result.stderr
    assert short_lived.associations("loc_acme")["property_owner"]["secondObjectLabel"] == "Owner"
