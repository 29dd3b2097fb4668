"""A plan with every kind of change (the README's plan example), shared by the renderer tests."""

from __future__ import annotations

from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    FieldChange,
    Plan,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import ReadScope, RecordRef, Side, Source


def src(line: int) -> Source:
    return Source("ghlsync.yaml", line)


def sample_plan(**overrides: object) -> Plan:
    """A plan with every kind of change, like the README's plan example."""
    owner = AssociationValue(
        "property_owner", Side("custom_objects.property", "Property"), Side("contact", "Owner")
    )
    teacher_before = AssociationValue(
        "student_teacher", Side("contact", "Student"), Side("contact", "Teacher"), "a2"
    )
    teacher_after = AssociationValue(
        "student_teacher", Side("contact", "Student"), Side("contact", "Tutor")
    )
    car_before = AssociationValue(
        "car_driver", Side("custom_objects.car", "Car"), Side("contact", "Driver"), "a3"
    )
    car_after = AssociationValue(
        "car_driver", Side("custom_objects.vehicle", "Car"), Side("contact", "Driver")
    )
    old = AssociationValue("old_link", Side("contact", "A"), Side("business", "B"), "a4")
    villa, jane = RecordRef("77b1cc02", "sunset_villa"), RecordRef("c_prd_9", "jane")
    changes = (
        AssociationChange(Action.CREATE, None, owner, "not in location", src(7)),
        AssociationChange(
            Action.UPDATE,
            teacher_before,
            teacher_after,
            "labels differ",
            src(11),
            fields=(FieldChange("second.label", "Teacher", "Tutor"),),
        ),
        AssociationChange(
            Action.REPLACE,
            car_before,
            car_after,
            "first.object changed",
            src(15),
            fields=(FieldChange("first.object", "custom_objects.car", "custom_objects.vehicle"),),
            cascade=42,
        ),
        AssociationChange(Action.DELETE, old, None, "not declared", None, cascade=3),
        RelationChange(
            Action.CREATE,
            None,
            RelationValue("property_owner", villa, jane),
            "not in location",
            src(30),
        ),
        RelationChange(
            Action.DELETE,
            RelationValue("property_owner", RecordRef("77b1cc02"), RecordRef("c_old_1"), "r9"),
            None,
            "not declared",
            src(29),
        ),
    )
    fields: dict[str, object] = {
        "location_id": "loc_prd_456",
        "environment": "production",
        "changes": changes,
        "config_digest": "c" * 64,
        "live_digest": "d" * 64,
        "scope": ReadScope({"77b1cc02": frozenset({"property_owner", "car_driver"})}),
        "warnings": ("apply will need --allow-destroy: association.car_driver would be replaced",),
        "needs_allow_destroy": ("association.car_driver would be replaced",),
        "live_relation_count": 50,
    }
    fields.update(overrides)
    return Plan(**fields)  # type: ignore[arg-type]
