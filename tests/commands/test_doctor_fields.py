"""``doctor`` asks every field listing the file needs, and fails on one ghlsync cannot use."""

from __future__ import annotations

import json
from typing import Any

import pytest
from commands_fixtures import run, write

from ghlsync.client import GhlClient
from ghlsync.client.probe import Probe
from ghlsync.errors import ApiError

FIELDS = """
version: 1
location: loc_cmd
objects:
  contact:
    fields:
      budget: {name: Budget, type: TEXT}
  business:
    fields:
      industry: {name: Industry, type: TEXT}
"""
BUSINESS_FIELDS = "GET /custom-fields/object-key/{objectKey}"


def _answering(monkeypatch: pytest.MonkeyPatch, status: int, payload: object) -> None:
    """The business field listing answers ``status`` with ``payload``; others are real."""
    real = GhlClient.probe

    def probe(self: GhlClient, route: str, path: str, params: Any) -> Probe:
        if path != "/custom-fields/object-key/business":
            return real(self, route, path, params)
        error = None if status < 400 else ApiError("GET", path, status, "Bad Request")
        return Probe(BUSINESS_FIELDS, status, {}, payload, error)

    monkeypatch.setattr(GhlClient, "probe", probe)


def _doctor(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    code, out, _ = run(capsys, "doctor", "--format", "json")
    return code, json.loads(out)["checks"]


def test_every_declared_objects_field_listing_is_asked(
    workdir: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir, FIELDS)
    code, checks = _doctor(capsys)
    assert code == 0, checks
    asked = [c["message"] for c in checks if c["topic"] == "scope locations/customFields.readonly"]
    assert asked == [
        f"{BUSINESS_FIELDS} answered for business (locations/customFields.readonly)",
        "GET /locations/{locationId}/customFields answered for contact "
        "(locations/customFields.readonly)",
    ]


def test_a_field_listing_answering_400_fails_with_what_it_stops(
    workdir: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir, FIELDS)
    _answering(monkeypatch, 400, {"message": "Bad Request"})
    code, checks = _doctor(capsys)
    assert code == 1
    (failed,) = [c for c in checks if c["status"] == "FAIL"]
    assert failed["topic"] == "fields of business"
    assert failed["message"] == (
        f"{BUSINESS_FIELDS} answered HTTP 400: Bad Request; ghlsync cannot read business "
        "fields in this location, so plan and apply would stop there"
    )
    assert failed["fix"].startswith("declare no fields of business for this location, or report")


def test_a_field_listing_ghlsync_cannot_read_fails(
    workdir: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir, FIELDS)
    _answering(monkeypatch, 200, {"surprise": True})
    code, checks = _doctor(capsys)
    assert code == 1
    (failed,) = [c for c in checks if c["status"] == "FAIL"]
    assert failed["topic"] == "response shape"
    assert failed["message"].startswith(f"{BUSINESS_FIELDS}: unexpected answer")
