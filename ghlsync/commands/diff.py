"""``ghlsync diff``: compare two live locations (exit 2 when they differ)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from ghlsync import exitcodes, render
from ghlsync.commands.locations import ComparisonSide, comparison_sides
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.engine.compare import compare_locations, read_compared

if TYPE_CHECKING:
    from ghlsync.engine.compare import LiveState

__all__ = ["run"]


def run(
    config: Path,
    environments: tuple[str, ...],
    locations: tuple[str, ...],
    conn: ConnectionOptions,
    console: Console,
    output_format: str = "text",
) -> int:
    sides = comparison_sides(config, environments, locations)
    (first, aliases_a), (second, aliases_b) = (_read(side, conn, console) for side in sides)
    comparison = compare_locations(
        first,
        second,
        names=(sides[0].name, sides[1].name),
        aliases_a=aliases_a,
        aliases_b=aliases_b,
    )
    if output_format == "json":  # each format's renderer loads only when asked for
        render.render_comparison_json(comparison, console.out)
    else:
        render.render_comparison(comparison, console.out, color=console.color)
    render.append_step_summary(functools.partial(render.comparison_summary, comparison))
    return exitcodes.OK if comparison.equal else exitcodes.CHANGES


def _read(
    side: ComparisonSide, conn: ConnectionOptions, console: Console
) -> tuple[LiveState, dict[str, str]]:
    """Associations, the relations of the records that have an alias on this side (natural
    keys resolved in its location), the objects with their fields; and the aliases by id."""
    with connect(
        conn, side.location_id, side.token_env, read_token_env=side.read_token_env
    ) as client, console.reading(client):
        return read_compared(client, side.aliases, side.natural_keys)
