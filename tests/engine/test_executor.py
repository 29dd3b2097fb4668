import os
import signal
import threading
import time

from ghlsync.engine.executor import OutcomeStatus, execute
from ghlsync.errors import ApiError
from ghlsync.kinds.associations.apply import ASSOCIATION_PHASES, AssociationApplier
from ghlsync.plumbing.runner import TaskPool
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    Plan,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import LiveAssociation, LiveRelation, RecordRef, Side, Source

SRC = Source("f.yaml", 3)
P, C = Side("custom_objects.property", "Property"), Side("contact", "Owner")


class FakeWriter:
    def __init__(self, failing: set[str] = frozenset(), parallelism: int = 4) -> None:
        self.pool = TaskPool(parallelism)
        self.calls: list[tuple[str, ...]] = []
        self.failing = failing
        self.lock = threading.Lock()

    def _call(self, *call: str) -> None:
        with self.lock:
            self.calls.append(call)
        if call[0] in self.failing or (len(call) > 1 and call[1] in self.failing):
            raise ApiError("POST", "/x", 500, f"{call[0]} failed")

    def create_association(self, key, first, second):
        self._call("create_association", key)
        return LiveAssociation(f"id-{key}", key, first, second)

    def update_association_labels(self, association_id, first_label, second_label):
        self._call("update_association_labels", association_id)
        return LiveAssociation(association_id, "k", P, C)

    def delete_association(self, association_id):
        self._call("delete_association", association_id)

    def create_relation(self, association_id, first, second):
        self._call("create_relation", association_id, first, second)
        return LiveRelation("r", association_id, first, second)

    def delete_relation(self, relation_id):
        self._call("delete_relation", relation_id)


def assoc(action, key, before_id=None, first=P):
    before = AssociationValue(key, first, C, before_id) if before_id else None
    after = None if action is Action.DELETE else AssociationValue(key, P, C)
    return AssociationChange(action, before, after, "r", SRC)


def rel(action, key, a, b, rid=None):
    value = RelationValue(key, RecordRef(a), RecordRef(b), rid)
    if action is Action.CREATE:
        return RelationChange(action, None, value, "r", SRC)
    return RelationChange(action, value, None, "r", SRC)


def apply_plan(plan, writer, association_ids, on_outcome=lambda _: None):
    """The associations kind's applier over ``writer`` (a fake), run by the executor."""
    applier = AssociationApplier(writer, dict(association_ids))
    return execute(plan, dict.fromkeys(ASSOCIATION_PHASES, applier), writer.pool, on_outcome)


def plan(*changes):
    return Plan("loc", None, changes, "c", "l")


def test_phases_run_in_the_fixed_order():
    writer = FakeWriter()
    p = plan(
        assoc(Action.DELETE, "gone", "id-gone"),
        rel(Action.CREATE, "new", "p1", "c1"),
        assoc(Action.REPLACE, "swap", "id-swap", first=Side("business", "B")),
        rel(Action.DELETE, "kept", "p2", "c2", rid="rel-1"),
        assoc(Action.UPDATE, "kept", "id-kept"),
        assoc(Action.CREATE, "new"),
    )
    report = apply_plan(p, writer, {"kept": "id-kept", "swap": "id-swap", "gone": "id-gone"})
    assert report.complete
    assert [c[0] for c in writer.calls] == [
        "create_association",
        "update_association_labels",
        "delete_relation",
        "delete_association",
        "create_association",
        "create_relation",
        "delete_association",
    ]
    assert writer.calls[5] == ("create_relation", "id-new", "p1", "c1")


def test_relation_creates_are_skipped_when_their_association_failed():
    writer = FakeWriter(failing={"new"})
    p = plan(
        assoc(Action.CREATE, "new"),
        rel(Action.CREATE, "new", "p1", "c1"),
        rel(Action.CREATE, "kept", "p2", "c2"),
    )
    report = apply_plan(p, writer, {"kept": "id-kept"})
    statuses = {o.change.address: o.status for o in report.outcomes}
    assert statuses == {
        "association.new": OutcomeStatus.FAILED,
        "relation.new[p1,c1]": OutcomeStatus.SKIPPED,
        "relation.kept[p2,c2]": OutcomeStatus.DONE,
    }
    assert not report.complete
    skipped = report.with_status(OutcomeStatus.SKIPPED)[0]
    assert "association 'new' was not created" in skipped.detail


def test_a_failed_label_update_does_not_block_relations():
    writer = FakeWriter(failing={"update_association_labels"})
    p = plan(assoc(Action.UPDATE, "kept", "id-kept"), rel(Action.CREATE, "kept", "a", "b"))
    report = apply_plan(p, writer, {"kept": "id-kept"})
    assert [o.status for o in report.outcomes] == [OutcomeStatus.FAILED, OutcomeStatus.DONE]


class InterruptingWriter(FakeWriter):
    """Presses Ctrl-C while creating the first association."""

    def create_association(self, key, first, second):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        return super().create_association(key, first, second)


def test_ctrl_c_finishes_the_operation_in_flight_and_skips_the_rest():
    writer = InterruptingWriter()
    p = plan(
        assoc(Action.CREATE, "new"),
        rel(Action.DELETE, "kept", "p2", "c2", rid="rel-1"),
        rel(Action.CREATE, "new", "p1", "c1"),
    )
    report = apply_plan(p, writer, {"kept": "id-kept"})
    assert report.interrupted and not report.complete
    statuses = {o.change.address: (o.status, o.detail) for o in report.outcomes}
    assert statuses["association.new"] == (OutcomeStatus.DONE, "")
    assert statuses["relation.kept[p2,c2]"] == (OutcomeStatus.SKIPPED, "interrupted")
    assert statuses["relation.new[p1,c1]"] == (OutcomeStatus.SKIPPED, "interrupted")
    assert [c[0] for c in writer.calls] == ["create_association"]


def test_outcomes_are_reported_as_each_operation_ends():
    seen: list[str] = []
    p = plan(assoc(Action.CREATE, "new"), rel(Action.CREATE, "new", "p1", "c1"))
    apply_plan(p, FakeWriter(), {}, on_outcome=lambda o: seen.append(o.change.address))
    assert seen == ["association.new", "relation.new[p1,c1]"]


def test_outcomes_keep_the_ids_created():
    writer = FakeWriter()
    p = plan(assoc(Action.CREATE, "new"), rel(Action.CREATE, "new", "p1", "c1"))
    report = apply_plan(p, writer, {})
    assert [o.created_id for o in report.outcomes] == ["id-new", "r"]


class StatusWriter(FakeWriter):
    def __init__(self, status: int) -> None:
        super().__init__()
        self.status = status

    def create_relation(self, association_id, first, second):
        raise ApiError("POST", "/associations/relations", self.status, "refused")


def test_404_and_other_4xx_failures_are_permanent_but_429_and_5xx_are_not():
    permanent = {}
    for status in (400, 404, 422, 429, 500, 503):
        p = plan(rel(Action.CREATE, "kept", "p1", "c1"))
        (outcome,) = apply_plan(p, StatusWriter(status), {"kept": "id-kept"}).outcomes
        assert outcome.status is OutcomeStatus.FAILED
        permanent[status] = outcome.permanent
    assert permanent == {400: True, 404: True, 422: True, 429: False, 500: False, 503: False}
