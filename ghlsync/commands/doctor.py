"""``ghlsync doctor``: the read-only first-contact check, a handful of GETs (docs/design.md)."""

from __future__ import annotations

from ghlsync import exitcodes
from ghlsync.commands.selection import Selection
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.engine.doctor import Examined, examine, file_target, location_only
from ghlsync.errors import UsageError
from ghlsync.render import render_checkup, render_checkup_json

__all__ = ["run"]


def run(selection: Selection, output_format: str, conn: ConnectionOptions, console: Console) -> int:
    examined = _examined(selection)
    access = examined.access
    with connect(
        conn, access.location_id, access.token_env, read_token_env=access.read_token_env
    ) as client:
        checkup = examine(client, examined)
    if output_format == "json":
        render_checkup_json(checkup, console.out)
    else:
        render_checkup(checkup, console.out, color=console.color)
    return exitcodes.OK if checkup.passed else exitcodes.ERROR


def _examined(selection: Selection) -> Examined:
    """The file's location and needs; ``--location`` alone (no file) checks the basics only."""
    if not selection.config.exists() and selection.location and not selection.environment:
        return location_only(selection.location)
    if not selection.config.exists():
        raise UsageError(f"{selection.config} does not exist: pass -c FILE, or --location ID alone")
    return file_target(selection.document(), selection.environment, selection.location)
