"""Schema changes in the text, markdown and JSON plans, and JSON plans read back."""

from __future__ import annotations

import io
import json

import pytest
from schema_helpers import EXAMPLE, desired_from, quiet_sandbox, round_for

from ghlsync.engine.planfile import plan_from_dict
from ghlsync.errors import PlanFileError
from ghlsync.render.json import plan_to_dict
from ghlsync.render.markdown import render_markdown
from ghlsync.render.text import render_text
from ghlsync.values.objects import FieldValue
from ghlsync.values.plan import Action, FieldChange, Kind, ObjectsChange, Plan
from ghlsync.values.state import Source

OLD = FieldValue("custom_objects.property", "rooms", "Rooms", "TEXT", id="f1")
NEW = FieldValue("custom_objects.property", "rooms", "Rooms", "NUMERICAL")


def _plan(*changes: ObjectsChange) -> Plan:
    return Plan("loc", None, changes, "c", "l")


def _replace() -> ObjectsChange:
    return ObjectsChange(Kind.FIELD, Action.REPLACE, OLD, NEW, "type TEXT -> NUMERICAL",
                        Source("f.yaml", 7))


def test_text_shows_a_replacement_and_what_it_destroys() -> None:
    out = io.StringIO()
    render_text(_plan(_replace()), out, color=False)
    text = out.getvalue()
    assert (
        "  # field.custom_objects.property.rooms must be replaced (type TEXT -> NUMERICAL); "
        "destroys the values of this field in every record\n"
        '-/+ field "custom_objects.property.rooms" { ... }\n'
    ) in text
    assert "Plan: 1 to add, 0 to change, 1 to destroy." in text


def test_text_shows_an_update_field_by_field() -> None:
    change = ObjectsChange(Kind.FIELD, Action.UPDATE, OLD, OLD, "differs", None,
                          (FieldChange("name", "Rooms", "Bedrooms"),))
    out = io.StringIO()
    render_text(_plan(change), out, color=False)
    assert '      ~ name = "Rooms" -> "Bedrooms"\n' in out.getvalue()


def test_markdown_calls_out_the_replacement() -> None:
    out = io.StringIO()
    render_markdown(_plan(_replace()), out)
    text = out.getvalue()
    assert "### Objects and fields (1)" in text
    assert "> - `field.custom_objects.property.rooms` must be replaced" in text


def test_a_json_plan_with_schema_changes_reads_back_the_same() -> None:
    plan, _ = round_for(quiet_sandbox(), desired_from(EXAMPLE)).plan()
    data = json.loads(json.dumps(plan_to_dict(plan)))
    kinds = [c["kind"] for c in data["changes"]]
    assert kinds[0] == "object" and kinds[-1] == "relation"
    assert data["scope_objects"] == ["contact", "custom_objects.property"]
    assert plan_from_dict(data) == plan


def test_an_edited_schema_change_is_refused_with_a_clear_message() -> None:
    data = plan_to_dict(_plan(_replace()))
    data["changes"][0]["kind"] = "field"
    data["changes"][0]["after"]["type"] = None
    with pytest.raises(PlanFileError, match=r"invalid plan: changes\.0\.field\.after\.type"):
        plan_from_dict(data)


def test_a_schema_change_whose_address_was_edited_is_refused() -> None:
    data = plan_to_dict(_plan(_replace()))
    data["changes"][0]["address"] = "field.contact.other"
    with pytest.raises(PlanFileError, match="does not match"):
        plan_from_dict(data)
