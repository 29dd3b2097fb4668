"""A fleet's plans and outcomes as text, JSON, markdown (one pull-request comment), the
``fleet.json`` index of ``--out DIR`` and the ``--report`` document."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any, TextIO

from ghlsync.engine.executor import OutcomeStatus
from ghlsync.fleet.run import FleetResult, MemberOutcome
from ghlsync.render import render_markdown, render_text
from ghlsync.render.escape import markdown_code, markdown_text
from ghlsync.render.json import plan_to_dict
from ghlsync.render.markdown import DEFAULT_MAX_CHARS
from ghlsync.render.neutral import terminal
from ghlsync.render.report import report_document

__all__ = [
    "FLEET_INDEX",
    "fleet_document",
    "fleet_index",
    "fleet_report",
    "render_fleet_markdown",
    "render_fleet_text",
    "summary_rows",
]

FLEET_INDEX = "fleet.json"
FLEET_FORMAT = 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_HEADER = ("MEMBER", "LOCATION", "ADD", "CHANGE", "DESTROY", "STATUS")
_MD_CLOSE = "\n</details>\n"
_MD_TRUNCATED = "_Plan too long for this comment: see the job log or the plan files._\n"
_MD_ALL_TRUNCATED = "\n_Further members' plans do not fit in one comment: see the job log._\n"


def _flat(text: str) -> str:
    """Server text on one line, control and invisible characters shown, never obeyed (it may
    reach a terminal)."""
    return terminal(_CONTROL.sub(" ", text))


def summary_rows(result: FleetResult) -> list[tuple[str, ...]]:
    """One row per member: name, location, add, change, destroy, status (and why)."""
    return [_row(outcome) for outcome in result.outcomes]


def _row(outcome: MemberOutcome) -> tuple[str, ...]:
    counts = ("-", "-", "-")
    if outcome.plan is not None:
        summary = outcome.plan.summary
        counts = (str(summary.add), str(summary.change), str(summary.destroy))
    status = outcome.status.value
    member = outcome.member
    return (member.name, member.location, *counts, status)


def _table(rows: Iterable[tuple[str, ...]]) -> list[str]:
    table = [_HEADER, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(_HEADER))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in table]


def _verdict(result: FleetResult) -> str:
    failed, total = len(result.failed), len(result.outcomes)
    changed = sum(outcome.has_changes for outcome in result.outcomes)
    text = f"Fleet: {total} member(s), {changed} with changes, {failed} failed."
    return text + (f" Stopped: {result.stopped}." if result.stopped else "")


def render_fleet_text(result: FleetResult, out: TextIO, *, color: bool) -> None:
    """Each member's plan (or error), then the summary table."""
    for outcome in result.outcomes:
        out.write(f"\n== {outcome.member.name} ({outcome.member.location}) ==\n")
        if outcome.plan is not None:
            render_text(outcome.plan, out, color=color)
        if outcome.error is not None:
            out.write(f"Error: {_flat(outcome.error)}\n")
            out.writelines(f"  {line}\n" for line in _failed_operations(outcome))
        elif outcome.plan is None:
            out.write(f"{outcome.status.value}\n")
    out.write("\n")
    out.writelines(f"{line}\n" for line in _table(summary_rows(result)))
    out.write(f"\n{_verdict(result)}\n")


_SHOWN_FAILURES = 5


def _failed_operations(outcome: MemberOutcome) -> list[str]:
    """The member's failed operations, each with why (the first few; --report has all)."""
    if outcome.report is None:
        return []
    failed = outcome.report.with_status(OutcomeStatus.FAILED)
    lines = [f"{o.change.address}: {_flat(o.detail)}" for o in failed[:_SHOWN_FAILURES]]
    if len(failed) > _SHOWN_FAILURES:
        lines.append(f"... and {len(failed) - _SHOWN_FAILURES} more (see --report)")
    return lines


