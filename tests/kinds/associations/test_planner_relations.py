"""build_plan: relation creates and deletes, scope rules, plan fields, digest and speed."""

from __future__ import annotations

import hashlib
import json
import time
import tracemalloc
from dataclasses import replace

from planner_fixtures import (
    declared,
    desired_state,
    live_assoc,
    live_rel,
    live_state,
    relation,
    src,
)

from ghlsync.engine import diff as build_plan
from ghlsync.engine import live_digest
from ghlsync.values.plan import Action, RelationChange
from ghlsync.values.state import LiveRelation, PruneSettings, RecordRef, SafetySettings

OWNER = ("custom_objects.property/Property", "contact/Owner")


def relation_changes(plan: object) -> list[RelationChange]:
    return [c for c in plan.changes if isinstance(c, RelationChange)]  # type: ignore[attr-defined]


def test_missing_declared_relation_is_created_at_its_line() -> None:
    desired = desired_state([declared("owner", *OWNER)], [relation("owner", "p1", "c1", 22)])
    [change] = build_plan(desired, live_state([live_assoc("owner", *OWNER)])).changes
    assert isinstance(change, RelationChange)
    assert (change.action, change.reason, change.source) == (
        Action.CREATE,
        "not in location",
        src(22),
    )
    assert change.after is not None and change.after.id is None


def test_relation_of_an_association_created_in_the_same_plan_is_created() -> None:
    desired = desired_state([declared("owner", *OWNER)], [relation("owner", "p1", "c1")])
    plan = build_plan(desired, live_state())
    assert [(c.kind.value, c.action) for c in plan.changes] == [
        ("association", Action.CREATE),
        ("relation", Action.CREATE),
    ]


def test_relation_on_live_system_association_is_created() -> None:
    desired = desired_state([], [relation("builtin", "c1", "o1")])
    live = live_state([live_assoc("builtin", "contact/Contact", "opportunity/Deal", system=True)])
    [change] = build_plan(desired, live).changes
    assert change.action is Action.CREATE and change.address == "relation.builtin[c1,o1]"


def test_live_relation_already_declared_is_left_alone() -> None:
    desired = desired_state([], [relation("owner", "p1", "c1")])
    live = live_state([live_assoc("owner", *OWNER)], [live_rel("r1", "owner", "p1", "c1")])
    assert not build_plan(desired, live).has_changes


def test_undeclared_relation_is_deleted_with_alias_and_list_source() -> None:
    desired = desired_state(
        [],
        [relation("owner", "p1", "c1")],
        relation_sources={"owner": src(19)},
        aliases={"p1": "villa"},
    )
    live = live_state(
        [live_assoc("owner", *OWNER)],
        [live_rel("r1", "owner", "p1", "c1"), live_rel("r2", "owner", "p1", "c_old")],
    )
    [change] = build_plan(desired, live).changes
    assert isinstance(change, RelationChange)
    assert (change.action, change.reason, change.source) == (Action.DELETE, "not declared", src(19))
    assert change.before is not None
    assert (change.before.id, change.before.first, change.before.second) == (
        "r2",
        RecordRef("p1", "villa"),
        RecordRef("c_old"),
    )


def test_delete_source_falls_back_to_the_managed_record_then_none() -> None:
    desired = desired_state([declared("owner", *OWNER)], managed_records={"c9": src(40)})
    live = live_state(
        [live_assoc("owner", *OWNER)],
        [live_rel("r1", "owner", "p1", "c9"), live_rel("r2", "owner", "p2", "c2")],
    )
    sources = {c.address: c.source for c in build_plan(desired, live).changes}
    assert sources == {"relation.owner[p1,c9]": src(40), "relation.owner[p2,c2]": None}


def test_relations_of_unmanaged_associations_are_untouched() -> None:
    desired = desired_state([declared("owner", *OWNER)], [relation("owner", "p1", "c1")])
    live = live_state(
        [live_assoc("owner", *OWNER), live_assoc("other", *OWNER)],
        [live_rel("r1", "owner", "p1", "c1"), live_rel("r2", "other", "p1", "c5")],
    )
    plan = build_plan(desired, live)
    assert not plan.has_changes
    assert plan.live_relation_count == 1


def test_prune_relations_false_deletes_no_relation() -> None:
    desired = desired_state(
        [], [relation("owner", "p1", "c2")], prune=PruneSettings(relations=False)
    )
    live = live_state([live_assoc("owner", *OWNER)], [live_rel("r1", "owner", "p1", "c1")])
    assert [c.action for c in build_plan(desired, live).changes] == [Action.CREATE]


def test_relations_of_a_pruned_association_are_not_listed() -> None:
    desired = desired_state(prune=PruneSettings(associations=True))
    live = live_state([live_assoc("stale", *OWNER)], [live_rel("r1", "stale", "p1", "c1")])
    plan = build_plan(desired, live)
    assert relation_changes(plan) == []
    assert plan.changes[0].action is Action.DELETE


def test_relations_with_an_unknown_association_id_are_ignored() -> None:
    desired = desired_state([declared("owner", *OWNER)])
    live = live_state(
        [live_assoc("owner", *OWNER)], [LiveRelation("r1", "id_vanished", "p1", "c1")]
    )
    assert not build_plan(desired, live).has_changes


