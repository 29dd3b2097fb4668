"""The saved-plan checks, with plain values: environment, configuration, and the fresh plan."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ghlsync.commands.saved import (
    check_configuration,
    check_location,
    saved_environment,
)
from ghlsync.commands.selection import Selection
from ghlsync.config import Resolved
from ghlsync.engine.freshness import check_same_plan
from ghlsync.errors import PlanFileError
from ghlsync.values.plan import Action, Plan, RelationChange, RelationValue
from ghlsync.values.state import DesiredState, RecordRef, Source


def relation_change(
    action: Action, first: str, second: str, rid: str | None = None
) -> RelationChange:
    value = RelationValue("owner", RecordRef(first), RecordRef(second), rid)
    before, after = (value, None) if action is Action.DELETE else (None, value)
    return RelationChange(action, before, after, "reason", Source("ghlsync.yaml", 3))


def a_plan(*changes: RelationChange, environment: str | None = "production") -> Plan:
    return Plan("loc_1", environment, changes, config_digest="cfg", live_digest="live")


def resolved(location: str = "loc_1", digest: str = "cfg") -> Resolved:
    desired = DesiredState(location, "production", "ghlsync.yaml", digest)
    return Resolved(desired)


@pytest.mark.parametrize(("given", "planned"), [(None, "production"), ("production", "production")])
def test_the_plan_names_its_environment(given: str | None, planned: str) -> None:
    selection = Selection(Path("ghlsync.yaml"), given)
    assert saved_environment(selection, a_plan()) == planned


@pytest.mark.parametrize(
    ("planned", "message"),
    [("staging", "made for environment 'staging', not 'production'"),
     (None, "made for no environment, not 'production'")],
)
def test_another_environment_is_refused(planned: str | None, message: str) -> None:
    with pytest.raises(PlanFileError, match=message):
        saved_environment(Selection(Path("x"), "production"), a_plan(environment=planned))


def test_the_configuration_must_target_the_plans_location() -> None:
    message = "for location loc_1, but the configuration targets loc_2"
    with pytest.raises(PlanFileError, match=message):
        check_location(a_plan(), "loc_2")


def test_the_configuration_must_be_the_one_planned_from() -> None:
    check_configuration(a_plan(), resolved())
    with pytest.raises(PlanFileError, match="not the one the saved plan was made from"):
        check_configuration(a_plan(), resolved(digest="other"))


def test_an_identical_fresh_plan_passes() -> None:
    change = relation_change(Action.DELETE, "p1", "c1", "r1")
    check_same_plan(a_plan(change), a_plan(change))


def test_a_change_only_in_the_saved_plan_is_named() -> None:
    kept = relation_change(Action.CREATE, "p1", "c1")
    extra = relation_change(Action.DELETE, "p9", "c9", "r9")
    with pytest.raises(PlanFileError, match=r"only saved: delete relation.owner\[p9,c9\]"):
        check_same_plan(a_plan(kept, extra), a_plan(kept))


def test_an_edited_id_under_the_same_address_is_stale() -> None:
    saved = a_plan(relation_change(Action.DELETE, "p1", "c1", "r_other"))
    fresh = a_plan(relation_change(Action.DELETE, "p1", "c1", "r1"))
    with pytest.raises(PlanFileError, match=r"saved plan is stale: .*it differs in changes"):
        check_same_plan(saved, fresh)


def test_emptied_gates_are_stale() -> None:
    fresh = dataclasses.replace(a_plan(), needs_allow_destroy=("association.x would be deleted",))
    with pytest.raises(PlanFileError, match="differs in needs_allow_destroy"):
        check_same_plan(a_plan(), fresh)


def test_a_changed_location_is_named_first() -> None:
    fresh = dataclasses.replace(a_plan(), live_digest="moved")
    with pytest.raises(PlanFileError, match="the location changed since it was planned"):
        check_same_plan(a_plan(), fresh)
