"""build_plan: association creates, updates, replacements, deletes and conflicts."""

from __future__ import annotations

import dataclasses

import pytest
from planner_fixtures import (
    declared,
    desired_state,
    live_assoc,
    live_rel,
    live_state,
    relation,
    src,
)

from ghlsync.client.endpoint import Endpoint
from ghlsync.client.parse import association_page
from ghlsync.engine import diff as build_plan
from ghlsync.engine.plan_document import PlanDocument
from ghlsync.errors import ConfigError
from ghlsync.values.plan import Action, AssociationChange, FieldChange
from ghlsync.values.state import AssociationType, LiveAssociation, PruneSettings

OWNER = ("custom_objects.property/Property", "contact/Owner")


def only_association_changes(plan: object) -> list[AssociationChange]:
    return [c for c in plan.changes if isinstance(c, AssociationChange)]  # type: ignore[attr-defined]


def test_declared_association_missing_live_is_created_at_its_line() -> None:
    plan = build_plan(desired_state([declared("owner", *OWNER, line=4)]), live_state())
    [change] = plan.changes
    assert isinstance(change, AssociationChange)
    assert (change.action, change.reason, change.source) == (
        Action.CREATE,
        "not in location",
        src(4),
    )
    assert change.before is None and change.after is not None and change.after.id is None
    assert change.after.first.object == "custom_objects.property"


def test_identical_association_gives_no_changes() -> None:
    plan = build_plan(
        desired_state([declared("owner", *OWNER)]), live_state([live_assoc("owner", *OWNER)])
    )
    assert not plan.has_changes


def test_label_difference_is_an_in_place_update_with_field_changes() -> None:
    desired = desired_state([declared("owner", "custom_objects.property/Home", "contact/Owner", 5)])
    live = live_state([live_assoc("owner", *OWNER)])
    [change] = build_plan(desired, live).changes
    assert isinstance(change, AssociationChange)
    assert change.action is Action.UPDATE and change.reason == "labels differ"
    assert change.fields == (FieldChange("first.label", "Property", "Home"),)
    assert change.before is not None and change.before.id == "id_owner"
    assert change.source == src(5)


def test_both_labels_differ_lists_both_fields_in_order() -> None:
    desired = desired_state([declared("owner", "custom_objects.property/A", "contact/B")])
    [change] = build_plan(desired, live_state([live_assoc("owner", *OWNER)])).changes
    assert isinstance(change, AssociationChange)
    assert [f.path for f in change.fields] == ["first.label", "second.label"]


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ("custom_objects.home/Property", "contact/Owner", "first.object changed"),
        ("custom_objects.property/Property", "business/Owner", "second.object changed"),
        (
            "custom_objects.home/Property",
            "business/Owner",
            "first.object and second.object changed",
        ),
    ],
)
def test_object_change_is_a_replacement_with_the_cascade(
    first: str, second: str, reason: str
) -> None:
    desired = desired_state([declared("owner", first, second)])
    live = live_state(
        [live_assoc("owner", *OWNER)],
        [live_rel("r1", "owner", "p1", "c1"), live_rel("r2", "owner", "p2", "c1")],
    )
    [change] = only_association_changes(build_plan(desired, live))
    assert (change.action, change.reason, change.cascade) == (Action.REPLACE, reason, 2)
    assert change.before is not None and change.before.id == "id_owner"


def test_replacement_recreates_every_declared_relation_and_deletes_none_individually() -> None:
    desired = desired_state(
        [declared("owner", "custom_objects.home/Property", "contact/Owner")],
        [relation("owner", "p1", "c1", 20), relation("owner", "p3", "c3", 21)],
    )
    live = live_state(
        [live_assoc("owner", *OWNER)],
        [live_rel("r1", "owner", "p1", "c1"), live_rel("r2", "owner", "p2", "c2")],
    )
    plan = build_plan(desired, live)
    relation_changes = [c for c in plan.changes if not isinstance(c, AssociationChange)]
    assert {(c.action, c.address) for c in relation_changes} == {
        (Action.CREATE, "relation.owner[p1,c1]"),
        (Action.CREATE, "relation.owner[p3,c3]"),
    }


def test_system_defined_with_same_shape_is_left_alone() -> None:
    desired = desired_state([declared("owner", *OWNER)])
    plan = build_plan(desired, live_state([live_assoc("owner", *OWNER, system=True)]))
    assert not plan.has_changes


