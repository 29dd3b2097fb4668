"""``ghlsync diff``: compare two live locations (exit 2 when they differ)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ghlsync import exitcodes
from ghlsync.client import GhlClient
from ghlsync.client.objects import SchemaClient
from ghlsync.commands.locations import ComparisonSide, comparison_sides
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console
from ghlsync.engine.compare import compare_locations
from ghlsync.engine.record_keys import resolved_aliases
from ghlsync.kinds.associations.read import read_whole_records
from ghlsync.kinds.objects.across import read_whole_schema
from ghlsync.kinds.objects.read import with_live_schema
from ghlsync.render.comparison import render_comparison
from ghlsync.render.comparison_json import render_comparison_json
from ghlsync.render.summary import append_step_summary, comparison_summary
from ghlsync.values.state import LiveState

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
    if output_format == "json":
        render_comparison_json(comparison, console.out)
    else:
        render_comparison(comparison, console.out, color=console.color)
    append_step_summary(comparison_summary(comparison))
    return exitcodes.OK if comparison.equal else exitcodes.CHANGES


def _read(
    side: ComparisonSide, conn: ConnectionOptions, console: Console
) -> tuple[LiveState, dict[str, str]]:
    """Associations, the relations of the records that have an alias on this side (natural
    keys resolved in its location), the objects with their fields; and the aliases by id."""
    with connect(
        conn, side.location_id, side.token_env, read_token_env=side.read_token_env
    ) as client, console.reading(client):
        aliases = {**side.aliases, **resolved_aliases(client, side.natural_keys)}
        live = read_whole_records(client, sorted(aliases))
        live = with_live_schema(live, read_whole_schema(SchemaClient(client)))
        return _with_settings(client, live), aliases


def _with_settings(client: GhlClient, live: LiveState) -> LiveState:
    """The custom values and tags, when the token may read them."""
    from ghlsync.kinds.custom_values.client import CustomValuesClient
    from ghlsync.kinds.keyed import read_if_allowed
    from ghlsync.kinds.tags.client import TagsClient

    values = read_if_allowed(CustomValuesClient(client).list)
    return replace(live, custom_values=values, tags=read_if_allowed(TagsClient(client).list))
