"""``plan --fleet``, ``apply --fleet`` and ``doctor --fleet``: the command-line face of
:mod:`ghlsync.fleet` (render, write files, exit codes)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ghlsync import engine, exitcodes
from ghlsync.connection import ConnectionOptions
from ghlsync.console import Console
from ghlsync.errors import UsageError
from ghlsync.fleet import (
    DEFAULT_MEMBERS_AT_ONCE,
    FLEET_INDEX,
    FleetConnection,
    FleetResult,
    FleetRun,
    Member,
    MemberOutcome,
    all_members,
    apply_fleet,
    declared_members,
    fleet_document,
    fleet_index,
    fleet_report,
    member_document,
    named_members,
    parse_shard,
    plan_fleet,
    render_fleet_markdown,
    render_fleet_text,
    select,
)
from ghlsync.kinds.file import ConfigDocument, load_document
from ghlsync.render import check_writable, dump_json, write_text_atomically

if TYPE_CHECKING:
    from ghlsync.engine import Checkup

__all__ = ["FleetApply", "FleetSelection", "apply", "doctor", "plan"]

@dataclass(frozen=True, slots=True)
class FleetSelection:
    """``-c FILE --fleet [--only NAME|GROUP ...] [--shard I/N]``."""

    config: Path
    only: tuple[str, ...] = ()
    shard: str | None = None
    members_at_once: int = DEFAULT_MEMBERS_AT_ONCE

    def document(self) -> ConfigDocument:
        document = load_document(self.config, fleet=True)
        if document.fleet is None:
            raise UsageError(f"{self.config} declares no fleet: add a 'fleet:' section "
                             "(README, \"Fleets\")")
        return document

    def members(self, document: ConfigDocument, connection: FleetConnection) -> list[Member]:
        fleet = document.fleet
        assert fleet is not None
        shard = parse_shard(self.shard) if self.shard is not None else None
        listed = declared_members(fleet) or all_members(connection.sub_accounts())
        chosen = select(listed, fleet.groups, self.only, shard)
        if not chosen:
            raise UsageError("no fleet member is selected (check --only and --shard)")
        return chosen


@dataclass(frozen=True, slots=True)
class FleetApply:
    auto_approve: bool = False
    allow_destroy: bool = False
    canary: tuple[str, ...] = ()
    max_failures: int | None = None
    report: Path | None = None


def _saved_plans(directory: Path) -> dict[str, engine.Plan]:
    """The member plans ``plan --fleet --out DIR`` wrote, by member name (from fleet.json)."""
    index_path = directory / FLEET_INDEX
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
        entries = [(str(m["name"]), m.get("plan_file")) for m in index["members"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsageError(f"{index_path}: not a fleet index written by plan --fleet --out "
                         f"({type(error).__name__}); nothing was sent") from None
    plans = {}
    for name, plan_file in entries:
        if isinstance(plan_file, str) and plan_file == f"{name}.json":
            plans[name] = engine.read_plan(directory / plan_file)
    return plans


@contextmanager
def _fleet_run(
    selection: FleetSelection, conn: ConnectionOptions, saved: dict[str, engine.Plan] | None = None
) -> Iterator[FleetRun]:
    if selection.shard is not None:
        parse_shard(selection.shard)
    document = selection.document()
    assert document.fleet is not None
    with FleetConnection(conn, document.fleet) as connection, engine.stop_on_sigint(
        threading.Event()
    ) as stop:
        members = selection.members(document, connection)
        if saved is not None:
            members = [member for member in members if member.name in saved]
            if not members:
                raise UsageError("the saved plans name none of the selected members")
        yield FleetRun(document, members, connection, members_at_once=selection.members_at_once,
                       stop=stop)


def plan(
    selection: FleetSelection,
    output_format: str,
    out: Path | None,
    detailed_exitcode: bool,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """``plan --fleet``: every member's plan, the summary table; exit 1 if any failed."""
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: with --fleet, --out names a directory")
    with _fleet_run(selection, conn) as run:
        result = plan_fleet(run)
    _render(result, output_format, console)
    if out is not None:
        _write_plans(result, out)
        console.note(f"Saved {len(result.outcomes)} member plan(s) and {FLEET_INDEX} to {out}")
    if result.interrupted:
        return exitcodes.INTERRUPTED
    if result.failed:
        return exitcodes.ERROR
    return exitcodes.CHANGES if detailed_exitcode and result.has_changes else exitcodes.OK


def _render(result: FleetResult, output_format: str, console: Console) -> None:
    if output_format == "json":
        console.out.write(dump_json(fleet_document(result)))
    elif output_format == "markdown":
        render_fleet_markdown(result, console.out)
    else:
        render_fleet_text(result, console.out, color=console.color)


