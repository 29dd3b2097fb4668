"""``ghlsync schema``: its options, then ``ghlsync.commands.schema``."""

from __future__ import annotations

import click

from ghlsync.cli.help import command_epilog
from ghlsync.cli.options import console_for
from ghlsync.plumbing.gc_pause import loading_the_command

__all__ = ["command"]


@click.command(
    "schema",
    short_help="Print the configuration file's JSON Schema.",
    epilog=command_epilog("ghlsync schema > ghlsync.schema.json", token=False),
)
@click.option("--plan", is_flag=True, help="The plan file's schema (`plan --out`) instead.")
def command(plan: bool) -> int:
    """Print the configuration file's JSON Schema (for editors and other tools)."""
    with loading_the_command():
        from ghlsync.commands import schema

    return schema.run(plan, console_for(color=False))
