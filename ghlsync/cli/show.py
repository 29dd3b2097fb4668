"""``ghlsync show``: its options, then ``ghlsync.commands.show``."""

from __future__ import annotations

from pathlib import Path

import click

from ghlsync.cli.help import command_epilog
from ghlsync.cli.options import color_option, console_for, format_option
from ghlsync.plumbing.gc_pause import loading_the_command

__all__ = ["command"]


@click.command(
    "show",
    short_help="Render a saved plan offline.",
    epilog=command_epilog("ghlsync show plan.json --format markdown", token=False),
)
@click.argument("planfile", type=click.Path(dir_okay=False, path_type=Path))
@format_option("text", "json", "markdown")
@color_option
def command(planfile: Path, output_format: str, color: bool | None) -> int:
    """Render a saved plan (plan --out) offline: no token, no network."""
    with loading_the_command():
        from ghlsync.commands import show

    return show.run(planfile, output_format, console_for(color))
