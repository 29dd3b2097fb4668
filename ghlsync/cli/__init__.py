"""The ``ghlsync`` command line: it parses, dispatches to ``ghlsync.commands``, and is the one
place errors become exit codes (``ghlsync.exitcodes``).

A command's module is imported only when that command runs, so ``validate`` (run by
pre-commit on every commit) does not load the HTTP client or the sandbox, and ``--version`` or
``--help`` load no configuration models.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ghlsync import exitcodes
from ghlsync.cli.help import TOP_LEVEL_EPILOG, command_epilog, sectioned
from ghlsync.cli.options import (
    color_option,
    common_options,
    config_option,
    console_for,
    env_option,
    fleet_options,
    format_option,
    location_option,
    target_option,
)
from ghlsync.console import Console, wants_color
from ghlsync.errors import GhlsyncError
from ghlsync.plumbing.gc_pause import loading_the_command, pause_for_start_up
from ghlsync.plumbing.interrupts import INTERRUPTS, raise_on_sigterm
from ghlsync.version import __version__

if TYPE_CHECKING:
    from ghlsync.commands.fleet import FleetSelection
    from ghlsync.commands.selection import Selection
    from ghlsync.connection import ConnectionOptions

__all__ = ["entry_point", "main"]

def _selection(
    config: Path, environment: str | None, location: str | None, targets: tuple[str, ...] = ()
) -> Selection:
    """Imported when a command runs: the configuration models are not needed for --version."""
    from ghlsync.commands.selection import Selection

    return Selection(config, environment, location, targets)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=TOP_LEVEL_EPILOG)
@click.version_option(__version__, "--version", prog_name="ghlsync")
def cli() -> None:
    """Keep GoHighLevel associations and relations in version-controlled YAML."""


@cli.command(
    short_help="Check the file offline (no token, no network).",
    epilog=command_epilog("ghlsync validate crm/ghlsync.yaml ghlsync-staging.yml", token=False),
)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@config_option
@format_option("text", "json")
@color_option
def validate(
    files: tuple[Path, ...], config: Path, output_format: str, color: bool | None
) -> int:
    """Check the file offline: schema and semantics, every problem with its line.

    FILES (as pre-commit passes them) are checked each in turn instead of -c's file; the
    exit code is 1 if any is invalid.
    """
    with loading_the_command():
        from ghlsync.commands import validate as command

    if files:
        return command.run_each(files, console_for(color), output_format)
    return command.run(config, console_for(color), output_format)


@cli.command(
    **sectioned(
        short_help="Show what apply would change.",
        epilog=command_epilog(
            "ghlsync plan --env staging --out plan.json --detailed-exitcode",
            exit_codes="changes",
        ),
    )
)
@config_option
@env_option
@location_option
@target_option
@format_option("text", "json", "markdown")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Also save the plan (JSON); with --fleet, a directory: a plan per member + fleet.json.",
)
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes (0 when none)."
)
@common_options
@fleet_options
def plan(
    config: Path,
    environment: str | None,
    location: str | None,
    targets: tuple[str, ...],
    output_format: str,
    out: Path | None,
    detailed_exitcode: bool,
    fleet: FleetSelection | None,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Show what apply would change: read the location, diff it against the file."""
    if fleet is not None:
        with loading_the_command():
            from ghlsync.commands import fleet as fleet_command

        _single_target_options(environment, location, targets)
        return fleet_command.plan(fleet, output_format, out, detailed_exitcode, conn, console)
    if out is not None and out.is_dir():
        raise click.UsageError(f"--out {out} is a directory (a directory is for --fleet)")
    with loading_the_command():
        from ghlsync.commands import plan as command

    output = command.PlanOutput(output_format, out, detailed_exitcode)
    selection = _selection(config, environment, location, targets)
    return command.run(selection, output, conn, console)


