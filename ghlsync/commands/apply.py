"""``ghlsync apply [PLANFILE]``: plan, check, confirm, execute, verify.

Both ways in run the same pipeline. With a PLANFILE the configuration must be the one the
plan was made from, the fresh plan must equal the saved one, and nobody is asked: it was
reviewed already. The file never decides what is done (docs/design.md, "Saved plans").
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ghlsync import engine, exitcodes
from ghlsync.commands.saved import (
    check_configuration,
    check_location,
    saved_environment,
    saved_targets,
)
from ghlsync.commands.selection import Selection
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.errors import ApplyError
from ghlsync.render import (
    append_step_summary,
    check_writable,
    done_counts,
    plan_summary,
    render_text,
    report_summary,
    write_report,
)

if TYPE_CHECKING:
    from ghlsync.connection import GhlClient
    from ghlsync.engine import ApplyReport, DesiredState, LiveState, Plan

__all__ = ["ApplyOptions", "run"]


@dataclass(frozen=True, slots=True)
class ApplyOptions:
    planfile: Path | None = None
    auto_approve: bool = False
    allow_destroy: bool = False
    report: Path | None = None


def run(
    selection: Selection, options: ApplyOptions, conn: ConnectionOptions, console: Console
) -> int:
    check_writable(options.report, "the apply report")
    saved = engine.read_plan(options.planfile) if options.planfile is not None else None
    if saved is not None:
        selection = selection.with_environment(saved_environment(selection, saved))
        selection = selection.with_targets(saved_targets(selection, saved))
    doc = selection.document()
    location_id, token_env, _ = selection.access(doc)  # apply writes: not the read token
    if saved is not None:
        check_location(saved, location_id)
    with connect(conn, location_id, token_env) as client:
        resolved = selection.resolved(doc, client)
        if saved is not None:
            engine.check_same_resolution(saved.resolved, resolved.desired.resolved)
            check_configuration(saved, resolved)
        return _apply(client, resolved.desired, saved, options, console)


def _apply(
    client: GhlClient,
    desired: DesiredState,
    saved: Plan | None,
    options: ApplyOptions,
    console: Console,
) -> int:
    with console.reading(client):
        the_plan, live = engine.plan(client, desired)
    if saved is not None:
        engine.check_same_plan(saved, the_plan)
    render_text(_as_shown(the_plan, options.allow_destroy), console.out, color=console.color)
    if not the_plan.has_changes:
        write_report(options.report, engine.ApplyReport(), the_plan.location_id)
        append_step_summary(functools.partial(plan_summary, the_plan, "ghlsync apply"))
        return exitcodes.OK
    engine.gate([the_plan], options.allow_destroy)
    engine.refuse_without(the_plan, client.has_agency_token)
    _warn_daily_quota(the_plan, client, console)
    if saved is None:
        console.confirm(sys.stdin, options.auto_approve)
    report = _execute(the_plan, client, live, options, console)
    if report.interrupted:
        return exitcodes.INTERRUPTED
    _verify(client, desired, console, report, (the_plan, live))
    console.report(report)
    _say_what_matches(the_plan.targets, console)
    return exitcodes.OK


def _as_shown(the_plan: Plan, allow_destroy: bool) -> Plan:
    """With --allow-destroy given, the warnings that it will be needed are noise."""
    if not allow_destroy:
        return the_plan
    needed = set(engine.warnings_for(the_plan.needs_allow_destroy))
    return replace(the_plan, warnings=tuple(w for w in the_plan.warnings if w not in needed))


def _execute(
    the_plan: Plan, client: GhlClient, live: LiveState, options: ApplyOptions, console: Console
) -> ApplyReport:
    """Apply and write the report; an incomplete apply is an error. A complete one's verdict
    waits for the verification."""
    with console.progress(len(the_plan.changes)) as advance:
        report = engine.apply(client, the_plan, live, on_outcome=advance)
    if not report.complete:
        console.report(report)
    for note in report.notes:
        console.warn(note)
    write_report(options.report, report, the_plan.location_id)
    append_step_summary(
        lambda: plan_summary(the_plan, "ghlsync apply: plan") + report_summary(report)
    )
    if not report.complete and not report.interrupted:
        raise ApplyError("some operations failed or were skipped (listed above)")
    return report


def _warn_daily_quota(the_plan: Plan, client: GhlClient, console: Console) -> None:
    """Before applying: will the writes and the verification reads fit in today's quota?"""
    reads = engine.verification_reads(the_plan)
    warning = engine.daily_quota_warning(the_plan, client.pacer.daily_remaining, reads)
    if warning is not None:
        console.warn(warning)


def _verify(
    client: GhlClient,
    desired: DesiredState,
    console: Console,
    report: ApplyReport,
    applied: tuple[Plan, LiveState],
) -> None:
    """Re-read what the apply wrote and plan again: an empty plan means it matches the file
    (within ``--target``, when given)."""
    console.print("\nVerifying: reading the location again where it was written...")
    with console.reading(client):
        remaining = engine.verify(client, desired, applied)
    if remaining.has_changes:
        console.print(f"\n{done_counts('Applied:', report)}")
        console.print("The location does not match the configuration after applying:")
        render_text(remaining, console.out, color=console.color)
        raise ApplyError("the location does not match the file after apply (see above)")


def _say_what_matches(targets: tuple[str, ...], console: Console) -> None:
    """The verdict; with ``--target`` only that part was applied and verified (Terraform warns
    the same way)."""
    if not targets:
        console.print("The location now matches the configuration.")
        return
    named = ", ".join(targets)
    console.print(f"The targeted part of the location ({named}) now matches the configuration.")
    console.warn(
        f"only --target {named} was applied; other changes the configuration asks for were "
        "not planned nor applied. Run `ghlsync plan` without --target to see them."
    )
