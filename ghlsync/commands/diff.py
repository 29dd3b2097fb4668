"""``ghlsync diff``: compare two live locations (exit 2 when they differ)."""

from __future__ import annotations

from pathlib import Path

from ghlsync import exitcodes
from ghlsync.compare import compare_locations
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.model import LiveState
from ghlsync.reading import read_whole_records
from ghlsync.render.comparison import render_comparison
from ghlsync.render.comparison_json import render_comparison_json
from ghlsync.render.summary import append_step_summary, comparison_summary
from ghlsync.targets import ComparisonSide, comparison_sides

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
    first, second = (_read(side, conn, console) for side in sides)
    comparison = compare_locations(
        first,
        second,
        names=(sides[0].name, sides[1].name),
        aliases_a=sides[0].aliases,
        aliases_b=sides[1].aliases,
    )
    if output_format == "json":
        render_comparison_json(comparison, console.out)
    else:
        render_comparison(comparison, console.out, color=console.color)
    append_step_summary(comparison_summary(comparison))
    return exitcodes.OK if comparison.equal else exitcodes.CHANGES


def _read(side: ComparisonSide, conn: ConnectionOptions, console: Console) -> LiveState:
    """Associations, and the relations of the records that have an alias on this side."""
    with connect(conn, side.location_id, side.token_env) as client, console.reading(client):
        return read_whole_records(client, sorted(side.aliases))
