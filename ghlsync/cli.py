"""The ``ghlsync`` command line: ``main(argv) -> int`` and the one place errors become exit codes.

Exit codes (SPEC §2): 0 success; 1 any error, including usage errors; 2 only for
``plan --detailed-exitcode`` with changes and ``diff`` with differences; 130 on Ctrl-C.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ghlsync import __version__
from ghlsync.client import GhlClient
from ghlsync.compare import compare_locations, render_comparison
from ghlsync.config import check_all_environments, declared_associations, load_document
from ghlsync.config.interpolation import PlaceholderEnviron
from ghlsync.connection import DEFAULT_PARALLELISM, ConnectionOptions, connect
from ghlsync.console import Console, wants_color
from ghlsync.errors import ApplyError, GhlsyncError
from ghlsync.graph import render_mermaid, render_mermaid_for_plan
from ghlsync.model import DesiredState, LiveState
from ghlsync.plan import AssociationChange, Plan
from ghlsync.planfile import read_plan, write_plan
from ghlsync.promotion import (
    comparison_sides,
    export_check_command,
    export_request,
    export_text,
    read_side,
)
from ghlsync.quota import daily_quota_warning
from ghlsync.render import render_json, render_markdown, render_text
from ghlsync.safety import gate
from ghlsync.workflow import (
    apply_changes,
    check_saved_plan,
    load_target,
    plan_against,
    saved_plan_token_env,
    verify_config,
    verify_saved_plan,
)

__all__ = ["entry_point", "main"]

EXIT_OK, EXIT_ERROR, EXIT_CHANGES, EXIT_INTERRUPTED = 0, 1, 2, 130
F = TypeVar("F", bound=Callable[..., Any])


def common_options(command: F) -> F:
    """--base-url, --sandbox, --parallelism, -v and --no-color, as ``conn`` and ``console``."""

    @click.option("--base-url", envvar="GHL_BASE_URL", help="API base URL (also GHL_BASE_URL).")
    @click.option(
        "--sandbox",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Run against the embedded sandbox kept in this JSON state file.",
    )
    @click.option(
        "--sandbox-faults",
        metavar="SPEC",
        help="Sandbox fault injection, e.g. 'latency_ms=20,fault_rate=0.2,lost_rate=0.1,seed=3'.",
    )
    @click.option(
        "--parallelism",
        type=click.IntRange(1, 64),
        default=DEFAULT_PARALLELISM,
        show_default=True,
        help="Most requests in flight; the server's rate-limit headers pace them. To keep the "
        "allowed rate busy it must exceed rate x latency (e.g. 200/s x 60 ms = 12).",
    )
    @click.option("-v", "--verbose", is_flag=True, help="Log one line per HTTP request.")
    @click.option("--no-color", is_flag=True, help="No colour (also NO_COLOR).")
    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        verbose = kwargs.pop("verbose")
        _configure_logging(verbose)
        kwargs["console"] = Console(color=wants_color(sys.stdout, kwargs.pop("no_color")))
        kwargs["conn"] = ConnectionOptions(
            base_url=kwargs.pop("base_url"),
            sandbox=kwargs.pop("sandbox"),
            sandbox_faults=kwargs.pop("sandbox_faults"),
            parallelism=kwargs.pop("parallelism"),
            verbose=verbose,
        )
        return command(**kwargs)

    return wrapper  # type: ignore[return-value]


def _configure_logging(verbose: bool) -> None:
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
        logging.getLogger("httpx").setLevel(logging.WARNING)


config_option = click.option(
    "-c",
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("ghlsync.yaml"),
    show_default=True,
    help="The configuration file.",
)
env_option = click.option("--env", "environment", help="Environment from `environments`.")
location_option = click.option("--location", help="Target location id (overrides the file).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ghlsync")
def cli() -> None:
    """Keep GoHighLevel associations and relations in version-controlled YAML."""


@cli.command()
@config_option
@click.option("--no-color", is_flag=True, help="No colour (also NO_COLOR).")
def validate(config: Path, no_color: bool) -> int:
    """Check the file offline: schema and semantics, no network."""
    console = Console(color=wants_color(sys.stdout, no_color))
    environ = PlaceholderEnviron(os.environ)
    document = load_document(config, environ)
    for warning in check_all_environments(document):
        console.warn(warning)
    for name in sorted(environ.missing):
        console.warn(f"{name} is not set here; plan and apply will need it")
    model = document.model
    relations = sum(len(items) for items in model.relations.values())
    console.print(
        f"{config}: valid ({len(model.associations)} associations, {relations} relations)."
    )
    return EXIT_OK


@cli.command()
@config_option
@env_option
@location_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Also save the plan (JSON)."
)
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes (0 when none)."
)
@common_options
def plan(
    config: Path,
    environment: str | None,
    location: str | None,
    output_format: str,
    out: Path | None,
    detailed_exitcode: bool,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Show what apply would change."""
    target = load_target(config, environment, location)
    with connect(conn, target.desired.location_id, target.token_env) as client:
        the_plan, _ = plan_against(client, target.desired, conn.parallelism)
    _render(the_plan, output_format, console, target.desired)
    if out is not None:
        write_plan(the_plan, out)
        console.note(f"Saved the plan to {out}: apply exactly it with `ghlsync apply {out}`.")
    return EXIT_CHANGES if detailed_exitcode and the_plan.has_changes else EXIT_OK