@cli.command(
    **sectioned(
        short_help="Make the location match the file.",
        epilog=command_epilog("ghlsync apply plan.json --report apply-report.json"),
    )
)
@click.argument("planfile", required=False, type=click.Path(path_type=Path))
@config_option
@env_option
@location_option
@target_option
@click.option("--auto-approve", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--allow-destroy", is_flag=True, help="Allow association deletes/replacements, mass deletes."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the JSON apply report: each operation done, failed or not done, with ids.",
)
@click.option(
    "--canary",
    multiple=True,
    metavar="NAME|GROUP",
    help="With --fleet: apply and verify these members first; the rest only if they succeed.",
)
@click.option(
    "--max-failures",
    type=click.IntRange(1),
    help="With --fleet: start no more members once this many have failed (default: no limit).",
)
@common_options
@fleet_options
def apply(
    planfile: Path | None,
    config: Path,
    environment: str | None,
    location: str | None,
    targets: tuple[str, ...],
    auto_approve: bool,
    allow_destroy: bool,
    report: Path | None,
    canary: tuple[str, ...],
    max_failures: int | None,
    fleet: FleetSelection | None,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Make the location match the file, or apply a reviewed PLANFILE if it is still exact."""
    if fleet is not None:
        with loading_the_command():
            from ghlsync.commands import fleet as fleet_command

        _single_target_options(environment, location, targets)
        if planfile is not None and not planfile.is_dir():
            raise click.UsageError("with --fleet, PLANFILE is the directory of plan --fleet --out")
        fleet_options = fleet_command.FleetApply(
            auto_approve, allow_destroy, canary, max_failures, report
        )
        return fleet_command.apply(fleet, fleet_options, conn, console, planfile)
    if canary or max_failures is not None:
        raise click.UsageError("--canary and --max-failures need --fleet")
    if planfile is not None and planfile.is_dir():
        raise click.UsageError(f"{planfile} is a directory: a fleet's saved plans need --fleet")
    with loading_the_command():
        from ghlsync.commands import apply as command

    options = command.ApplyOptions(planfile, auto_approve, allow_destroy, report)
    selection = _selection(config, environment, location, targets)
    return command.run(selection, options, conn, console)


@cli.command(
    short_help="Render a saved plan offline.",
    epilog=command_epilog("ghlsync show plan.json --format markdown", token=False),
)
@click.argument("planfile", type=click.Path(dir_okay=False, path_type=Path))
@format_option("text", "json", "markdown")
@color_option
def show(planfile: Path, output_format: str, color: bool | None) -> int:
    """Render a saved plan (plan --out) offline: no token, no network."""
    with loading_the_command():
        from ghlsync.commands import show as command

    return command.run(planfile, output_format, console_for(color))


@cli.command(
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
def graph(config: Path, output_format: str) -> int:
    """Print a Mermaid diagram of the objects and declared associations."""
    with loading_the_command():
        from ghlsync.commands import graph as command

    return command.run(config, console_for(color=False), output_format)


@cli.command(
    **sectioned(
        short_help="Write the live state as a ghlsync.yaml.",
        epilog=command_epilog("ghlsync export --record c_123 -o ghlsync.yaml"),
    )
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
def export(conn: ConnectionOptions, console: Console, **options: Any) -> int:
    """Write the live state as a ghlsync.yaml."""
    with loading_the_command():
        from ghlsync.commands import export as command

    return command.run(command.ExportOptions(**options), conn, console)


@cli.command(
    **sectioned(
        short_help="Compare two live locations.",
        epilog=command_epilog("ghlsync diff --env staging --env production", exit_codes="differ"),
    )
)
@config_option
@click.option("--env", "environments", multiple=True, help="Two environments to compare.")
@click.option("--location", "locations", multiple=True, help="Two locations to compare.")
@format_option("text", "json")
@common_options
def diff(
    config: Path,
    environments: tuple[str, ...],
    locations: tuple[str, ...],
    output_format: str,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Compare two live locations: associations, and relations by alias (exit 2 if they differ)."""
    with loading_the_command():
        from ghlsync.commands import diff as command

    return command.run(config, environments, locations, conn, console, output_format)


@cli.command(
    **sectioned(
        short_help="Check the token, scopes and answers before the first plan (read-only).",
        epilog=command_epilog("ghlsync doctor --env production"),
    )
)
@config_option
@env_option
@location_option
@format_option("text", "json")
@common_options
@fleet_options
def doctor(
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

        _single_target_options(environment, location, ())
        return fleet_command.doctor(fleet, output_format, conn, console)
    with loading_the_command():
        from ghlsync.commands import doctor as command

    selection = _selection(config, environment, location)
    return command.run(selection, output_format, conn, console)


@cli.command(
    short_help="Print the configuration file's JSON Schema.",
    epilog=command_epilog("ghlsync schema > ghlsync.schema.json", token=False),
)
@click.option("--plan", is_flag=True, help="The plan file's schema (`plan --out`) instead.")
def schema(plan: bool) -> int:
    """Print the configuration file's JSON Schema (for editors and other tools)."""
    with loading_the_command():
        from ghlsync.commands import schema as command

    return command.run(plan, console_for(color=False))


@cli.group(short_help="The embedded GHL sandbox (testing).")
def sandbox() -> None:
    """The embedded GHL sandbox: a simulated location for tests and trying ghlsync out."""


@sandbox.command(
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
def sandbox_serve(no_retry_after: bool, **options: Any) -> int:
    """Serve the sandbox over HTTP on loopback (point --base-url at it)."""
    with loading_the_command():
        from ghlsync.commands import sandbox as command

    return command.run(send_retry_after=not no_retry_after, **options)


def _single_target_options(
    environment: str | None, location: str | None, targets: tuple[str, ...]
) -> None:
    """--env, --location and --target name one location: not a fleet's members."""
    if environment or location or targets:
        raise click.UsageError("--env, --location and --target do not go with --fleet "
                               "(choose members with --only NAME|GROUP)")


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
