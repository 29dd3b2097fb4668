"""``--target``: the desired state narrowed before anything is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghlsync.config import resolve
from ghlsync.engine import diff as build_plan
from ghlsync.engine import target_only
from ghlsync.errors import UsageError
from ghlsync.kinds.associations.scope import read_scope
from ghlsync.kinds.file import load_document
from ghlsync.values.state import DesiredState, LiveState, PruneSettings
from tests.kinds.associations.planner_fixtures import declared, desired_state, live_assoc, relation

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
    known = r"\(associations: driver, owner; custom_values: none; objects: none; tags: none\)"
    with pytest.raises(UsageError, match=r"--target nope: .*" + known):
        target_only(STATE, ["driver", "nope"])


SCHEMA_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "schema" / "ghlsync.yaml"
PROPERTY = "custom_objects.property"


def _schema_example() -> DesiredState:
    return resolve(load_document(SCHEMA_EXAMPLE), None, None).desired


def test_an_object_target_keeps_that_object_and_its_fields_only() -> None:
    narrowed = target_only(_schema_example(), [PROPERTY])
    assert narrowed.objects is not None
    assert list(narrowed.objects.objects) == [PROPERTY]
    assert {object_key for object_key, _ in narrowed.objects.fields} == {PROPERTY}
    assert not narrowed.associations and not narrowed.relations
    assert narrowed.targets == (PROPERTY,)
    assert read_scope(narrowed).records == {}


def test_an_association_target_plans_no_objects() -> None:
    narrowed = target_only(_schema_example(), ["property_owner"])
    assert narrowed.objects is None
    assert list(narrowed.associations) == ["property_owner"]
    assert len(narrowed.relations) == 1


def test_association_and_object_targets_mix() -> None:
    narrowed = target_only(_schema_example(), ["property_owner", "contact"])
    assert narrowed.objects is not None and list(narrowed.objects.objects) == ["contact"]
    assert list(narrowed.associations) == ["property_owner"]
    assert narrowed.targets == ("contact", "property_owner")


def test_an_unknown_target_lists_both_kinds_of_key() -> None:
    known = (
        r"\(associations: property_owner; custom_values: none; "
        r"objects: contact, custom_objects\.property; tags: none\)"
    )
    with pytest.raises(UsageError, match=r"--target custom_objects\.car: .*" + known):
        target_only(_schema_example(), [PROPERTY, "custom_objects.car"])
