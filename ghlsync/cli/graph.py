"""``ghlsync graph``: its options, then ``ghlsync.commands.graph``."""

from __future__ import annotations

from pathlib import Path

import click

from ghlsync.cli.help import command_epilog
from ghlsync.cli.options import config_option, console_for
from ghlsync.plumbing.gc_pause import loading_the_command

__all__ = ["command"]


@click.command(
    "graph",
    short_help="Print a Mermaid diagram of the associations.",
    epilog=command_epilog("ghlsync graph --format markdown >> README.md", token=False),
)
@config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "markdown"]),
    default="mermaid",
    show_default=True,
    help="Bare Mermaid, or wrapped in a ```mermaid fence for a README or a pull request.",
)
def command(config: Path, output_format: str) -> int:
    """Print a Mermaid diagram of the objects and declared associations."""
    with loading_the_command():
        from ghlsync.commands import graph

    return graph.run(config, console_for(color=False), output_format)
