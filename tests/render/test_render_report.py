"""The apply report: a line per operation, the closing lines, and the JSON document."""

from __future__ import annotations

from ghlsync.engine.executor import ApplyReport, Outcome, OutcomeStatus
from ghlsync.render.report import outcome_line, report_document, report_lines
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import RecordRef, Side

VILLA, JANE = RecordRef("p1", "villa"), RecordRef("c1", "jane")
CREATE = RelationChange(
    Action.CREATE, None, RelationValue("property_owner", VILLA, JANE), "not in location", None
)
DELETE = RelationChange(
    Action.DELETE, RelationValue("property_owner", VILLA, JANE, "r9"), None, "not declared", None
)
NEW = AssociationChange(
    Action.CREATE,
    None,
    AssociationValue("car_driver", Side("custom_objects.car", "Car"), Side("contact", "Driver")),
    "not in location",
    None,
)


def test_a_done_create_names_its_aliases_and_the_id_created() -> None:
    line = outcome_line(Outcome(CREATE, OutcomeStatus.DONE, created_id="r1"), color=False)
    assert line == "+ relation property_owner[villa(p1) -> jane(c1)]: created [id=r1]"


def test_deletes_and_associations_read_as_in_the_plan() -> None:
    assert outcome_line(Outcome(DELETE, OutcomeStatus.DONE), color=False) == (
        "- relation property_owner[villa(p1) -> jane(c1)]: destroyed"
    )
    done = Outcome(NEW, OutcomeStatus.DONE, created_id="a7")
    assert outcome_line(done, color=False) == '+ association "car_driver": created [id=a7]'


def test_failures_and_skips_give_their_reason_in_colour() -> None:
    failed = Outcome(CREATE, OutcomeStatus.FAILED, "POST /x: HTTP 500: boom")
    assert outcome_line(failed, color=False).endswith(": failed: POST /x: HTTP 500: boom")
    assert outcome_line(failed, color=True).startswith("\x1b[31m")
    skipped = Outcome(CREATE, OutcomeStatus.SKIPPED, "interrupted")
    assert outcome_line(skipped, color=False).endswith(": not done: interrupted")


def test_transient_failures_say_a_rerun_converges() -> None:
    report = ApplyReport([Outcome(CREATE, OutcomeStatus.FAILED, "HTTP 503")])
    lines = list(report_lines(report, color=False))
    assert "  relation property_owner[villa(p1) -> jane(c1)]: HTTP 503" in lines
    assert lines[-1].startswith("Running `ghlsync apply` again converges")


def test_permanent_failures_say_what_to_fix_instead() -> None:
    permanent = Outcome(CREATE, OutcomeStatus.FAILED, "HTTP 404: not found", permanent=True)
    report = ApplyReport([Outcome(NEW, OutcomeStatus.FAILED, "HTTP 503"), permanent])
    text = "\n".join(report_lines(report, color=False))
    assert "again converges" not in text
    assert "Some failures are permanent" in text and "fix what they name" in text


def test_the_json_report_lists_every_operation() -> None:
    report = ApplyReport(
        [
            Outcome(NEW, OutcomeStatus.DONE, created_id="a7"),
            Outcome(CREATE, OutcomeStatus.SKIPPED, "association 'car_driver' was not created"),
        ],
        interrupted=True,
    )
    document = report_document(report, "loc_1")
    assert document["complete"] is False and document["interrupted"] is True
    assert document["counts"] == {"done": 1, "failed": 0, "not_done": 1}
    first, second = document["operations"]
    assert first == {
        "address": "association.car_driver",
        "description": 'association "car_driver"',
        "action": "create",
        "status": "done",
        "detail": None,
        "created_id": "a7",
        "permanent_failure": False,
    }
    assert second["status"] == "not done" and second["created_id"] is None


def test_operations_an_interruption_kept_from_starting_are_one_line_not_a_list() -> None:
    cut_off = [
        Outcome(CREATE, OutcomeStatus.SKIPPED, "interrupted", started=False) for _ in range(700)
    ]
    why = "association 'x' was not created"
    blocked = Outcome(CREATE, OutcomeStatus.SKIPPED, why, started=False)
    report = ApplyReport([Outcome(NEW, OutcomeStatus.DONE), blocked, *cut_off], interrupted=True)
    lines = list(report_lines(report, color=False))
    assert "700 operations not started (interrupted)." in lines
    assert sum("interrupted" in line for line in lines) == 2  # that line and the headline
    assert any("association 'x' was not created" in line for line in lines)
    assert "Apply interrupted: 1 done, 0 failed, 701 not done." in lines


def test_schema_changes_read_in_the_style_of_associations() -> None:
    from ghlsync.values.objects import FieldValue
    from ghlsync.values.plan import Kind, ObjectsChange

    field = FieldValue("contact", "budget", "Budget", "NUMERICAL")
    change = ObjectsChange(Kind.FIELD, Action.CREATE, None, field, "not in location", None)
    line = outcome_line(Outcome(change, OutcomeStatus.DONE), color=False)
    assert line == '+ field "contact.budget": created'
    association = outcome_line(Outcome(NEW, OutcomeStatus.DONE), color=False)
    assert association.startswith('+ association "car_driver": ')