def test_system_defined_with_other_labels_is_a_config_error_at_its_line() -> None:
    desired = desired_state([declared("owner", "custom_objects.property/Home", "contact/Owner", 8)])
    with pytest.raises(ConfigError) as caught:
        build_plan(desired, live_state([live_assoc("owner", *OWNER, system=True)]))
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("ghlsync.yaml", 8)
    assert problem.message.startswith(
        "association 'owner' is SYSTEM_DEFINED in the location and cannot be changed: "
    )
    assert 'first.label "Property" -> "Home"' in problem.message


def test_prune_associations_deletes_undeclared_user_defined_only() -> None:
    desired = desired_state(prune=PruneSettings(associations=True))
    live = live_state(
        [live_assoc("stale", *OWNER), live_assoc("builtin", *OWNER, system=True)],
        [live_rel("r1", "stale", "p1", "c1")],
    )
    [change] = build_plan(desired, live).changes
    assert isinstance(change, AssociationChange)
    assert (change.action, change.key, change.reason, change.source) == (
        Action.DELETE,
        "stale",
        "not declared",
        None,
    )
    assert change.cascade == 1


def test_prune_associations_off_deletes_nothing() -> None:
    plan = build_plan(desired_state(), live_state([live_assoc("stale", *OWNER)]))
    assert not plan.has_changes


def test_prune_associations_keeps_one_used_in_relations() -> None:
    desired = desired_state(
        [], [relation("used", "p1", "c1")], prune=PruneSettings(associations=True)
    )
    live = live_state([live_assoc("used", *OWNER)], [live_rel("r1", "used", "p1", "c1")])
    assert not build_plan(desired, live).has_changes


def test_all_config_problems_are_reported_together() -> None:
    desired = desired_state(
        [declared("sys", "contact/X", "contact/Y", 3)],
        [
            relation("ghost", "a", "b", 12),
            relation("ghost", "c", "d", 13),
            relation("nope", "e", "f", 14),
        ],
    )
    with pytest.raises(ConfigError) as caught:
        build_plan(desired, live_state([live_assoc("sys", "contact/X", "contact/Z", system=True)]))
    lines = [p.line for p in caught.value.problems]
    assert lines == [3, 12, 13, 14]
    assert caught.value.problems[1].message == (
        "association 'ghost' is neither declared nor in the location"
    )
    assert "ghlsync.yaml:14" in str(caught.value)


def test_changes_of_a_live_association_carry_its_cardinality() -> None:
    live = dataclasses.replace(
        live_assoc("owner", "custom_objects.property/Property", "contact/Landlord"),
        first_to_second_cardinality="MANY_TO_MANY",
    )
    gone = dataclasses.replace(
        live_assoc("gone", "contact/A", "contact/B"), second_to_first_limit=1
    )
    desired = desired_state([declared("owner", *OWNER)], prune=PruneSettings(associations=True))
    plan = build_plan(desired, live_state([live, gone]))
    limits = {c.key: (c.action, c.limits) for c in only_association_changes(plan)}
    assert limits == {
        "owner": (Action.UPDATE, "cardinality: MANY_TO_MANY"),
        "gone": (Action.DELETE, "at most 1 contact per contact"),
    }
    assert PlanDocument.of(plan).to_plan().changes == plan.changes


def test_a_created_association_has_no_cardinality_to_show() -> None:
    plan = build_plan(desired_state([declared("owner", *OWNER)]), live_state())
    (change,) = only_association_changes(plan)
    assert change.limits is None


def _read_untyped(key: str, kind: object) -> LiveAssociation:
    """An association as parsed from a listing that gives no (or an unknown) type."""
    item = {"id": f"id_{key}", "key": key, "firstObjectKey": "custom_objects.property",
            "firstObjectLabel": "Property", "secondObjectKey": "contact",
            "secondObjectLabel": "Owner"}
    if kind is not None:
        item["associationType"] = kind
    [association] = association_page([item], Endpoint("GET", "/associations/")).items
    return association


@pytest.mark.parametrize("kind", [None, "GLOBAL", 7])
def test_an_association_of_unknown_type_is_never_pruned(kind: object) -> None:
    desired = desired_state(prune=PruneSettings(associations=True))
    untyped = _read_untyped("BUSINESSES_CONTACTS_ASSOCIATION", kind)
    assert untyped.association_type is AssociationType.UNKNOWN
    assert not build_plan(desired, live_state([untyped])).has_changes


def test_an_association_of_unknown_type_is_never_updated() -> None:
    desired = desired_state([declared("owner", "custom_objects.property/Home", "contact/Owner")])
    with pytest.raises(ConfigError, match="is UNKNOWN in the location and cannot be changed"):
        build_plan(desired, live_state([_read_untyped("owner", None)]))
