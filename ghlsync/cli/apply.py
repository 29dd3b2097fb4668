"""``ghlsync apply``: its options, then ``ghlsync.commands.apply`` (or the fleet's)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ghlsync.cli.help import command_epilog, sectioned
from ghlsync.cli.options import (
    common_options,
    config_option,
    env_option,
    fleet_options,
    location_option,
    selection,
    single_target_options,
    target_option,
)
from ghlsync.console import Console
from ghlsync.plumbing.gc_pause import loading_the_command

if TYPE_CHECKING:
    from ghlsync.commands.fleet import FleetSelection
    from ghlsync.connection import ConnectionOptions

__all__ = ["command"]


@click.command(
    "apply",
    **sectioned(
        short_help="Make the location match the file.",
        epilog=command_epilog("ghlsync apply plan.json --report apply-report.json"),
    ),
)
@click.argument("planfile", required=False, type=click.Path(path_type=Path))
@config_option
@env_option
@location_option
@target_option
@click.option("--auto-approve", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--allow-destroy", is_flag=True, help="Allow association deletes/replacements, mass deletes."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the JSON apply report: each operation done, failed or not done, with ids.",
)
@click.option(
    "--canary",
    multiple=True,
    metavar="NAME|GROUP",
    help="With --fleet: apply and verify these members first; the rest only if they succeed.",
)
@click.option(
    "--max-failures",
    type=click.IntRange(1),
    help="With --fleet: start no more members once this many have failed (default: no limit).",
)
@common_options
@fleet_options
def command(
    planfile: Path | None,
    config: Path,
    environment: str | None,
    location: str | None,
    targets: tuple[str, ...],
    auto_approve: bool,
    allow_destroy: bool,
    report: Path | None,
    canary: tuple[str, ...],
    max_failures: int | None,
    fleet: FleetSelection | None,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Make the location match the file, or apply a reviewed PLANFILE if it is still exact."""
    if fleet is not None:
        with loading_the_command():
            from ghlsync.commands import fleet as fleet_command

        single_target_options(environment, location, targets)
        if planfile is not None and not planfile.is_dir():
            raise click.UsageError("with --fleet, PLANFILE is the directory of plan --fleet --out")
        fleet_options = fleet_command.FleetApply(
            auto_approve, allow_destroy, canary, max_failures, report
        )
        return fleet_command.apply(fleet, fleet_options, conn, console, planfile)
    if canary or max_failures is not None:
        raise click.UsageError("--canary and --max-failures need --fleet")
    if planfile is not None and planfile.is_dir():
        raise click.UsageError(f"{planfile} is a directory: a fleet's saved plans need --fleet")
    with loading_the_command():
        from ghlsync.commands import apply

    options = apply.ApplyOptions(planfile, auto_approve, allow_destroy, report)
    return apply.run(selection(config, environment, location, targets), options, conn, console)