def test_plan_fields_come_from_desired_live_and_safety() -> None:
    desired = desired_state(
        [declared("owner", *OWNER)],
        [relation("owner", "p1", "c1")],
        safety=SafetySettings(max_relation_delete_fraction=0.3, min_relations_for_fraction=2),
    )
    rels = [live_rel(f"r{i}", "owner", "p1", f"c{i}") for i in range(1, 4)]
    live = live_state([live_assoc("owner", *OWNER)], rels, scope={"p1": frozenset({"owner"})})
    plan = build_plan(desired, live)
    assert (plan.location_id, plan.environment, plan.config_digest) == ("loc_1", "staging", "cfg")
    assert plan.scope == live.scope and plan.live_digest == live_digest(live)
    assert plan.live_relation_count == 3
    assert plan.needs_allow_destroy == (
        "2 of 3 in-scope relations (66.7%) would be deleted, over the 30% limit",
    )
    assert plan.warnings == tuple(
        f"apply will need --allow-destroy: {r}" for r in plan.needs_allow_destroy
    )


def test_live_digest_is_stable_and_sensitive_to_every_change() -> None:
    assoc = live_assoc("owner", *OWNER)
    base = live_state(
        [assoc], [live_rel("r1", "owner", "p1", "c1"), live_rel("r2", "owner", "p2", "c2")]
    )
    reordered = live_state(
        [assoc], [live_rel("r2", "owner", "p2", "c2"), live_rel("r1", "owner", "p1", "c1")]
    )
    assert live_digest(base) == live_digest(reordered)
    assert len(live_digest(base)) == 64
    variants = [
        live_state([assoc], [live_rel("r1", "owner", "p1", "c1")]),
        live_state(
            [assoc], [live_rel("r1", "owner", "p1", "c1"), live_rel("r3", "owner", "p2", "c2")]
        ),
        live_state(
            [live_assoc("owner", "custom_objects.property/Home", "contact/Owner")],
            list(base.relations.values()),
        ),
        live_state([live_assoc("owner", *OWNER, id="other_id")], list(base.relations.values())),
    ]
    digests = {live_digest(v) for v in variants}
    assert len(digests) == len(variants) and live_digest(base) not in digests


def test_one_hundred_thousand_relations_plan_linearly() -> None:
    count = 100_000
    desired = desired_state(
        [declared("owner", *OWNER)],
        [relation("owner", f"p{i}", f"c{i}") for i in range(count)],
        safety=SafetySettings(max_relation_delete_fraction=1.0),
    )
    live = live_state(
        [live_assoc("owner", *OWNER)],
        [
            live_rel(f"r{i}", "owner", f"p{i + count // 2}", f"c{i + count // 2}")
            for i in range(count)
        ],
    )
    started = time.process_time()
    plan = build_plan(desired, live)
    elapsed = time.process_time() - started
    assert plan.summary.add == count // 2 and plan.summary.destroy == count // 2
    assert elapsed < 5.0


def test_live_digest_hashes_the_compact_document_of_every_row() -> None:
    """Rows are hashed in batches: the digest stays that of the whole document's one text."""
    assoc = live_assoc("owner", "custom_objects.property/Ré\u2028sidence", "contact/Owner")
    count = 10_000  # more than one batch
    live = live_state(
        [assoc], [live_rel(f"r{i:05d}", "owner", f"p{i}", f"c\ud800{i}") for i in range(count)]
    )
    document = {
        "associations": [[assoc.id, "owner", assoc.first.object, assoc.first.label,
                          "contact", "Owner", "USER_DEFINED"]],
        "relations": [
            [f"r{i:05d}", "id_owner", f"p{i}", f"c\ud800{i}"] for i in range(count)
        ],
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    assert live_digest(live) == expected


def test_planning_holds_no_more_than_one_index_entry_per_live_relation() -> None:
    """The planner's own allocations at their peak, per relation: an index of the live
    identities, the changes and the digest's order; not sets and lists of every relation."""
    count = 20_000
    desired = desired_state(
        [declared("owner", *OWNER)],
        [relation("owner", f"p{i}", f"c{i % 400}", i) for i in range(count)],
    )
    live = live_state(
        [live_assoc("owner", *OWNER)],
        [live_rel(f"r{i}", "owner", f"p{i}", f"c{i % 400}") for i in range(count)],
    )
    build_plan(desired_state(), live_state())  # imports and caches are not the planner's
    tracemalloc.start()
    try:
        plan = build_plan(desired, live)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not plan.has_changes
    assert peak / count < 160


def test_two_live_relations_linking_the_same_records_are_both_kept_or_both_deleted() -> None:
    desired = desired_state([], [relation("owner", "p1", "c1")])
    twins = [live_rel("r1", "owner", "p1", "c1"), live_rel("r2", "owner", "p1", "c1")]
    undeclared = [live_rel("r3", "owner", "p2", "c2"), live_rel("r4", "owner", "p2", "c2")]
    live = live_state([live_assoc("owner", *OWNER)], [twins[0], *undeclared, twins[1]])
    plan = build_plan(replace(desired, safety=SafetySettings(max_relation_delete_fraction=1)), live)
    assert [(c.action, c.before and c.before.id) for c in relation_changes(plan)] == [
        (Action.DELETE, "r3"),
        (Action.DELETE, "r4"),
    ]
