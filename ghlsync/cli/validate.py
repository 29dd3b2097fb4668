"""``ghlsync validate``: its options, then ``ghlsync.commands.validate``."""

from __future__ import annotations

from pathlib import Path

import click

from ghlsync.cli.help import command_epilog
from ghlsync.cli.options import color_option, config_option, console_for, format_option
from ghlsync.plumbing.gc_pause import loading_the_command

__all__ = ["command"]


@click.command(
    "validate",
    short_help="Check the file offline (no token, no network).",
    epilog=command_epilog("ghlsync validate crm/ghlsync.yaml ghlsync-staging.yml", token=False),
)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@config_option
@format_option("text", "json")
@color_option
def command(files: tuple[Path, ...], config: Path, output_format: str, color: bool | None) -> int:
    """Check the file offline: schema and semantics, every problem with its line.

    FILES (as pre-commit passes them) are checked each in turn instead of -c's file; the
    exit code is 1 if any is invalid.
    """
    with loading_the_command():
        from ghlsync.commands import validate

    if files:
        return validate.run_each(files, console_for(color), output_format)
    return validate.run(config, console_for(color), output_format)
