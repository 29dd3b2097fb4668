"""``--target``: the desired state narrowed before anything is read."""

from __future__ import annotations

import pytest
from planner_fixtures import declared, desired_state, live_assoc, relation

from ghlsync.errors import UsageError
from ghlsync.model import LiveState, PruneSettings
from ghlsync.planner import build_plan, target_only
from ghlsync.scope import read_scope

OWNER = declared("owner", "custom_objects.property/Property", "contact/Owner")
DRIVER = declared("driver", "custom_objects.car/Car", "contact/Driver")
STATE = desired_state(
    [OWNER, DRIVER],
    [relation("owner", "p1", "c1"), relation("driver", "car1", "c2")],
    prune=PruneSettings(associations=True, relations=True),
)


def test_only_the_target_association_and_its_relations_remain() -> None:
    narrowed = target_only(STATE, ["driver"])
    assert list(narrowed.associations) == ["driver"]
    assert [r.association_key for r in narrowed.relations] == ["driver"]
    assert narrowed.targets == ("driver",)
    assert narrowed.config_digest == STATE.config_digest


def test_fewer_records_are_read() -> None:
    assert set(read_scope(target_only(STATE, ["driver"])).records) == {"car1", "c2"}
    assert len(read_scope(STATE).records) == 4


def test_other_associations_are_never_pruned_and_the_plan_records_its_targets() -> None:
    live = LiveState("loc_1", {"stray": live_assoc("stray", "contact/A", "contact/B")})
    plan = build_plan(target_only(STATE, ["driver"]), live)
    assert {c.address for c in plan.changes} == {
        "association.driver",
        "relation.driver[car1,c2]",
    }
    assert plan.targets == ("driver",)
    assert "association.stray" in {c.address for c in build_plan(STATE, live).changes}


def test_no_targets_is_everything() -> None:
    assert target_only(STATE, []) is STATE


def test_an_unknown_target_names_the_known_keys() -> None:
    with pytest.raises(UsageError, match=r"--target nope: .*\(known: driver, owner\)"):
        target_only(STATE, ["driver", "nope"])
