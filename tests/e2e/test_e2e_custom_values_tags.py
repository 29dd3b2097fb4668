"""Custom values, tags and ownership, run as a user would: the installed command against
``ghlsync sandbox serve`` over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.e2e.conftest import LOCATION, Served, run_ghlsync, write_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "agency" / "ghlsync.yaml"
AGENCY = EXAMPLE.read_text().replace("location: loc_agency", f"location: {LOCATION}")
BRAND = {"BRAND": "Acme Roofing"}


def _location(served: Served) -> dict[str, Any]:
    location: dict[str, Any] = served.state_dump()["locations"][LOCATION]
    return location


def _values(served: Served) -> dict[str, str]:
    return {v["name"]: v["value"] for v in _location(served).get("customValues", [])}


def _tags(served: Served) -> set[str]:
    return {t["name"] for t in _location(served).get("tags", [])}


def _edit_live(served: Served, change: dict[str, Any]) -> None:
    """Change the location behind ghlsync's back, as a client would in GHL."""
    with served.api() as api:
        for name, body in change.items():
            kind, item_id = name.split("/")
            answer = api.put(f"/locations/{LOCATION}/{kind}/{item_id}", json=body)
            assert answer.status_code == 200, answer.text


def test_custom_values_and_tags_are_planned_applied_and_then_match(served: Served) -> None:
    write_config(served.workdir, AGENCY)
    planned = served.run("plan", "--detailed-exitcode", env=BRAND)
    assert planned.code == 2, planned.stderr
    assert '  + custom_value "brand_name" {' in planned.stdout
    assert '      + value = "Acme Roofing"' in planned.stdout
    assert '  + tag "needs-callback"' in planned.stdout
    applied = served.run("apply", "--auto-approve", env=BRAND)
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "The location now matches the configuration." in applied.stdout
    assert _values(served)["Brand name"] == "Acme Roofing"
    assert _tags(served) == {"vip", "hot-lead", "needs-callback"}
    again = served.run("plan", "--detailed-exitcode", env=BRAND)
    assert again.code == 0 and again.stdout.startswith("No changes."), again.stdout


def test_a_client_edit_is_updated_unless_ignored(served: Served) -> None:
    write_config(served.workdir, AGENCY)
    assert served.run("apply", "--auto-approve", env=BRAND).code == 0
    ids = {v["name"]: v["id"] for v in _location(served)["customValues"]}
    _edit_live(served, {
        f"customValues/{ids['Support phone']}": {"name": "Support phone", "value": "+1 555 9999"},
        f"customValues/{ids['Booking link']}": {"name": "Booking link", "value": "https://mine"},
    })
    planned = served.run("plan", env=BRAND)
    assert '      ~ value = "+1 555 9999" -> "+1 555 0100"' in planned.stdout
    assert "  # custom_value.booking_link: ignored: value differs live" in planned.stdout
    assert served.run("apply", "--auto-approve", env=BRAND).code == 0
    assert _values(served)["Support phone"] == "+1 555 0100"
    assert _values(served)["Booking link"] == "https://mine"


def test_pruning_needs_allow_destroy_and_a_saved_plan_applies_exactly(served: Served) -> None:
    write_config(served.workdir, AGENCY)
    assert served.run("apply", "--auto-approve", env=BRAND).code == 0
    pruning = AGENCY.replace("tags: [vip, hot-lead, needs-callback]", "tags: [vip]").replace(
        "  tags: false ", "  tags: true  "
    )
    write_config(served.workdir, pruning)
    planned = served.run("plan", "--out", "plan.json", env=BRAND)
    assert "# tag.hot-lead will be destroyed; GHL removes it from every contact" in planned.stdout
    document = json.loads((served.workdir / "plan.json").read_text())
    assert {c["address"] for c in document["changes"]} == {"tag.hot-lead", "tag.needs-callback"}
    refused = served.run("apply", "plan.json", env=BRAND)
    assert refused.code == 1 and "--allow-destroy" in refused.stderr
    assert _tags(served) == {"vip", "hot-lead", "needs-callback"}
    applied = served.run("apply", "plan.json", "--allow-destroy", env=BRAND)
    assert applied.code == 0, applied.stdout + applied.stderr
    assert _tags(served) == {"vip"}


def test_prevent_destroy_refuses_a_replacement_even_with_allow_destroy(served: Served) -> None:
    write_config(served.workdir, AGENCY)
    assert served.run("apply", "--auto-approve", env=BRAND).code == 0
    replaced = AGENCY.replace("second: { object: contact, label: Referrer }",
                              "second: { object: business, label: Referrer }")
    write_config(served.workdir, replaced)
    refused = served.run("apply", "--auto-approve", "--allow-destroy", env=BRAND)
    assert refused.code == 1
    assert "ghlsync.yaml:29: association 'referred_by' has prevent_destroy" in refused.stderr
    assert "referred_by" in served.associations()


def test_target_export_and_doctor_know_custom_values_and_tags(served: Served) -> None:
    write_config(served.workdir, AGENCY)
    targeted = served.run("apply", "--auto-approve", "--target", "brand_name", env=BRAND)
    assert targeted.code == 0, targeted.stderr
    assert set(_values(served)) == {"Brand name"} and _tags(served) == set()
    assert served.run("apply", "--auto-approve", env=BRAND).code == 0
    exported = served.run("export", "--location", LOCATION)
    assert '  brand_name: { name: "Brand name", value: "Acme Roofing" }' in exported.stdout
    assert '  - "needs-callback"' in exported.stdout
    doctor = served.run("doctor", env=BRAND)
    assert "ok    scope locations/customValues.readonly" in doctor.stdout, doctor.stdout
    assert "locations/tags.write" in doctor.stdout


def test_doctor_names_a_missing_custom_values_scope(tmp_path: Path) -> None:
    write_config(tmp_path, AGENCY)
    faults = {"GHLSYNC_SANDBOX_FAULTS": "missing_scopes=locations/customValues.readonly"}
    doctor = run_ghlsync(tmp_path, "doctor", "--sandbox", "state.json", env={**BRAND, **faults})
    assert doctor.code == 1
    assert "the token lacks locations/customValues.readonly" in doctor.stdout, doctor.stdout
    assert "ok    scope locations/tags.readonly" in doctor.stdout
