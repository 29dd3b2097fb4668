import pytest

from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    Phase,
    Plan,
    RelationChange,
    RelationValue,
    Summary,
)
from ghlsync.values.state import RecordRef, Side, Source

P, C = Side("custom_objects.property", "Property"), Side("contact", "Owner")
SRC = Source("f.yaml", 2)


def association(action: Action, key: str, cascade: int = 0) -> AssociationChange:
    value = AssociationValue(key, P, C, "id")
    before = None if action is Action.CREATE else value
    after = None if action is Action.DELETE else value
    return AssociationChange(action, before, after, "r", SRC, cascade=cascade)


def relation(action: Action, key: str) -> RelationChange:
    value = RelationValue(key, RecordRef("a"), RecordRef("b", "bee"))
    if action is Action.CREATE:
        return RelationChange(action, None, value, "r", SRC)
    return RelationChange(action, value, None, "r", SRC)


def test_changes_are_kept_in_apply_order() -> None:
    plan = Plan(
        "loc",
        None,
        (
            association(Action.DELETE, "z"),
            relation(Action.CREATE, "k"),
            association(Action.REPLACE, "r"),
            relation(Action.DELETE, "k"),
            association(Action.UPDATE, "u"),
            association(Action.CREATE, "c"),
        ),
        "cd",
        "ld",
    )
    assert [c.phase for c in plan.changes] == [
        Phase.CREATE_ASSOCIATIONS,
        Phase.UPDATE_ASSOCIATIONS,
        Phase.DELETE_RELATIONS,
        Phase.REPLACE_ASSOCIATIONS,
        Phase.CREATE_RELATIONS,
        Phase.DELETE_ASSOCIATIONS,
    ]
    assert [len(plan.in_phase(c.phase)) for c in plan.changes] == [1] * 6


def test_a_replacement_counts_as_an_add_and_a_destroy() -> None:
    plan = Plan(
        "loc", None, (association(Action.REPLACE, "r"), relation(Action.CREATE, "k")), "", ""
    )
    assert plan.summary == Summary(add=2, change=0, destroy=1)
    assert plan.has_changes


def test_addresses_name_the_association_and_both_records() -> None:
    assert association(Action.CREATE, "owner").address == "association.owner"
    assert relation(Action.CREATE, "owner").address == "relation.owner[a,b]"


def test_cascade_note_does_not_claim_zero_when_nothing_was_read() -> None:
    assert association(Action.DELETE, "k", cascade=42).cascade_note() == (
        "GHL deletes its 42 relations"
    )
    assert association(Action.DELETE, "k", cascade=1).cascade_note() == (
        "GHL deletes its 1 relation"
    )
    assert "none known" in association(Action.DELETE, "k").cascade_note()


def test_a_relation_cannot_be_updated() -> None:
    value = RelationValue("k", RecordRef("a"), RecordRef("b"))
    change = RelationChange(Action.UPDATE, None, value, "", None)
    with pytest.raises(ValueError, match="cannot be updated"):
        _ = change.phase


def test_each_action_has_its_plan_marker() -> None:
    assert [a.symbol for a in Action] == ["+", "~", "-", "-/+"]
