"""The per-command entry points: --target on an object key, and the plan-file scope."""

from __future__ import annotations

from schema_helpers import EXAMPLE, desired_from, quiet_sandbox, round_for

from ghlsync.engine import target_only
from ghlsync.engine.quota import write_requests
from ghlsync.kinds.objects.diff import objects_for_targets


def test_target_keeps_the_object_and_its_fields_only() -> None:
    desired = objects_for_targets(desired_from(EXAMPLE), ["contact"])
    assert desired.objects is not None
    assert list(desired.objects.objects) == ["contact"]
    assert list(desired.objects.fields) == [("contact", "buyer_budget")]
    plan, _ = round_for(quiet_sandbox(), desired).plan()
    assert [c.address for c in plan.object_changes] == ["field.contact.buyer_budget"]


def test_target_on_an_association_key_leaves_no_schema() -> None:
    assert objects_for_targets(desired_from(EXAMPLE), ["property_owner"]).objects is None


def test_the_live_state_keeps_the_declared_objects_in_its_scope() -> None:
    _, live = round_for(quiet_sandbox(), desired_from(EXAMPLE)).plan()
    assert live.scope.objects == frozenset({"contact", "custom_objects.property"})


def test_the_quota_estimate_counts_schema_writes() -> None:
    plan, _ = round_for(quiet_sandbox(), desired_from(EXAMPLE)).plan()
    searchable_update = 1  # the new object's searchable properties, set once its fields exist
    assert write_requests(plan) == len(plan.changes) + searchable_update


def test_an_object_target_plans_only_that_object_and_its_fields() -> None:
    desired = target_only(desired_from(EXAMPLE), ["custom_objects.property"])
    plan, live = round_for(quiet_sandbox(), desired).plan()
    assert plan.changes == plan.object_changes
    addresses = [c.address for c in plan.changes]
    assert addresses and all("custom_objects.property" in a for a in addresses)
    assert live.scope.objects == frozenset({"custom_objects.property"})