def _render(
    the_plan: Plan, output_format: str, console: Console, desired: DesiredState
) -> None:
    if output_format == "json":
        render_json(the_plan, console.out)
    elif output_format == "markdown":
        render_markdown(the_plan, console.out, extra_sections=_schema_picture(the_plan, desired))
    else:
        render_text(the_plan, console.out, color=console.color)


@cli.command()
@click.argument("planfile", required=False, type=click.Path(dir_okay=False, path_type=Path))
@config_option
@env_option
@location_option
@click.option("--auto-approve", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--allow-destroy", is_flag=True, help="Allow association deletes/replacements, mass deletes."
)
@common_options
def apply(
    planfile: Path | None,
    config: Path,
    environment: str | None,
    location: str | None,
    auto_approve: bool,
    allow_destroy: bool,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Make the location match the file (or apply a saved PLANFILE exactly)."""
    if planfile is not None:
        saved = read_plan(planfile)
        token_env = saved_plan_token_env(config, environment, saved)
        return _apply_saved(saved, token_env, location, allow_destroy, conn, console)
    target = load_target(config, environment, location)
    with connect(conn, target.desired.location_id, target.token_env) as client:
        the_plan, live = plan_against(client, target.desired, conn.parallelism)
        render_text(the_plan, console.out, color=console.color)
        if not the_plan.has_changes:
            return EXIT_OK
        gate(the_plan, allow_destroy)
        _warn_daily_quota(the_plan, client, console)
        console.confirm(sys.stdin, auto_approve)
        if _execute(the_plan, client, live, conn, console) == EXIT_INTERRUPTED:
            return EXIT_INTERRUPTED
        remaining = verify_config(client, target.desired, conn.parallelism)
    return _verdict(remaining, console)


def _execute(
    the_plan: Plan, client: GhlClient, live: LiveState, conn: ConnectionOptions, console: Console
) -> int:
    """Apply and report; an incomplete apply is an error, an interrupted one exits 130."""
    with console.progress(len(the_plan.changes)) as advance:
        report = apply_changes(the_plan, client, live, conn.parallelism, on_outcome=advance)
    console.report(report)
    if report.interrupted:
        return EXIT_INTERRUPTED
    if not report.complete:
        raise ApplyError("some operations failed or were skipped (listed above)")
    return EXIT_OK


def _warn_daily_quota(the_plan: Plan, client: GhlClient, console: Console) -> None:
    """Before applying: the reads so far estimate the verification reads that follow."""
    warning = daily_quota_warning(the_plan, client.pacer.daily_remaining, client.stats.requests)
    if warning is not None:
        console.warn(warning)


def _verdict(remaining: Plan, console: Console) -> int:
    if remaining.has_changes:
        console.print("\nThe location does not match the configuration after applying:")
        render_text(remaining, console.out, color=console.color)
        raise ApplyError("the location does not match the file after apply (see above)")
    console.print("The location now matches the configuration.")
    return EXIT_OK


def _apply_saved(
    saved: Plan,
    token_env: str | None,
    location: str | None,
    allow_destroy: bool,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    with connect(conn, saved.location_id, token_env) as client:
        live = check_saved_plan(client, saved, location or saved.location_id, conn.parallelism)
        render_text(saved, console.out, color=console.color)
        if not saved.has_changes:
            return EXIT_OK
        gate(saved, allow_destroy)
        _warn_daily_quota(saved, client, console)
        if _execute(saved, client, live, conn, console) == EXIT_INTERRUPTED:
            return EXIT_INTERRUPTED
        unmet = verify_saved_plan(client, saved, conn.parallelism)
    if unmet:
        for change in unmet:
            console.print(f"  not in effect: {change.address} ({change.action.value})")
        raise ApplyError(
            f"the location does not show {len(unmet)} of the planned changes after apply "
            "(listed above)"
        )
    console.print("The location now shows every planned change.")
    return EXIT_OK


def _schema_picture(the_plan: Plan, desired: DesiredState) -> list[str]:
    """A Mermaid diagram of the schema when the plan changes associations."""
    if not any(isinstance(change, AssociationChange) for change in the_plan.changes):
        return []
    diagram = io.StringIO()
    render_mermaid_for_plan(the_plan, desired.associations.values(), diagram)
    return [f"### Schema after this plan\n\n```mermaid\n{diagram.getvalue()}```\n"]


@cli.command()
@config_option
def graph(config: Path) -> int:
    """Print a Mermaid diagram of the objects and declared associations."""
    associations = declared_associations(load_document(config))
    render_mermaid(associations.values(), sys.stdout, title=str(config))
    return EXIT_OK


@cli.command()
@config_option
@env_option
@location_option
@click.option("--record", "records", multiple=True, help="A record whose relations to export.")
@click.option(
    "--records-from",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Export the records (and aliases) an existing file names.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@common_options
def export(
    config: Path,
    environment: str | None,
    location: str | None,
    records: tuple[str, ...],
    records_from: Path | None,
    output: Path | None,
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Write the live state as a ghlsync.yaml."""
    request = export_request(config, environment, location, records, records_from)
    with connect(conn, request.location_id, request.token_env) as client:
        text = export_text(client, request, conn.parallelism)
    if output is None:
        console.out.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.note(f"Wrote {output}: check it with `{export_check_command(request, output)}`.")
    return EXIT_OK


@cli.command()
@config_option
@click.option("--env", "environments", multiple=True, help="Two environments to compare.")
@click.option("--location", "locations", multiple=True, help="Two locations to compare.")
@common_options
def diff(
    config: Path,
    environments: tuple[str, ...],
    locations: tuple[str, ...],
    conn: ConnectionOptions,
    console: Console,
) -> int:
    """Compare two live locations (exit 2 when they differ)."""
    sides = comparison_sides(config, environments, locations)
    lives = []
    for side in sides:
        with connect(conn, side.location_id, side.token_env) as client:
            lives.append(read_side(client, side, conn.parallelism))
    comparison = compare_locations(
        lives[0],
        lives[1],
        names=(sides[0].name, sides[1].name),
        aliases_a=sides[0].aliases,
        aliases_b=sides[1].aliases,
    )
    render_comparison(comparison, console.out, color=console.color)
    return EXIT_OK if comparison.equal else EXIT_CHANGES


@cli.group()
def sandbox() -> None:
    """The embedded GHL sandbox."""


@sandbox.command("serve")
@click.option(
    "--state", type=click.Path(dir_okay=False, path_type=Path), help="JSON state file to keep."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--latency-ms", type=click.FloatRange(0), default=0.0, help="Added per request.")
@click.option("--jitter-ms", type=click.FloatRange(0), default=0.0, help="Random extra latency.")
@click.option("--fault-rate", type=click.FloatRange(0, 1), default=0.0, help="Transient faults.")
@click.option("--lost-rate", type=click.FloatRange(0, 1), default=0.0, help="Lost write answers.")
@click.option("--seed", type=int, default=0, help="Seed for reproducible faults.")
@click.option("--rate", metavar="N/MS", default="100/10000", show_default=True, help="Rate limit.")
@click.option("--no-retry-after", is_flag=True, help="Send 429s without Retry-After.")
@click.option("--shape", default="spec", show_default=True,
              help="Answer shape: spec, captured, wrapped, terse or minimal.")
def sandbox_serve(state: Path | None, host: str, port: int, **faults: Any) -> int:
    """Serve the sandbox over HTTP on loopback (point --base-url at it)."""
    from ghlsync.sandbox import FaultSettings, serve

    rate_max, rate_interval = _parse_rate(faults.pop("rate"))
    settings = FaultSettings(
        rate_max=rate_max,
        rate_interval_ms=rate_interval,
        send_retry_after=not faults.pop("no_retry_after"),
        **faults,
    )
    serve(state, host, port, settings)
    return EXIT_OK


def _parse_rate(text: str) -> tuple[int, int]:
    count, _, interval = text.partition("/")
    if not (count.isdigit() and interval.isdigit() and int(count) > 0 and int(interval) > 0):
        message = f"expected N/MS such as 100/10000, got {text!r}"
        raise click.BadParameter(message, param_hint="--rate")
    return int(count), int(interval)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code instead of exiting."""
    console = Console(color=wants_color(sys.stderr, "--no-color" in (argv or [])))
    try:
        result = cli.main(args=argv, prog_name="ghlsync", standalone_mode=False)
    except click.exceptions.Abort:
        console.error("interrupted")
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return EXIT_ERROR
    except GhlsyncError as error:
        console.error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        console.error("interrupted")
        return EXIT_INTERRUPTED
    return result if isinstance(result, int) else EXIT_OK


def entry_point() -> None:
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    entry_point()
