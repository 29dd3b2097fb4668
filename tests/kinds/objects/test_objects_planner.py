"""The schema planner's refusals, with plain values."""

from __future__ import annotations

from ghlsync.kinds.objects.diff import diff_objects
from ghlsync.values.objects import DesiredObjects, FieldValue, FolderValue, LiveObjects, ObjectValue
from ghlsync.values.state import Source

LIVE_FIELD = FieldValue("business", "industry", "Industry", "TEXT", folder="Profile", id="f_1")


def schema_with(folder: str | None, name: str = "Industry") -> DesiredObjects:
    declared = FieldValue("business", "industry", name, "TEXT", folder=folder)
    return DesiredObjects(
        objects={"business": ObjectValue("business")},
        fields={declared.identity: declared},
        sources={declared.address(): Source("ghlsync.yaml", 7)},
    )


LIVE = LiveObjects(
    objects={"business": ObjectValue("business", id="o_b")},
    fields={LIVE_FIELD.identity: LIVE_FIELD},
    folders={("business", "Profile"): FolderValue("business", "Profile")},
    read=frozenset({"business"}),
)


def test_moving_a_field_to_another_folder_is_refused_with_the_reason() -> None:
    changes, problems = diff_objects(schema_with("Sales", name="Sector"), LIVE)
    assert changes == []
    assert [(p.line, p.message) for p in problems] == [(7, (
        "field 'business.industry' is in folder \"Profile\" and the file puts it in \"Sales\": "
        "a folder is set when a field is created and GHL's field update "
        "(PUT /custom-fields/{id}) has no parentId, so it cannot be moved; move it in GHL or "
        "declare the folder it is in"
    ))]


def test_the_same_folder_or_none_declared_is_no_move() -> None:
    for folder in ("Profile", None):
        changes, problems = diff_objects(schema_with(folder, name="Sector"), LIVE)
        assert problems == []
        assert [c.action.value for c in changes] == ["update"]
        assert [f.path for f in changes[0].fields] == ["name"]
