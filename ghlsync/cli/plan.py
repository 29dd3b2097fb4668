"""``ghlsync plan``: its options, then ``ghlsync.commands.plan`` (or the fleet's)."""

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
    format_option,
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
    "plan",
    **sectioned(
        short_help="Show what apply would change.",
        epilog=command_epilog(
            "ghlsync plan --env staging --out plan.json --detailed-exitcode",
            exit_codes="changes",
        ),
    ),
)
@config_option
@env_option
@location_option
@target_option
@format_option("text", "json", "markdown")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Also save the plan (JSON); with --fleet, a directory: a plan per member + fleet.json.",
)
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes (0 when none)."
)
@common_options
@fleet_options
def command(
    config: Path,
    environment: str | None,
    location: str | None,
    targets: tuple[str, ...],
    output_format: str,
    out: Path | None,
    detailed_exitcode: bool,
    fleet: FleetSelection | None,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Show what apply would change: read the location, diff it against the file."""
    if fleet is not None:
        with loading_the_command():
            from ghlsync.commands import fleet as fleet_command

        single_target_options(environment, location, targets)
        return fleet_command.plan(fleet, output_format, out, detailed_exitcode, conn, console)
    if out is not None and out.is_dir():
        raise click.UsageError(f"--out {out} is a directory (a directory is for --fleet)")
    with loading_the_command():
        from ghlsync.commands import plan

    output = plan.PlanOutput(output_format, out, detailed_exitcode)
    return plan.run(selection(config, environment, location, targets), output, conn, console)
