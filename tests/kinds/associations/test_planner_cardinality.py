"""Cardinality limits of live associations: refused at plan time, counting what apply keeps."""

from __future__ import annotations

import dataclasses

import pytest
from planner_fixtures import desired_state, live_assoc, live_rel, live_state, relation

from ghlsync.engine import diff as build_plan
from ghlsync.errors import ConfigError
from ghlsync.kinds.associations.cardinality import describe_limits
from ghlsync.values.state import LiveAssociation

KEY = "BUSINESSES_CONTACTS_ASSOCIATION"


def businesses_contacts(per_contact: int | None = 1) -> LiveAssociation:
    association = live_assoc(KEY, "business/", "contact/", system=True)
    return dataclasses.replace(
        association, first_to_second_limit=10_000, second_to_first_limit=per_contact
    )


def test_two_businesses_for_one_contact_are_refused_at_the_second() -> None:
    desired = desired_state(relations=[relation(KEY, "b1", "c1", 7), relation(KEY, "b2", "c1", 8)])
    with pytest.raises(ConfigError) as raised:
        build_plan(desired, live_state([businesses_contacts()]))
    (problem,) = raised.value.problems
    assert problem.line == 8
    assert "c1 would be linked to 2 business records (b1, b2; 0 already in the location)" in (
        problem.message
    )
    assert f"{KEY} allows at most 1" in problem.message


def test_a_kept_live_relation_counts() -> None:
    live = live_state([businesses_contacts()], [live_rel("r1", KEY, "b1", "c1")])
    desired = desired_state(relations=[relation(KEY, "b1", "c1"), relation(KEY, "b2", "c1", 9)])
    keep_others = dataclasses.replace(desired.prune, relations=False)
    desired = dataclasses.replace(desired, prune=keep_others)
    with pytest.raises(ConfigError, match="1 already in the location"):
        build_plan(desired, live)


def test_a_planned_delete_makes_room() -> None:
    live = live_state(
        [businesses_contacts()], [live_rel("r1", KEY, "b1", "c1")], scope={"c1": frozenset({KEY})}
    )
    plan = build_plan(desired_state(relations=[relation(KEY, "b2", "c1")]), live)
    assert [c.action.value for c in plan.changes] == ["delete", "create"]


def test_within_the_limit_or_without_one_plans_normally() -> None:
    many = [relation(KEY, "b1", f"c{i}", i) for i in range(5)]
    limited = live_state([businesses_contacts()])
    assert len(build_plan(desired_state(relations=many), limited).changes) == 5
    two = [relation(KEY, "b1", "c1"), relation(KEY, "b2", "c1")]
    unlimited = live_state([businesses_contacts(per_contact=None)])
    assert len(build_plan(desired_state(relations=two), unlimited).changes) == 2


def test_limits_are_described_per_side_and_cardinality_otherwise() -> None:
    assert describe_limits(businesses_contacts()) == (
        "at most 1 business per contact, at most 10000 contacts per business"
    )
    owner = live_assoc("owner", "custom_objects.p/P", "contact/O")
    many = dataclasses.replace(owner, first_to_second_cardinality="MANY_TO_MANY")
    assert describe_limits(many) == "cardinality: MANY_TO_MANY"
    assert describe_limits(owner) is None
