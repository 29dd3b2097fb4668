"""A contact field GHL keyed from its name is read as the declared field it is: later plans
neither create it again nor prune it (docs/design.md, "Identity, scope and pruning")."""

from __future__ import annotations

from ghlsync.objects.model import DesiredSchema, FieldValue, LiveSchema, ObjectValue
from ghlsync.objects.planner import plan_schema
from ghlsync.objects.read import with_declared_keys
from ghlsync.plan import Action

CONTACT = ObjectValue("contact")
DECLARED = FieldValue("contact", "budget", "Buyer budget", "MONETORY")
KEYED_BY_NAME = FieldValue("contact", "buyer_budget", "Buyer budget", "MONETORY", id="cf_budget")
LEGACY = FieldValue("contact", "legacy", "Legacy", "TEXT", id="cf_legacy")


def _schemas(live_field: FieldValue) -> tuple[DesiredSchema, LiveSchema]:
    desired = DesiredSchema({"contact": CONTACT}, {DECLARED.identity: DECLARED}, prune_fields=True)
    fields = {live_field.identity: live_field, LEGACY.identity: LEGACY}
    return desired, LiveSchema({"contact": CONTACT}, fields, {}, frozenset({"contact"}))


def _planned(desired: DesiredSchema, live: LiveSchema) -> list[tuple[Action, str]]:
    changes, problems = plan_schema(desired, with_declared_keys(desired, live))
    assert problems == []
    return [(c.action, c.address) for c in changes]


def test_a_field_keyed_from_its_name_is_neither_created_again_nor_pruned() -> None:
    desired, live = _schemas(KEYED_BY_NAME)
    assert _planned(desired, live) == [(Action.DELETE, "field.contact.legacy")]
    assert with_declared_keys(desired, live).fields[DECLARED.identity].id == "cf_budget"


def test_a_field_keyed_from_its_name_with_another_type_is_not_matched() -> None:
    desired, live = _schemas(FieldValue("contact", "buyer_budget", "Buyer budget", "TEXT"))
    assert (Action.CREATE, "field.contact.budget") in _planned(desired, live)


def test_a_custom_object_field_is_matched_by_key_only() -> None:
    key = "custom_objects.property"
    declared = FieldValue(key, "number", "MLS number", "TEXT")
    keyed_by_name = FieldValue(key, "mls_number", "MLS number", "TEXT", id="f2")
    desired = DesiredSchema({}, {declared.identity: declared})
    live = LiveSchema({}, {keyed_by_name.identity: keyed_by_name})
    assert with_declared_keys(desired, live) == live
