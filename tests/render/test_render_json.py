"""JSON plan documents: stable bytes, exact round trip, schema-valid, strict on read."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from render_fixtures import sample_plan

from ghlsync.engine.plan_document import json_schema
from ghlsync.engine.planfile import plan_from_dict
from ghlsync.errors import PlanFileError
from ghlsync.render.json import plan_to_dict, render_json
from ghlsync.values.objects import FieldValue
from ghlsync.values.plan import Action, Kind, ObjectsChange, Plan
from ghlsync.version import __version__


def rendered(plan: Plan) -> str:
    out = io.StringIO()
    render_json(plan, out)
    return out.getvalue()


def test_identical_plans_give_identical_bytes_ending_with_newline() -> None:
    first, second = rendered(sample_plan()), rendered(sample_plan())
    assert first == second and first.endswith("}\n")
    assert first.count("\n}\n") == 1


def test_top_level_fields_follow_the_spec() -> None:
    data = plan_to_dict(sample_plan())
    assert data["format_version"] == Plan.FORMAT_VERSION == 1
    assert data["tool_version"] == __version__
    assert (data["location_id"], data["environment"]) == ("loc_prd_456", "production")
    assert data["summary"] == {"add": 3, "change": 1, "destroy": 3}
    assert data["scope"] == {"77b1cc02": ["car_driver", "property_owner"]}
    assert data["needs_allow_destroy"] == ["association.car_driver would be replaced"]
    assert data["live_relation_count"] == 50


def test_each_change_carries_address_kind_action_values_reason_and_source() -> None:
    changes = plan_to_dict(sample_plan())["changes"]
    replace = next(c for c in changes if c["action"] == "replace")
    assert replace["address"] == "association.car_driver"
    assert replace["kind"] == "association" and replace["cascade"] == 42
    assert replace["before"]["id"] == "a3" and replace["after"]["id"] is None
    assert replace["source"] == "ghlsync.yaml:15"
    relation = next(c for c in changes if c["kind"] == "relation" and c["action"] == "create")
    first = {"id": "77b1cc02", "alias": "sunset_villa", "natural_key": None}
    assert relation["after"]["first"] == first
    assert relation["address"] == "relation.property_owner[77b1cc02,c_prd_9]"
    deleted = next(c for c in changes if c["address"] == "association.old_link")
    assert deleted["source"] is None and deleted["after"] is None


def test_round_trip_is_exact() -> None:
    plan = sample_plan()
    assert plan_from_dict(json.loads(rendered(plan))) == plan
    assert plan_from_dict(plan_to_dict(sample_plan(environment=None))).environment is None


def test_produced_json_validates_against_the_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(rendered(sample_plan())), schema)


def broken(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(plan_to_dict(sample_plan()))
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("live_digest"), "live_digest: Field required"),
        (lambda d: d.update(surprise=1), "surprise: Extra inputs are not permitted"),
        (lambda d: d["changes"][0].update(kind="widget"), "changes.0"),
        (lambda d: d["changes"][0].update(source="no-line"), "changes.0.association.source"),
        (lambda d: d["changes"][0].update(after=None), "a create change has exactly after"),
        (lambda d: d["changes"][2].update(action="update"), "changes.2.relation.action"),
        (lambda d: d.update(format_version=0), "format_version"),
    ],
)
def test_invalid_documents_are_refused_with_the_field_named(mutate: Any, expected: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        plan_from_dict(broken(mutate))
    assert str(caught.value).startswith("invalid plan: ")
    assert expected in str(caught.value)


def test_a_non_object_is_refused() -> None:
    with pytest.raises(PlanFileError, match="expected a JSON object"):
        plan_from_dict([1, 2])


def test_a_newer_format_is_refused_with_upgrade_advice() -> None:
    with pytest.raises(PlanFileError) as caught:
        plan_from_dict(broken(lambda d: d.update(format_version=2, new_field=True)))
    assert str(caught.value) == (
        "plan file format 2 is newer than this ghlsync understands (1); upgrade ghlsync"
    )


def test_a_schema_change_whose_address_was_edited_is_refused() -> None:
    field = FieldValue("custom_objects.property", "rooms", "Rooms", "TEXT")
    change = ObjectsChange(Kind.FIELD, Action.CREATE, None, field, "declared", None)
    plan = sample_plan()
    data = plan_to_dict(dataclasses.replace(plan, changes=(*plan.changes, change)))
    (document,) = [c for c in data["changes"] if c["kind"] == "field"]
    document["address"] = "field.custom_objects.property.bathrooms"
    with pytest.raises(PlanFileError, match="does not match its values"):
        plan_from_dict(data)
