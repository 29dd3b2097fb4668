"""The options the commands share, and the console and connection settings they become."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ghlsync.console import Console, wants_color
from ghlsync.values.connection_defaults import DEFAULT_PARALLELISM

if TYPE_CHECKING:
    from ghlsync.commands.selection import Selection

__all__ = [
    "color_option",
    "common_options",
    "config_option",
    "console_for",
    "env_option",
    "fleet_options",
    "format_option",
    "location_option",
    "selection",
    "single_target_options",
    "target_option",
]

F = TypeVar("F", bound=Callable[..., Any])


def common_options(command: F) -> F:
    """--base-url, --sandbox, --parallelism, -v and --color, as ``conn`` and ``console``."""

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
    @color_option
    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        from ghlsync.connection import ConnectionOptions  # validate does not load it

        verbose = kwargs.pop("verbose")
        _configure_logging(verbose)
        kwargs["console"] = console_for(kwargs.pop("color"))
        kwargs["conn"] = ConnectionOptions(
            base_url=kwargs.pop("base_url"),
            sandbox=kwargs.pop("sandbox"),
            sandbox_faults=kwargs.pop("sandbox_faults"),
            parallelism=kwargs.pop("parallelism"),
            verbose=verbose,
        )
        return command(**kwargs)

    return wrapper  # type: ignore[return-value]


def console_for(color: bool | None) -> Console:
    """The console of a command: colour from --color/--no-color and the environment."""
    return Console(color=wants_color(sys.stdout, color))


def _configure_logging(verbose: bool) -> None:
    if verbose:
        import logging  # only with -v: validate and --version start without it

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
color_option = click.option(
    "--color/--no-color",
    "color",
    default=None,
    help="Force colour on (CI logs render it) or off. Default: on a terminal, unless NO_COLOR "
    "is set; FORCE_COLOR forces it.",
)
target_option = click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="KEY",
    help="Only this association key (its association and relations) or object key (its object "
    "and fields); repeatable.",
)


def fleet_options(command: F) -> F:
    """--fleet, --only, --shard and --members-at-once, as one ``fleet`` value (None without
    --fleet)."""

    @click.option("--fleet", "fleet", is_flag=True, help="Work on the file's fleet members.")
    @click.option(
        "--only",
        multiple=True,
        metavar="NAME|GROUP",
        help="With --fleet: only these members or groups; repeatable.",
    )
    @click.option(
        "--shard", metavar="I/N", help="With --fleet: the I-th of N even shares of the members."
    )
    @click.option(
        "--members-at-once",
        type=click.IntRange(1, 256),
        default=32,
        show_default=True,
        help="With --fleet: most members worked on at once.",
    )
    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        fleet, only, shard = kwargs.pop("fleet"), kwargs.pop("only"), kwargs.pop("shard")
        at_once = kwargs.pop("members_at_once")
        if not fleet and (only or shard):
            raise click.UsageError("--only and --shard need --fleet")
        kwargs["fleet"] = None
        if fleet:
            from ghlsync.commands.fleet import FleetSelection  # a plan of one location skips it

            kwargs["fleet"] = FleetSelection(kwargs["config"], tuple(only), shard, at_once)
        return command(**kwargs)

    return wrapper  # type: ignore[return-value]


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def selection(
    config: Path, environment: str | None, location: str | None, targets: tuple[str, ...] = ()
) -> Selection:
    """The location a command works on (imported when it runs: ``--version`` loads no model)."""
    from ghlsync.commands.selection import Selection

    return Selection(config, environment, location, targets)


def single_target_options(
    environment: str | None, location: str | None, targets: tuple[str, ...]
) -> None:
    """--env, --location and --target name one location: not a fleet's members."""
    if environment or location or targets:
        raise click.UsageError("--env, --location and --target do not go with --fleet "
                               "(choose members with --only NAME|GROUP)")
