"""Which records a plan's relation creates name that must be read before any write (pure)."""

from __future__ import annotations

from ghlsync.engine import diff as build_plan
from ghlsync.engine.record_checks import records_to_check
from ghlsync.values.state import NaturalKey, ResolvedRecord
from tests.kinds.associations.planner_fixtures import (
    declared,
    desired_state,
    live_assoc,
    live_rel,
    live_state,
    relation,
)

OWNER = declared("owner", "custom_objects.property/Property", "contact/Owner")


def checked(desired, live) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    plan = build_plan(desired, live)
    return [(use.object_key, use.record.id) for use in records_to_check(desired, live, plan)]


def test_records_not_seen_live_are_checked_once_per_create_end() -> None:
    desired = desired_state([OWNER], [relation("owner", "p1", "c1"), relation("owner", "p2", "c1")])
    assert checked(desired, live_state()) == [
        ("custom_objects.property", "p1"), ("contact", "c1"),
        ("custom_objects.property", "p2"), ("contact", "c1"),
    ]


def test_records_seen_live_or_resolved_are_not_checked() -> None:
    resolved = ResolvedRecord("jane", NaturalKey("contact", "email", "j@x.io"), "c2")
    desired = desired_state(
        [OWNER], [relation("owner", "p1", "c2"), relation("owner", "p2", "c1")],
        resolved=(resolved,),
    )
    live = live_state([live_assoc("owner", "custom_objects.property/Property", "contact/Owner")],
                      [live_rel("r1", "owner", "p1", "c1")])
    assert checked(desired, live) == [("custom_objects.property", "p2")]


def test_a_replacement_checks_records_as_the_new_object() -> None:
    """p1 was seen as a property; the file now links listings: p1 must be one."""
    listing = declared("owner", "custom_objects.listing/Listing", "contact/Owner")
    desired = desired_state([listing], [relation("owner", "p1", "c1")])
    live = live_state([live_assoc("owner", "custom_objects.property/Property", "contact/Owner")],
                      [live_rel("r1", "owner", "p1", "c1")])
    assert checked(desired, live) == [("custom_objects.listing", "p1")]
