"""``ghlsync diff``: its options, then ``ghlsync.commands.diff``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ghlsync.cli.help import command_epilog, sectioned
from ghlsync.cli.options import common_options, config_option, format_option
from ghlsync.console import Console
from ghlsync.plumbing.gc_pause import loading_the_command

if TYPE_CHECKING:
    from ghlsync.connection import ConnectionOptions

__all__ = ["command"]


@click.command(
    "diff",
    **sectioned(
        short_help="Compare two live locations.",
        epilog=command_epilog("ghlsync diff --env staging --env production", exit_codes="differ"),
    ),
)
@config_option
@click.option("--env", "environments", multiple=True, help="Two environments to compare.")
@click.option("--location", "locations", multiple=True, help="Two locations to compare.")
@format_option("text", "json")
@common_options
def command(
    config: Path,
    environments: tuple[str, ...],
    locations: tuple[str, ...],
    output_format: str,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Compare two live locations: associations, and relations by alias (exit 2 if they differ)."""
    with loading_the_command():
        from ghlsync.commands import diff

    return diff.run(config, environments, locations, conn, console, output_format)
