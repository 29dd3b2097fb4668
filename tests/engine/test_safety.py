"""Safety gates (docs/design.md): what needs --allow-destroy, the plan warnings and the gate."""

from __future__ import annotations

import pytest

from ghlsync.engine.safety import gate, warnings_for
from ghlsync.errors import SafetyError
from ghlsync.kinds.associations.safety import assess
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    Change,
    Plan,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import RecordRef, SafetySettings, Side

DEFAULTS = SafetySettings()
VALUE = AssociationValue("owner", Side("contact", "A"), Side("contact", "B"), "a1")


def association(action: Action, cascade: int) -> AssociationChange:
    after = None if action is Action.DELETE else VALUE
    return AssociationChange(action, VALUE, after, "r", None, cascade=cascade)


def relation(action: Action, index: int) -> RelationChange:
    value = RelationValue("owner", RecordRef(f"p{index}"), RecordRef(f"c{index}"), f"r{index}")
    before, after = (value, None) if action is Action.DELETE else (None, value)
    return RelationChange(action, before, after, "r", None)


def deletes(count: int) -> list[Change]:
    return [relation(Action.DELETE, i) for i in range(count)]


def test_association_delete_and_replace_need_allow_destroy() -> None:
    changes = [association(Action.DELETE, 3), association(Action.REPLACE, 1)]
    assert assess(changes, 0, DEFAULTS) == (
        "association.owner would be deleted; GHL deletes its 3 relations",
        "association.owner would be replaced; GHL deletes its 1 relation",
    )


def test_creates_and_updates_are_safe() -> None:
    changes: list[Change] = [association(Action.CREATE, 0), relation(Action.CREATE, 1)]
    assert assess(changes, 100, DEFAULTS) == ()


@pytest.mark.parametrize(
    ("deleted", "live", "needs"),
    [
        (3, 10, False),  # exactly 30% is allowed
        (4, 10, True),  # 40% is over the limit
        (9, 9, False),  # fewer live relations than min_relations_for_fraction
        (0, 10, False),
    ],
)
def test_relation_delete_fraction_threshold(deleted: int, live: int, needs: bool) -> None:
    assert bool(assess(deletes(deleted), live, DEFAULTS)) is needs


def test_fraction_reason_wording() -> None:
    [reason] = assess(deletes(4), 10, DEFAULTS)
    assert reason == "4 of 10 in-scope relations (40%) would be deleted, over the 30% limit"
    [reason] = assess(deletes(1), 3, SafetySettings(0.25, 0))
    assert reason == "1 of 3 in-scope relations (33.3%) would be deleted, over the 25% limit"


def test_zero_live_relations_never_divides_by_zero() -> None:
    assert assess(deletes(2), 0, SafetySettings(0.3, 0)) == ()


def test_warnings_name_the_flag() -> None:
    assert warnings_for(["x"]) == ("apply will need --allow-destroy: x",)


def plan_needing(*reasons: str) -> Plan:
    return Plan("loc", None, (), "c", "d", needs_allow_destroy=reasons)


def test_gate_refuses_without_allow_destroy_listing_every_reason() -> None:
    with pytest.raises(SafetyError) as caught:
        gate(plan_needing("first reason", "second reason"), allow_destroy=False)
    message = str(caught.value)
    assert message.startswith("refusing to apply without --allow-destroy:")
    assert "  - first reason" in message and "  - second reason" in message


def test_gate_passes_with_allow_destroy_or_nothing_destructive() -> None:
    gate(plan_needing("reason"), allow_destroy=True)
    gate(plan_needing(), allow_destroy=False)
