"""Export, diff and graph of objects and fields against sandbox locations."""

from __future__ import annotations

import io
from pathlib import Path

from schema_helpers import EXAMPLE, desired_from, http_client, quiet_sandbox, round_for

from ghlsync.client.api import GhlClient
from ghlsync.client.objects import ObjectsClient
from ghlsync.kinds.objects.across import compare_objects, read_whole_objects
from ghlsync.render.comparison import difference_lines
from ghlsync.render.er_diagram import render_er_diagram
from ghlsync.render.export_objects import export_objects_lines
from ghlsync.sandbox import Sandbox


def _schema_client(sandbox: Sandbox, location: str) -> ObjectsClient:
    return ObjectsClient(GhlClient(http_client(sandbox), location))


def test_export_writes_objects_that_plan_to_no_schema_changes(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(EXAMPLE)).apply()
    schema = read_whole_objects(_schema_client(sandbox, "loc_schema"))
    lines = export_objects_lines(schema)
    assert "  custom_objects.property:" in lines
    exported = tmp_path / "exported.yaml"
    exported.write_text("version: 1\nlocation: loc_schema\n" + "\n".join(lines) + "\n")
    plan, _ = round_for(sandbox, desired_from(exported)).plan()
    assert plan.object_changes == (), [c.address for c in plan.object_changes]


def test_the_whole_schema_lists_the_objects_once(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(EXAMPLE)).apply()
    client = GhlClient(http_client(sandbox), "loc_schema")
    schema = read_whole_objects(ObjectsClient(client))
    assert "custom_objects.property" in schema.objects and "contact" in schema.read
    assert client.stats.by_endpoint()["GET /objects/"] == 1


def test_export_of_a_location_without_custom_fields_writes_nothing() -> None:
    schema = read_whole_objects(_schema_client(quiet_sandbox(), "loc_empty"))
    assert export_objects_lines(schema) == []


def test_diff_names_the_field_production_lacks(tmp_path: Path) -> None:
    sandbox = quiet_sandbox()
    round_for(sandbox, desired_from(EXAMPLE, "loc_staging")).apply()
    smaller = EXAMPLE.read_text().replace(
        "      bedrooms:   { name: Bedrooms, type: NUMERICAL, folder: Listing }\n", ""
    )
    (tmp_path / "prod.yaml").write_text(smaller)
    round_for(sandbox, desired_from(tmp_path / "prod.yaml", "loc_production")).apply()
    staging = read_whole_objects(_schema_client(sandbox, "loc_staging"))
    production = read_whole_objects(_schema_client(sandbox, "loc_production"))
    differences = compare_objects(staging, production)
    assert difference_lines(differences, ("staging", "production")) == [
        "< field custom_objects.property.bedrooms only in staging (production lacks it)"
    ]
    assert compare_objects(staging, staging) == []


def test_graph_draws_objects_with_their_fields_and_the_association() -> None:
    desired = desired_from(EXAMPLE)
    assert desired.objects is not None
    out = io.StringIO()
    render_er_diagram(desired.objects.objects.values(), desired.objects.fields.values(),
                      desired.associations.values(), out)
    text = out.getvalue()
    assert text.startswith("erDiagram\n")
    assert '        TEXT address PK "Address"\n' in text
    assert '        MONETORY buyer_budget "Buyer budget"\n' in text
    assert '    custom_objects_property }o--o{ contact : "property_owner"\n' in text
