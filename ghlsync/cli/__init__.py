"""The ``ghlsync`` command line: it parses, dispatches to ``ghlsync.commands``, and is the one
place errors become exit codes (``ghlsync.exitcodes``).

Each command's options live in its own module here (``ghlsync/cli/<command>.py``), built only
when the command is named (``cli/lazy.py``), and each imports its ``ghlsync.commands`` module
only when it runs: ``validate`` (run by pre-commit on every commit) builds no other command
and loads no HTTP client or sandbox, and ``--version`` or ``--help`` load no configuration
models.
"""

from __future__ import annotations

import os
import sys

import click

from ghlsync import exitcodes
from ghlsync.cli.help import TOP_LEVEL_EPILOG
from ghlsync.cli.lazy import LazyCommands
from ghlsync.console import Console, wants_color
from ghlsync.errors import GhlsyncError
from ghlsync.plumbing.gc_pause import pause_for_start_up
from ghlsync.plumbing.interrupts import INTERRUPTS, raise_on_sigterm
from ghlsync.version import __version__

__all__ = ["COMMANDS", "cli", "entry_point", "main"]

COMMANDS = (
    "apply", "diff", "doctor", "export", "graph", "plan", "sandbox", "schema", "show", "validate",
)
"""Each is ``ghlsync/cli/<name>.py``'s ``command``."""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=TOP_LEVEL_EPILOG,
    commands=LazyCommands({name: f"{__name__}.{name}" for name in COMMANDS}),
)
@click.version_option(__version__, "--version", prog_name="ghlsync")
def cli() -> None:
    """Keep GoHighLevel associations and relations in version-controlled YAML."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code instead of exiting."""
    console = Console(color=wants_color(sys.stderr, _color_choice(argv or [])))
    raise_on_sigterm()
    try:
        result = cli.main(args=argv, prog_name="ghlsync", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        console.error("terminated (SIGTERM)" if INTERRUPTS.terminated else "interrupted")
        return _interrupted()
    except click.ClickException as error:
        error.show()
        return exitcodes.ERROR
    except GhlsyncError as error:
        console.error(str(error))
        return exitcodes.ERROR
    if result == exitcodes.INTERRUPTED:
        return _interrupted()
    return result if isinstance(result, int) else exitcodes.OK


def _interrupted() -> int:
    """130 after Ctrl-C, 143 after SIGTERM (a CI job cancelled or timed out)."""
    return exitcodes.TERMINATED if INTERRUPTS.terminated else exitcodes.INTERRUPTED


def _color_choice(argv: list[str]) -> bool | None:
    """--color or --no-color from the raw arguments (errors can come before parsing)."""
    flags = [arg for arg in argv if arg in ("--color", "--no-color")]
    return flags[-1] == "--color" if flags else None


def entry_point() -> None:
    """The ``ghlsync`` process (and ``python -m ghlsync``): start-up runs with the collector
    paused until the command's modules are loaded (``ghlsync.plumbing.gc_pause``), and without
    pydantic's plugins unless ``PYDANTIC_DISABLE_PLUGINS`` is set (docs/design.md, "Start-up")."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    pause_for_start_up()
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    entry_point()
