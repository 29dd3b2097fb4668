"""A contact field GHL keyed from its name is read as the declared field it is: later plans
neither create it again nor prune it (docs/design.md, "Identity, scope and pruning")."""

from __future__ import annotations

from ghlsync.kinds.objects.diff import diff_objects
from ghlsync.kinds.objects.read import with_declared_keys
from ghlsync.values.objects import DesiredObjects, FieldValue, LiveObjects, ObjectValue
from ghlsync.values.plan import Action

CONTACT = ObjectValue("contact")
DECLARED = FieldValue("contact", "budget", "Buyer budget", "MONETORY")
KEYED_BY_NAME = FieldValue("contact", "buyer_budget", "Buyer budget", "MONETORY", id="cf_budget")
LEGACY = FieldValue("contact", "legacy", "Legacy", "TEXT", id="cf_legacy")


def _schemas(live_field: FieldValue) -> tuple[DesiredObjects, LiveObjects]:
    desired = DesiredObjects({"contact": CONTACT}, {DECLARED.identity: DECLARED}, prune_fields=True)
    fields = {live_field.identity: live_field, LEGACY.identity: LEGACY}
    return desired, LiveObjects({"contact": CONTACT}, fields, {}, frozenset({"contact"}))


def _planned(desired: DesiredObjects, live: LiveObjects) -> list[tuple[Action, str]]:
    changes, problems = diff_objects(desired, with_declared_keys(desired, live))
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
    desired = DesiredObjects({}, {declared.identity: declared})
    live = LiveObjects({}, {keyed_by_name.identity: keyed_by_name})
    assert with_declared_keys(desired, live) == live