def fleet_document(result: FleetResult) -> dict[str, Any]:
    """The JSON form: the summary and, per member, its status, counts, error and plan."""
    return {
        "format_version": FLEET_FORMAT,
        "summary": _totals(result),
        "stopped": result.stopped,
        "members": [_member_entry(outcome, plan=plan_to_dict) for outcome in result.outcomes],
    }


def _totals(result: FleetResult) -> dict[str, int]:
    return {
        "members": len(result.outcomes),
        "with_changes": sum(outcome.has_changes for outcome in result.outcomes),
        "failed": len(result.failed),
    }


def _member_entry(outcome: MemberOutcome, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": outcome.member.name,
        "location": outcome.member.location,
        "status": outcome.status.value,
        "summary": None,
        "error": None if outcome.error is None else _flat(outcome.error),
    }
    if outcome.plan is not None:
        summary = outcome.plan.summary
        entry["summary"] = {"add": summary.add, "change": summary.change,
                            "destroy": summary.destroy}
    for key, make in extra.items():
        entry[key] = _made(outcome, key, make)
    return entry


def _made(outcome: MemberOutcome, key: str, make: Any) -> Any:
    if key == "plan":
        return None if outcome.plan is None else make(outcome.plan)
    return make(outcome)


def fleet_index(result: FleetResult, plan_files: dict[str, str]) -> dict[str, Any]:
    """``fleet.json``: every member's status and counts, and its plan file's name."""
    return {
        "format_version": FLEET_FORMAT,
        "summary": _totals(result),
        "members": [
            {**_member_entry(outcome), "plan_file": plan_files.get(outcome.member.name)}
            for outcome in result.outcomes
        ],
    }


def fleet_report(result: FleetResult) -> dict[str, Any]:
    """``apply --fleet --report FILE``: each member's outcome and operations."""
    def operations(outcome: MemberOutcome) -> Any:
        if outcome.report is None:
            return None
        return report_document(outcome.report, outcome.member.location)

    return {
        "format_version": FLEET_FORMAT,
        "summary": _totals(result),
        "stopped": result.stopped,
        "members": [_member_entry(o, report=operations) for o in result.outcomes],
    }


def render_fleet_markdown(
    result: FleetResult, out: TextIO, *, max_chars: int = DEFAULT_MAX_CHARS
) -> None:
    """One pull-request comment: the summary table first, then each member's plan folded in
    ``<details>``, the whole under ``max_chars``."""
    head = _markdown_head(result)
    room = max_chars - len(head) - len(_MD_ALL_TRUNCATED)
    parts = [head]
    for outcome in result.outcomes:
        section = _markdown_member(outcome, max(room // max(len(result.outcomes), 1), 2000))
        if len(section) > room:
            parts.append(_MD_ALL_TRUNCATED)
            break
        parts.append(section)
        room -= len(section)
    out.write("".join(parts))


def _markdown_head(result: FleetResult) -> str:
    lines = ["## ghlsync fleet plan", "", _verdict(result), "",
             "| Member | Location | Add | Change | Destroy | Status |",
             "|---|---|---:|---:|---:|---|"]
    lines += ["| " + " | ".join(_cell(i, cell) for i, cell in enumerate(row)) + " |"
              for row in summary_rows(result)]
    return "\n".join(lines) + "\n\n"


def _cell(column: int, cell: str) -> str:
    """Member and location as code, the rest (counts, status) as inert text."""
    return markdown_code(cell) if column < 2 else markdown_text(cell)


def _markdown_member(outcome: MemberOutcome, share: int) -> str:
    member = outcome.member
    name, location = markdown_text(member.name), markdown_text(member.location)
    title = f"<summary><code>{name}</code> ({location}): {outcome.status.value}"
    body = io.StringIO()
    if outcome.plan is not None:
        render_markdown(outcome.plan, body, max_chars=max(share - 300, 1000))
    if outcome.error is not None:
        body.write(f"\n**Error:** {markdown_text(outcome.error)}\n")
    text = body.getvalue()
    if len(text) > share:
        text = _MD_TRUNCATED
    return f"<details>\n{title}</summary>\n\n{text}{_MD_CLOSE}\n"

