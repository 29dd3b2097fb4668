"""``ghlsync doctor`` in-process against the embedded sandbox: GETs only, a clear verdict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from commands_fixtures import run, sandbox_state, state_untouched, write

from ghlsync.client import GhlClient
from ghlsync.errors import ApiError

FAULTS = "GHLSYNC_SANDBOX_FAULTS"

NATURAL_KEYS_AND_OBJECTS = """
version: 1
location: loc_cmd
objects:
  custom_objects.property:
    labels: {singular: Property, plural: Properties}
    primary_property: {key: name, name: Name, type: TEXT}
associations:
  - key: property_owner
    first: {object: custom_objects.property, label: Property}
    second: {object: contact, label: Owner}
records:
  villa: {default: p1}
  jane: {object: contact, email: jane@example.com}
  acme: {object: business, name: Acme}
relations:
  property_owner:
    - [villa, jane]
  BUSINESSES_CONTACTS_ASSOCIATION:
    - [acme, jane]
"""

TWO_BUSINESSES = """
version: 1
location: loc_cmd
records:
  acme: {default: b1}
  zenith: {default: b2}
  jane: {default: c1}
relations:
  BUSINESSES_CONTACTS_ASSOCIATION:
    - [acme, jane]
    - [zenith, jane]
  ghost_link:
    - [acme, jane]
"""


def _doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(capsys, "doctor", "--format", "json", *args)
    return code, json.loads(out), err


def _statuses(document: dict[str, Any], topic: str) -> list[str]:
    return [check["status"] for check in document["checks"] if check["topic"] == topic]


def _nothing_written(workdir: Path) -> bool:
    state = sandbox_state(workdir)
    return all(not location.get("relations") for location in state["locations"].values())


def test_a_good_token_passes_in_a_few_requests(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, document, _ = _doctor(capsys)
    assert code == 0
    assert document["summary"]["passed"] is True and document["summary"]["FAIL"] == 0
    assert 0 < document["summary"]["requests"] <= 10
    assert _statuses(document, "token") == ["ok"]
    assert _statuses(document, "scope associations/relation.readonly") == ["ok"]
    assert _nothing_written(workdir)


def test_the_text_report_ends_with_a_verdict(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "doctor")
    assert code == 0
    assert out.startswith("ghlsync doctor: location loc_cmd\n")
    assert "note  system association: BUSINESSES_CONTACTS_ASSOCIATION: business -> contact" in out
    assert "ready for ghlsync plan." in out.splitlines()[-1]


def test_a_missing_relation_scope_fails_with_the_scope_to_add(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FAULTS, "missing_scopes=associations/relation.readonly")
    code, document, _ = _doctor(capsys)
    assert code == 1 and document["summary"]["passed"] is False
    (failed,) = [c for c in document["checks"] if c["status"] == "FAIL"]
    assert failed["fix"] == "add scope associations/relation.readonly to the Private Integration"
    assert _statuses(document, "token") == ["ok"]


def test_a_token_without_the_association_scope_stops_after_one_request(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FAULTS, "missing_scopes=associations.readonly")
    code, document, _ = _doctor(capsys)
    assert code == 1
    assert [c["status"] for c in document["checks"]] == ["FAIL"]
    assert "associations.readonly" in document["checks"][0]["fix"]
    assert document["summary"]["requests"] == 1


def test_natural_keys_and_objects_probe_each_scope_family(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir, NATURAL_KEYS_AND_OBJECTS)
    code, document, _ = _doctor(capsys)
    assert code == 0, document
    for scope in (
        "objects/schema.readonly",
        "locations/customFields.readonly",
        "contacts.readonly",
        "businesses.readonly",
        "associations/relation.readonly",
    ):
        assert _statuses(document, f"scope {scope}") == ["ok"], scope
    assert document["summary"]["requests"] <= 10


def test_a_missing_record_scope_is_named(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir, NATURAL_KEYS_AND_OBJECTS)
    monkeypatch.setenv(FAULTS, "missing_scopes=contacts.readonly")
    code, document, _ = _doctor(capsys)
    assert code == 1
    assert _statuses(document, "scope contacts.readonly") == ["FAIL"]


def test_limits_and_unknown_associations_fail_before_any_plan(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(workdir, TWO_BUSINESSES)
    code, out, _ = run(capsys, "doctor")
    assert code == 1
    assert "FAIL  cardinality: ghlsync.yaml:8: relations.BUSINESSES_CONTACTS_ASSOCIATION" in out
    assert "jane(c1) to 2 business records" in out
    assert "relations use ghost_link, neither declared nor in the location" in out
    assert _nothing_written(workdir)


def test_location_alone_checks_the_basics_without_a_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "ghlsync.yaml").unlink()
    code, document, _ = _doctor(capsys, "--location", "loc_other")
    assert code == 0
    assert document["location"] == "loc_other"
    assert not any(check["topic"].startswith("scope") for check in document["checks"])


def test_no_file_and_no_location_is_a_clear_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "ghlsync.yaml").unlink()
    code, out, err = run(capsys, "doctor")
    assert code == 1 and out == ""
    assert "ghlsync.yaml does not exist: pass -c FILE, or --location ID alone" in err
    assert state_untouched(workdir)


def _many_associations(workdir: Path) -> None:
    """130 associations (two pages), and a file using the last one."""
    associations = [
        {
            "id": f"a{index:03d}",
            "key": f"link_{index:03d}",
            "firstObjectKey": "contact",
            "firstObjectLabel": "From",
            "secondObjectKey": "contact",
            "secondObjectLabel": "To",
            "associationType": "USER_DEFINED",
        }
        for index in range(130)
    ]
    state = {"version": 1, "next_id": 1, "locations": {"loc_cmd": {"associations": associations}}}
    (workdir / "s.json").write_text(json.dumps(state))
    write(workdir, "version: 1\nlocation: loc_cmd\nrelations:\n  link_129:\n    - [c1, c2]\n")


def test_associations_past_the_first_page_are_found(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _many_associations(workdir)
    code, document, _ = _doctor(capsys)
    assert code == 0, document
    assert document["summary"]["FAIL"] == 0
    assert document["summary"]["requests"] <= 10


def test_associations_past_the_first_page_unreadable_is_a_warning(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_associations(workdir)
    def first_page_only(self: Any) -> list[Any]:
        raise ApiError("GET", "/associations/", 500, "boom")

    monkeypatch.setattr(GhlClient, "list_associations", first_page_only)
    code, document, _ = _doctor(capsys)
    (warned,) = [c for c in document["checks"] if c["status"] == "warn"]
    assert warned["topic"] == "associations"
    assert "only the first 100 associations could be read" in warned["message"]
    assert code == 1  # link_129 then looks missing: the warning says why
