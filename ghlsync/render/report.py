"""The apply report: what was done, what failed and what was not done.

As lines for people (one per finished operation while applying, then the summary) and as
one JSON document for machines (``apply --report FILE``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ghlsync.engine.executor import ApplyReport, Outcome, OutcomeStatus
from ghlsync.errors import UsageError
from ghlsync.plumbing.atomic import write_text_atomically
from ghlsync.plumbing.canonical_json import dump_json
from ghlsync.render.colour import Role, paint
from ghlsync.render.neutral import terminal
from ghlsync.render.text import describe
from ghlsync.values.plan import Action, summarise

__all__ = [
    "cut_off_line",
    "done_counts",
    "outcome_line",
    "report_document",
    "report_lines",
    "write_report",
]

REPORT_FORMAT_VERSION = 1
_RERUN = "Running `ghlsync apply` again converges: it plans only what is left."
_FIX_FIRST = (
    "Some failures are permanent (the API refused the request): fix what they name "
    "(a record id in the file, a label, the token's scopes), then run `ghlsync plan` again."
)
_DONE_VERBS = {
    Action.CREATE: "created",
    Action.UPDATE: "updated",
    Action.DELETE: "destroyed",
    Action.REPLACE: "replaced",
}
_UNDONE_ROLES = {OutcomeStatus.FAILED: Role.ERROR, OutcomeStatus.SKIPPED: Role.WARNING}


def outcome_line(outcome: Outcome, color: bool) -> str:
    """``+ relation k[a(id) -> b(id)]: created [id=r1]``, or the failure and its reason."""
    change = outcome.change
    text = f"{change.action.symbol} {describe(change)}: {terminal(_result(outcome))}"
    role = _UNDONE_ROLES.get(outcome.status)
    return paint(text, role, color) if role is not None else text


def _result(outcome: Outcome) -> str:
    if outcome.status is OutcomeStatus.DONE:
        created = f" [id={outcome.created_id}]" if outcome.created_id else ""
        return f"{_DONE_VERBS[outcome.change.action]}{created}"
    status = "failed" if outcome.status is OutcomeStatus.FAILED else "not done"
    return f"{status}: {outcome.detail}"


def report_lines(report: ApplyReport, color: bool) -> Iterator[str]:
    """The report's lines after an apply (the first is blank)."""
    yield ""
    if report.complete:
        yield paint(_counts("Apply complete!", report), Role.SUCCESS, color, bold=True)
        return
    for status in (OutcomeStatus.FAILED, OutcomeStatus.SKIPPED):
        listed = [o for o in report.with_status(status) if not o.cut_off]
        yield from _listing(status, listed)
    if cut_off := cut_off_line(report):
        yield cut_off
    done, failed, skipped = report.counts()
    headline = "Apply interrupted" if report.interrupted else "Apply incomplete"
    yield paint(f"{headline}: {done} done, {failed} failed, {skipped} not done.", Role.ERROR, color)
    yield _counts("Done so far", report)
    yield _FIX_FIRST if _has_permanent_failures(report) else _RERUN


def cut_off_line(report: ApplyReport) -> str:
    """``N operations not started (interrupted).``: one line instead of one per operation."""
    count = sum(o.cut_off for o in report.outcomes)
    if not count:
        return ""
    noun = "operation" if count == 1 else "operations"
    return f"{count:,} {noun} not started (interrupted)."


def _has_permanent_failures(report: ApplyReport) -> bool:
    return any(o.permanent for o in report.with_status(OutcomeStatus.FAILED))


def _listing(status: OutcomeStatus, outcomes: list[Outcome]) -> Iterator[str]:
    if outcomes:
        yield f"{status.value.capitalize()}:"
        yield from (
            f"  {describe(outcome.change)}: {terminal(outcome.detail)}" for outcome in outcomes
        )


def done_counts(prefix: str, report: ApplyReport) -> str:
    """``PREFIX 2 added, 0 changed, 1 destroyed.`` counting the operations done."""
    return _counts(prefix, report)


def _counts(prefix: str, report: ApplyReport) -> str:
    summary = summarise(o.change for o in report.with_status(OutcomeStatus.DONE))
    return f"{prefix} {summary.add} added, {summary.change} changed, {summary.destroy} destroyed."


def report_document(report: ApplyReport, location_id: str) -> dict[str, Any]:
    """The report as JSON-ready values: every operation, done, failed or not done."""
    done, failed, skipped = report.counts()
    return {
        "format_version": REPORT_FORMAT_VERSION,
        "location_id": location_id,
        "complete": report.complete,
        "interrupted": report.interrupted,
        "counts": {"done": done, "failed": failed, "not_done": skipped},
        "operations": [_operation(outcome) for outcome in report.outcomes],
    }


def _operation(outcome: Outcome) -> dict[str, Any]:
    change = outcome.change
    return {
        "address": change.address,
        "description": describe(change),
        "action": change.action.value,
        "status": "not done" if outcome.status is OutcomeStatus.SKIPPED else outcome.status.value,
        "detail": outcome.detail or None,
        "created_id": outcome.created_id,
        "permanent_failure": outcome.permanent,
    }


def write_report(path: Path | None, report: ApplyReport, location_id: str) -> None:
    """``apply --report FILE``: the report document, written atomically (nothing when None)."""
    if path is None:
        return
    try:
        write_text_atomically(path, dump_json(report_document(report, location_id)))
    except OSError as error:
        raise UsageError(f"cannot write the apply report {path}: {error.strerror}") from error
