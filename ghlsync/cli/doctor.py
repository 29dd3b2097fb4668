"""``ghlsync doctor``: its options, then ``ghlsync.commands.doctor`` (or the fleet's)."""

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
)
from ghlsync.console import Console
from ghlsync.plumbing.gc_pause import loading_the_command

if TYPE_CHECKING:
    from ghlsync.commands.fleet import FleetSelection
    from ghlsync.connection import ConnectionOptions

__all__ = ["command"]


@click.command(
    "doctor",
    **sectioned(
        short_help="Check the token, scopes and answers before the first plan (read-only).",
        epilog=command_epilog("ghlsync doctor --env production"),
    ),
)
@config_option
@env_option
@location_option
@format_option("text", "json")
@common_options
@fleet_options
def command(
    config: Path,
    environment: str | None,
    location: str | None,
    output_format: str,
    fleet: FleetSelection | None,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Check the token, scopes, rate limits and answer shapes the file needs: GETs only."""
    if fleet is not None:
        with loading_the_command():
            from ghlsync.commands import fleet as fleet_command

        single_target_options(environment, location, ())
        return fleet_command.doctor(fleet, output_format, conn, console)
    with loading_the_command():
        from ghlsync.commands import doctor

    return doctor.run(selection(config, environment, location), output_format, conn, console)
