"""``ghlsync export``: its options, then ``ghlsync.commands.export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ghlsync.cli.help import command_epilog, sectioned
from ghlsync.cli.options import common_options, config_option, env_option, location_option
from ghlsync.console import Console
from ghlsync.plumbing.gc_pause import loading_the_command

if TYPE_CHECKING:
    from ghlsync.connection import ConnectionOptions

__all__ = ["command"]


@click.command(
    "export",
    **sectioned(
        short_help="Write the live state as a ghlsync.yaml.",
        epilog=command_epilog("ghlsync export --record c_123 -o ghlsync.yaml"),
    ),
)
@config_option
@env_option
@location_option
@click.option("--record", "records", multiple=True, help="A record whose relations to export.")
@click.option(
    "--records-from",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Export the records (and aliases) an existing file names.",
)
@click.option(
    "--natural-keys",
    is_flag=True,
    help="Name records by a unique email or name (not by id), so the file fits other locations.",
)
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="OBJECT=PROPERTY",
    help="With --natural-keys: the property naming OBJECT's records "
    "(e.g. custom_objects.property=mls_number).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the file here instead of stdout (an existing file needs --force).",
)
@click.option("--force", is_flag=True, help="With -o: overwrite an existing file.")
@common_options
def command(conn: ConnectionOptions, console: Console, **options: Any) -> int:
    """Write the live state as a ghlsync.yaml."""
    with loading_the_command():
        from ghlsync.commands import export

    return export.run(export.ExportOptions(**options), conn, console)
