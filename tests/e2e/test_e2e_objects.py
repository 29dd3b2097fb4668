"""Objects and fields as code, run as a user would: the installed command over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import LOCATION, Served, run_ghlsync, serve_sandbox, write_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "schema" / "ghlsync.yaml"
SCHEMA = EXAMPLE.read_text().replace("location: loc_schema", f"location: {LOCATION}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """An empty sandbox: these tests create the objects they use."""
    yield from serve_sandbox(tmp_path)


def _schema(served: Served, location: str = LOCATION) -> dict[str, list[dict[str, object]]]:
    schema: dict[str, list[dict[str, object]]] = served.state_dump()["locations"][location][
        "schema"
    ]
    return schema


def test_the_schema_example_applies_from_empty_in_one_apply(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    applied = served.run("apply", "--auto-approve")
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "Apply complete! 8 added, 0 changed, 0 destroyed." in applied.stdout
    assert "The location now matches the configuration." in applied.stdout
    again = served.run("plan", "--detailed-exitcode")
    assert again.code == 0 and again.stdout.startswith("No changes."), again.stdout
    assert ("property_owner", "prop_sunset_villa", "contact_jane_doe") in served.relations(
        "contact_jane_doe"
    )


def test_a_saved_plan_with_objects_applies_exactly(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    planned = served.run("plan", "--out", "plan.json")
    assert planned.code == 0, planned.stderr
    applied = served.run("apply", "plan.json")
    assert applied.code == 0, applied.stdout + applied.stderr
    assert served.run("plan", "--detailed-exitcode").code == 0


def test_a_type_change_needs_allow_destroy_and_changes_nothing_without(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    assert served.run("apply", "--auto-approve").code == 0
    before = _schema(served)
    write_config(served.workdir, SCHEMA.replace("type: NUMERICAL", "type: TEXT"))
    planned = served.run("plan")
    assert "-/+ field \"custom_objects.property.bedrooms\" { ... }" in planned.stdout
    assert "destroys the values of this field in every record" in planned.stdout
    refused = served.run("apply", "--auto-approve")
    assert refused.code == 1 and "--allow-destroy" in refused.stderr
    assert _schema(served) == before
    assert served.run("apply", "--auto-approve", "--allow-destroy").code == 0
    assert served.run("plan", "--detailed-exitcode").code == 0


def test_removing_an_option_is_refused_at_its_line(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    assert served.run("apply", "--auto-approve").code == 0
    before = _schema(served)
    path = write_config(served.workdir, SCHEMA.replace("[Active, Pending, Sold]", "[Active]"))
    refused = served.run("apply", "--auto-approve")
    assert refused.code == 1
    assert f"{path.name}:" in refused.stderr and "cannot remove options" in refused.stderr
    assert '"Pending", "Sold"' in refused.stderr
    assert _schema(served) == before


def test_diff_names_the_field_a_location_lacks(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    assert served.run("apply", "--auto-approve").code == 0
    smaller = SCHEMA.replace(
        "      bedrooms:   { name: Bedrooms, type: NUMERICAL, folder: Listing }\n", ""
    ).replace(f"location: {LOCATION}", "location: loc_prod")
    write_config(served.workdir, smaller, "prod.yaml")
    assert served.run("apply", "-c", "prod.yaml", "--auto-approve").code == 0
    compared = served.run("diff", "--location", LOCATION, "--location", "loc_prod")
    assert compared.code == 2, compared.stdout + compared.stderr
    assert (
        f"< field custom_objects.property.bedrooms only in {LOCATION} (loc_prod lacks it)"
        in compared.stdout
    )


def test_export_writes_the_objects_and_plans_to_no_changes(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    assert served.run("apply", "--auto-approve").code == 0
    exported = served.run("export", "--location", LOCATION, "-o", "exported.yaml")
    assert exported.code == 0, exported.stderr
    text = (served.workdir / "exported.yaml").read_text()
    assert "objects:\n  contact:\n" in text and "  custom_objects.property:\n" in text
    planned = served.run("plan", "-c", "exported.yaml", "--detailed-exitcode")
    assert planned.code == 0 and planned.stdout.startswith("No changes."), planned.stdout


def test_graph_draws_objects_with_their_fields(tmp_path: Path) -> None:
    write_config(tmp_path, SCHEMA)
    drawn = run_ghlsync(tmp_path, "graph")
    assert drawn.code == 0
    assert drawn.stdout.startswith("erDiagram\n")
    assert '    custom_objects_property }o--o{ contact : "property_owner"' in drawn.stdout


def test_target_on_an_object_applies_that_object_and_its_fields_only(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    applied = served.run("apply", "--auto-approve", "--target", "custom_objects.property")
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "Apply complete! 5 added, 0 changed, 0 destroyed." in applied.stdout
    assert "property_owner" not in served.associations()
    rest = served.run("plan", "--detailed-exitcode", "--format", "json")
    assert rest.code == 2, rest.stdout + rest.stderr
    addresses = {change["address"] for change in json.loads(rest.stdout)["changes"]}
    assert addresses == {
        "field.contact.buyer_budget",
        "association.property_owner",
        "relation.property_owner[prop_sunset_villa,contact_jane_doe]",
    }


def test_an_association_target_with_an_object_target_applies_both(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    targets = ("--target", "property_owner", "--target", "custom_objects.property")
    applied = served.run("apply", "--auto-approve", *targets)
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "Apply complete! 7 added, 0 changed, 0 destroyed." in applied.stdout
    rest = served.run("plan", "--format", "json")
    assert [c["address"] for c in json.loads(rest.stdout)["changes"]] == [
        "field.contact.buyer_budget"
    ]


def test_an_unknown_target_names_both_kinds_of_key_and_changes_nothing(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    refused = served.run(
        "apply", "--auto-approve", "--target", "custom_objects.car", hold_records=False
    )
    assert refused.code == 1 and refused.stdout == ""
    assert (
        "--target custom_objects.car: not an association or object key of ghlsync.yaml "
        "(associations: property_owner; objects: contact, custom_objects.property)"
    ) in refused.stderr
    assert LOCATION not in served.state_dump()["locations"]  # nothing was read or written


def test_without_an_agency_token_plan_warns_apply_refuses_and_doctor_fails(
    served: Served,
) -> None:
    """POST /objects/ is Agency-Access: without GHL_AGENCY_TOKEN nothing is written."""
    write_config(served.workdir, SCHEMA)
    no_agency = {"GHL_AGENCY_TOKEN": ""}
    planned = served.run("plan", env=no_agency)
    assert planned.code == 0, planned.stderr
    assert "apply will need an agency token" in planned.stderr
    assert "GHL_AGENCY_TOKEN" in planned.stderr
    refused = served.run("apply", "--auto-approve", env=no_agency)
    assert refused.code == 1, refused.stdout + refused.stderr
    assert "nothing was applied: creating object.custom_objects.property needs an agency token" in (
        refused.stderr
    )
    location = served.state_dump()["locations"].get(LOCATION, {})
    assert not location.get("schema", {}).get("objects")
    assert not location.get("schema", {}).get("customFields")
    checked = served.run("doctor", env=no_agency)
    assert checked.code == 1, checked.stdout
    assert "agency token" in checked.stdout and "GHL_AGENCY_TOKEN" in checked.stdout


def test_the_agency_token_is_never_shown(served: Served) -> None:
    write_config(served.workdir, SCHEMA)
    secret = "agency-e2e-secret-0123456789"
    with served.api() as api:
        assert api.put("/_sandbox/faults", json={"agency_token": secret}).status_code == 200
    applied = served.run("apply", "--auto-approve", "-v", env={"GHL_AGENCY_TOKEN": secret})
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "e2e-secret" not in applied.stdout + applied.stderr
    with served.api() as api:
        assert "agency_token" not in api.get("/_sandbox/faults").json()
