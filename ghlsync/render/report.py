"""The apply report: what was done, what failed and what was not done."""

from __future__ import annotations

from collections.abc import Iterator

from ghlsync.executor import ApplyReport, Outcome, OutcomeStatus
from ghlsync.plan import summarise
from ghlsync.render.colour import Role, paint

__all__ = ["report_lines"]

_RERUN = "Running `ghlsync apply` again converges: it plans only what is left."


def report_lines(report: ApplyReport, color: bool) -> Iterator[str]:
    """The report's lines after an apply (the first is blank)."""
    yield ""
    if report.complete:
        yield paint(_counts("Apply complete!", report), Role.SUCCESS, color, bold=True)
        return
    for status in (OutcomeStatus.FAILED, OutcomeStatus.SKIPPED):
        yield from _listing(status, report.with_status(status))
    done, failed, skipped = (len(report.with_status(s)) for s in OutcomeStatus)
    headline = "Apply interrupted" if report.interrupted else "Apply incomplete"
    yield paint(f"{headline}: {done} done, {failed} failed, {skipped} not done.", Role.ERROR, color)
    yield _counts("Done so far", report)
    yield _RERUN


def _listing(status: OutcomeStatus, outcomes: list[Outcome]) -> Iterator[str]:
    if outcomes:
        yield f"{status.value.capitalize()}:"
        yield from (f"  {outcome.change.address}: {outcome.detail}" for outcome in outcomes)


def _counts(prefix: str, report: ApplyReport) -> str:
    summary = summarise(o.change for o in report.with_status(OutcomeStatus.DONE))
    return f"{prefix} {summary.add} added, {summary.change} changed, {summary.destroy} destroyed."
