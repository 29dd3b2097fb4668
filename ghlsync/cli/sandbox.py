"""``ghlsync sandbox serve``: its options, then ``ghlsync.commands.sandbox``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ghlsync.cli.help import command_epilog
from ghlsync.plumbing.gc_pause import loading_the_command

__all__ = ["command"]


@click.group("sandbox", short_help="The embedded GHL sandbox (testing).")
def command() -> None:
    """The embedded GHL sandbox: a simulated location for tests and trying ghlsync out."""


@command.command(
    "serve",
    short_help="Serve the sandbox over HTTP on loopback.",
    epilog=command_epilog("ghlsync sandbox serve --state sandbox.json --port 8765", token=False),
)
@click.option(
    "--state", type=click.Path(dir_okay=False, path_type=Path), help="JSON state file to keep."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address only.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="TCP port (0 picks a free one).",
)
@click.option("--latency-ms", type=click.FloatRange(0), default=0.0, help="Added per request.")
@click.option("--jitter-ms", type=click.FloatRange(0), default=0.0, help="Random extra latency.")
@click.option("--fault-rate", type=click.FloatRange(0, 1), default=0.0, help="Transient faults.")
@click.option("--lost-rate", type=click.FloatRange(0, 1), default=0.0, help="Lost write answers.")
@click.option("--seed", type=int, default=0, help="Seed for reproducible faults.")
@click.option("--rate", metavar="N/MS", default="100/10000", show_default=True, help="Rate limit.")
@click.option("--no-retry-after", is_flag=True, help="Send 429s without Retry-After.")
@click.option(
    "--shape",
    default="captured",
    show_default=True,
    help="Answer shape: captured (as real locations answer), or spec, wrapped, terse, minimal.",
)
def serve(no_retry_after: bool, **options: Any) -> int:
    """Serve the sandbox over HTTP on loopback (point --base-url at it)."""
    with loading_the_command():
        from ghlsync.commands import sandbox

    return sandbox.run(send_retry_after=not no_retry_after, **options)
