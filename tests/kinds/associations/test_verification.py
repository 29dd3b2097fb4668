"""Verification after apply re-reads a cover of what changed and merges it into what was read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ghlsync import engine
from ghlsync.kinds.associations.verify import changed_cover, reread_changes, verification_reads
from ghlsync.kinds.custom_values.values import CustomValueChange
from ghlsync.kinds.tags.values import TagChange
from ghlsync.values.plan import (
    Action,
    AnyChange,
    AssociationChange,
    AssociationValue,
    Change,
    KeyedValue,
    Plan,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import (
    LiveAssociation,
    LiveRelation,
    LiveState,
    ReadScope,
    RecordRef,
    Side,
)

OWNER = LiveAssociation("a1", "owner", Side("custom_objects.property", "P"), Side("contact", "O"))
OWNER_AGAIN = LiveAssociation("a2", "owner", OWNER.first, OWNER.second)


class FakeReader:
    """The location after apply: its associations and relations, and what was asked of it."""

    location_id = "loc"

    def __init__(self, associations: list[LiveAssociation], relations: list[LiveRelation]):
        self.associations = associations
        self.relations = relations
        self.listings = 0
        self.wanted: list[Mapping[str, Sequence[str]]] = []

    def list_associations(self) -> list[LiveAssociation]:
        self.listings += 1
        return self.associations

    def list_relations_of(self, wanted: Mapping[str, Sequence[str]]) -> list[LiveRelation]:
        self.wanted.append(wanted)
        return [
            r for r in self.relations
            for record, ids in wanted.items()
            if record in (r.first_record_id, r.second_record_id) and r.association_id in ids
        ]


def _change(action: Action, first: str, second: str, relation_id: str | None = None) -> Change:
    value = RelationValue("owner", RecordRef(first), RecordRef(second), relation_id)
    before, after = (value, None) if action is Action.DELETE else (None, value)
    return RelationChange(action, before, after, "test", None)


def _plan(*changes: AnyChange) -> Plan:
    return Plan("loc", None, changes, "cfg", "live")


def _changes(*changes: Change) -> tuple[Change, ...]:
    return changes


def _scope(*records: str) -> ReadScope:
    return ReadScope({record: frozenset({"owner"}) for record in records})


def test_the_cover_reads_the_hub_of_a_star_for_its_changed_associations_only() -> None:
    plan = _plan(*(_change(Action.CREATE, f"p{i}", "c1") for i in range(5)))
    assert changed_cover(plan.changes) == {"c1": frozenset({"owner"})}
    assert verification_reads(plan) == 1


def test_an_association_change_adds_one_listing() -> None:
    created = AssociationChange(
        Action.CREATE, None, AssociationValue("owner", OWNER.first, OWNER.second), "t", None
    )
    assert verification_reads(_plan(created, _change(Action.CREATE, "p1", "c1"))) == 2


def test_the_estimate_counts_each_kinds_rereading() -> None:
    """A changed custom value or tag is verified by one listing of them; the quota estimate
    counts it beside the relations' cover."""
    tags = [TagChange(Action.CREATE, None, KeyedValue(f"t{i}"), "", None) for i in range(3)]
    value = CustomValueChange(Action.CREATE, None, KeyedValue("brand"), "", None)
    plan = _plan(_change(Action.CREATE, "p1", "c1"), value, *tags)
    assert engine.verification_reads(plan) == 3
    assert engine.verification_reads(_plan(*tags)) == 1


def test_relations_only_change_reads_no_association_listing() -> None:
    before = LiveState("loc", {"owner": OWNER}, {}, _scope("p1", "c1"))
    reader = FakeReader([OWNER], [LiveRelation("r1", "a1", "p1", "c1")])
    after = reread_changes(reader, before, _changes(_change(Action.CREATE, "p1", "c1")))
    assert reader.listings == 0 and len(reader.wanted) == 1
    assert set(after.relations) == {"r1"}


def test_a_write_that_did_not_stick_stays_visible() -> None:
    kept = LiveRelation("r9", "a1", "p1", "c9")
    before = LiveState("loc", {"owner": OWNER}, {"r9": kept}, _scope("p1", "c1", "p2"))
    reader = FakeReader([OWNER], [kept])  # the delete of r9 and the create were dropped
    plan = _plan(_change(Action.DELETE, "p1", "c9", "r9"), _change(Action.CREATE, "p2", "c1"))
    after = reread_changes(reader, before, plan.changes)
    assert set(after.relations) == {"r9"}


def test_relations_read_before_and_untouched_are_kept_and_replaced_ones_dropped() -> None:
    untouched = LiveRelation("r5", "a1", "p5", "c5")
    deleted = LiveRelation("r1", "a1", "p1", "c1")
    before = LiveState(
        "loc", {"owner": OWNER}, {"r1": deleted, "r5": untouched}, _scope("p1", "c1", "p5", "c5")
    )
    reader = FakeReader([OWNER], [untouched])
    after = reread_changes(reader, before, _changes(_change(Action.DELETE, "p1", "c1", "r1")))
    assert set(after.relations) == {"r5"}
    assert reader.wanted == [{"c1": ["a1"]}] or reader.wanted == [{"p1": ["a1"]}]


def test_a_relation_seen_through_a_record_outside_the_read_scope_is_not_added() -> None:
    """The cover may read a record planning never reads: its other relations are not planned."""
    before = LiveState("loc", {"owner": OWNER}, {}, _scope("p1", "p2"))
    elsewhere = LiveRelation("r7", "a1", "p7", "c1")  # c1 is outside the scope, p7 too
    created = [LiveRelation(f"r{i}", "a1", f"p{i}", "c1") for i in (1, 2)]
    reader = FakeReader([OWNER], [*created, elsewhere])
    plan = _plan(_change(Action.CREATE, "p1", "c1"), _change(Action.CREATE, "p2", "c1"))
    after = reread_changes(reader, before, plan.changes)
    assert reader.wanted == [{"c1": ["a1"]}]
    assert set(after.relations) == {"r1", "r2"}


def test_a_replaced_association_is_read_under_its_new_id() -> None:
    old = LiveRelation("r1", "a1", "p1", "c1")
    before = LiveState("loc", {"owner": OWNER}, {"r1": old}, _scope("p1", "c1"))
    replaced = AssociationChange(
        Action.REPLACE,
        AssociationValue("owner", OWNER.first, OWNER.second, "a1"),
        AssociationValue("owner", OWNER.first, OWNER.second),
        "t",
        None,
    )
    recreated = LiveRelation("r2", "a2", "p1", "c1")
    reader = FakeReader([OWNER_AGAIN], [recreated])
    applied = _changes(replaced, _change(Action.CREATE, "p1", "c1"))
    after = reread_changes(reader, before, applied)
    assert reader.listings == 1
    assert after.associations == {"owner": OWNER_AGAIN}
    assert set(after.relations) == {"r2"}