def _write_plans(result: FleetResult, out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create {out}: {error.strerror}") from None
    files: dict[str, str] = {}
    for outcome in result.outcomes:
        if outcome.plan is not None:
            files[outcome.member.name] = f"{outcome.member.name}.json"
            engine.write_plan(outcome.plan, out / files[outcome.member.name])
    write_text_atomically(out / FLEET_INDEX, dump_json(fleet_index(result, files)))


def apply(
    selection: FleetSelection,
    options: FleetApply,
    conn: ConnectionOptions,
    console: Console,
    saved_dir: Path | None = None,
) -> int:
    """``apply --fleet [DIR]``: all plans and gates first, canaries, the rest; exit 1 if any
    failed. With DIR (``plan --fleet --out DIR``) its members' reviewed plans are applied,
    each only if planning again gives it exactly, and nobody is asked."""
    check_writable(options.report, "the apply report")
    saved = _saved_plans(saved_dir) if saved_dir is not None else None
    with _fleet_run(selection, conn, saved) as run:
        canary = [m.name for m in named_members(run.members, _groups(run), options.canary)]
        result = apply_fleet(
            run,
            allow_destroy=options.allow_destroy,
            canary=canary if options.canary else (),
            max_failures=options.max_failures,
            approve=_approval(console, options.auto_approve or saved is not None),
            saved=saved,
        )
    render_fleet_text(result, console.out, color=console.color)
    if options.report is not None:
        write_text_atomically(options.report, dump_json(fleet_report(result)))
    if result.interrupted:
        return exitcodes.INTERRUPTED
    return exitcodes.OK if result.ok else exitcodes.ERROR


def _groups(run: FleetRun) -> dict[str, list[str]]:
    fleet = run.document.fleet
    return {} if fleet is None else dict(fleet.groups)


def _approval(console: Console, auto_approve: bool) -> Callable[[list[MemberOutcome]], None]:
    def approve(planned: list[MemberOutcome]) -> None:
        if not any(outcome.has_changes for outcome in planned):
            return
        changed = [o.member.name for o in planned if o.has_changes]
        console.print(f"Members with changes: {', '.join(changed)}")
        console.confirm(sys.stdin, auto_approve)

    return approve


def doctor(
    selection: FleetSelection, output_format: str, conn: ConnectionOptions, console: Console
) -> int:
    """``doctor --fleet``: each member's token and scopes; exit 1 if any member fails."""
    with _fleet_run(selection, conn) as run:
        tasks = [_checkup_task(run, member) for member in run.members]
        outcome = engine.run_tasks(tasks, run.members_at_once, stop=run.stop)
    rows = [
        _MemberCheckup(member, result.value, None if result.error is None else str(result.error))
        for member, result in zip(run.members, outcome.results, strict=True)
    ]
    if output_format == "json":
        console.out.write(dump_json({"members": [row.to_dict() for row in rows]}))
    else:
        _render_checkups(rows, console)
    return exitcodes.OK if all(row.passed for row in rows) else exitcodes.ERROR


@dataclass(frozen=True, slots=True)
class _MemberCheckup:
    member: Member
    checkup: Checkup | None
    error: str | None

    @property
    def passed(self) -> bool:
        return self.checkup is not None and self.checkup.passed

    def to_dict(self) -> dict[str, object]:
        from ghlsync.render import checkup_to_dict

        checkup = None if self.checkup is None else checkup_to_dict(self.checkup)
        return {"name": self.member.name, "location": self.member.location,
                "passed": self.passed, "error": self.error, "checkup": checkup}


def _checkup_task(run: FleetRun, member: Member) -> Callable[[], Checkup]:
    def task() -> Checkup:
        document = member_document(run.document, member, run.environ)
        client = run.connection.client(
            member, read_only=True, parallelism=run.member_parallelism
        )
        return engine.examine_member(document, client)

    return task


def _render_checkups(rows: list[_MemberCheckup], console: Console) -> None:
    from ghlsync.render import render_checkup

    for row in rows:
        console.out.write(f"\n== {row.member.name} ({row.member.location}) ==\n")
        if row.checkup is not None:
            render_checkup(row.checkup, console.out, color=console.color)
        else:
            console.out.write(f"Error: {row.error}\n")
    failed = [row.member.name for row in rows if not row.passed]
    listed = f": {', '.join(failed)}" if failed else ""
    console.out.write(f"\nFleet doctor: {len(rows)} member(s), {len(failed)} failing{listed}\n")
