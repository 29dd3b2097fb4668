"""The engine and the kinds it iterates (docs/design.md, "The engine" and "Kinds")."""

from __future__ import annotations

import pytest

from ghlsync import engine
from ghlsync.engine.executor import OutcomeStatus, execute
from ghlsync.errors import SafetyError
from ghlsync.kinds.protocol import Step
from ghlsync.kinds.registry import KINDS, changes_of, kind_of_phase
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.objects import ObjectValue
from ghlsync.values.plan import (
    APPLY_ORDER,
    Action,
    AnyChange,
    AssociationChange,
    AssociationValue,
    Kind,
    ObjectsChange,
    Phase,
    Plan,
    phase_of,
)
from ghlsync.values.state import DesiredState, LiveState, Side, Source

SRC = Source("f.yaml", 3)
P, C = Side("custom_objects.property", "Property"), Side("contact", "Owner")


def test_every_phase_is_run_by_exactly_one_kind() -> None:
    owners = {phase: [k.name for k in KINDS if phase in k.phases] for phase in APPLY_ORDER}
    assert all(len(names) == 1 for names in owners.values()), owners
    assert kind_of_phase(Phase.CREATE_FIELDS).name == "objects"


def test_the_apply_order_is_the_documented_one() -> None:
    assert [phase.label for phase in APPLY_ORDER] == [
        "create objects",
        "create folders",
        "create fields",
        "update fields",
        "update objects",
        "create associations",
        "update associations",
        "delete relations",
        "replace associations",
        "create relations",
        "delete associations",
        "delete fields",
        "create custom values",
        "update custom values",
        "delete custom values",
        "create tags",
        "delete tags",
    ]


def test_every_kind_and_action_pair_has_a_phase_or_is_refused() -> None:
    assert phase_of(Kind.FIELD, Action.REPLACE) is Phase.CREATE_FIELDS
    with pytest.raises(ValueError, match="an object cannot be deleted"):
        phase_of(Kind.OBJECT, Action.DELETE)


def test_every_change_type_belongs_to_one_kind() -> None:
    owned = [t for kind in KINDS for t in kind.change_types]
    assert len(owned) == len(set(owned))
    value = ObjectValue("custom_objects.p")
    change = ObjectsChange(Kind.OBJECT, Action.CREATE, None, value, "", None)
    assert [k.name for k in KINDS if changes_of(k, (change,))] == ["objects"]


def _destructive(location: str) -> Plan:
    before = AssociationValue("k", P, C, "id-k")
    change = AssociationChange(Action.DELETE, before, None, "not declared", None)
    return Plan(location, None, (change,), "c", "l", needs_allow_destroy=("k goes",))


def test_the_gate_checks_every_plan_before_any_is_applied() -> None:
    plans = [_destructive("loc_a"), Plan("loc_b", None, (), "c", "l"), _destructive("loc_c")]
    with pytest.raises(SafetyError) as refused:
        engine.gate(plans, allow_destroy=False)
    assert "location loc_a" in str(refused.value) and "location loc_c" in str(refused.value)
    engine.gate(plans, allow_destroy=True)


def test_one_refused_plan_reads_as_before() -> None:
    with pytest.raises(SafetyError, match=r"^refusing to apply without --allow-destroy"):
        engine.gate([_destructive("loc_a")], allow_destroy=False)


def test_diff_with_nothing_declared_or_live_is_empty() -> None:
    desired = DesiredState("loc", None, "f.yaml", "digest")
    plan = engine.diff(desired, LiveState("loc"))
    assert not plan.has_changes and plan.location_id == "loc"


class _Recorder:
    """An applier that fails the creates named in ``failing`` and records what ran."""

    def __init__(self, failing: set[str]) -> None:
        self.failing = failing
        self.ran: list[str] = []

    def steps(self, phase: Phase, changes: tuple[AnyChange, ...], failed: set[str]) -> list[Step]:
        chosen = [c for c in changes if c.phase is phase]
        return [Step(c, self._blocked(c, failed), self._call(c)) for c in chosen]

    def notes(self) -> list[str]:
        return [f"ran {len(self.ran)}"]

    def _blocked(self, change: AnyChange, failed: set[str]) -> str | None:
        needs = "object.custom_objects.property"
        waits = needs in failed and change.kind is not Kind.OBJECT
        return f"{needs} was not created" if waits else None

    def _call(self, change: AnyChange):  # type: ignore[no-untyped-def]
        def call() -> None:
            self.ran.append(change.address)
            if change.address in self.failing:
                raise SafetyError("refused")

        return call


def test_a_failed_create_skips_what_waits_for_it_in_a_later_phase() -> None:
    created = ObjectsChange(
        Kind.OBJECT, Action.CREATE, None, ObjectValue("custom_objects.property"), "", None
    )
    association = AssociationChange(Action.CREATE, None, AssociationValue("k", P, C), "", SRC)
    recorder = _Recorder({"object.custom_objects.property"})
    appliers = dict.fromkeys(APPLY_ORDER, recorder)
    report = execute(Plan("loc", None, (association, created), "c", "l"), appliers, TaskPool(2))
    statuses = [(o.change.address, o.status) for o in report.outcomes]
    assert statuses == [
        ("object.custom_objects.property", OutcomeStatus.FAILED),
        ("association.k", OutcomeStatus.SKIPPED),
    ]
    assert recorder.ran == ["object.custom_objects.property"]
    assert report.notes == ["ran 1"]  # one applier serving every phase speaks once


def test_every_name_the_engine_offers_resolves_those_some_commands_use_on_first_use() -> None:
    """Doctor's, the executor's and the saved plans' names load when asked for (a plan does
    not load them); each must still be there."""
    from ghlsync.engine import checkup, doctor, executor, freshness, planfile

    assert [name for name in engine.__all__ if getattr(engine, name, None) is None] == []
    assert (engine.Checkup, engine.examine_member) == (checkup.Checkup, doctor.examine_member)
    assert (engine.ApplyReport, engine.check_same_plan) == (
        executor.ApplyReport, freshness.check_same_plan
    )
    assert (engine.read_plan, engine.write_plan) == (planfile.read_plan, planfile.write_plan)
