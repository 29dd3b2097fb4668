"""``ghlsync plan``: read the location, diff it against the file, print (and save) the plan."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from ghlsync import engine, exitcodes, render
from ghlsync.commands.selection import Selection
from ghlsync.connection import ConnectionOptions, connect
from ghlsync.console import Console

__all__ = ["PlanOutput", "render_plan", "run"]


@dataclass(frozen=True, slots=True)
class PlanOutput:
    format: str = "text"
    out: Path | None = None
    detailed_exitcode: bool = False


def run(selection: Selection, output: PlanOutput, conn: ConnectionOptions, console: Console) -> int:
    render.check_writable(output.out, "the plan")
    doc = selection.document()
    access = selection.access(doc)
    with connect(
        conn, access.location_id, access.token_env, read_token_env=access.read_token_env
    ) as client, console.reading(client):
        resolved = selection.resolved(doc, client)
        the_plan, _ = engine.plan(client, resolved.desired)
        has_agency_token = client.has_agency_token
    render_plan(the_plan, output.format, console)
    objects = engine.created_objects(the_plan)
    if objects and not has_agency_token:
        console.warn(f"apply will need an agency token: {engine.missing_token_message(objects)}")
    render.append_step_summary(functools.partial(render.plan_summary, the_plan))
    if output.out is not None:
        engine.write_plan(the_plan, output.out)
        console.note(f"Saved the plan to {output.out}: {_apply_hint(selection, output.out)}")
    if output.detailed_exitcode and the_plan.has_changes:
        return exitcodes.CHANGES
    return exitcodes.OK


def render_plan(the_plan: engine.Plan, output_format: str, console: Console) -> None:
    """The plan as ``plan`` prints it (and ``show`` again, from the saved plan alone); each
    format's renderer loads only when that format is asked for."""
    if output_format == "json":
        render.render_json(the_plan, console.out)
    elif output_format == "markdown":
        render.render_markdown(the_plan, console.out, extra_sections=_diagram(the_plan))
    else:
        render.render_text(the_plan, console.out, color=console.color)


def _apply_hint(selection: Selection, out: Path) -> str:
    """The apply command for a saved plan: the same file and location (the plan names its env)."""
    config = "" if selection.config == Path("ghlsync.yaml") else f" -c {selection.config}"
    location = f" --location {selection.location}" if selection.location else ""
    return f"apply exactly it with `ghlsync apply {out}{config}{location}`."


def _diagram(the_plan: engine.Plan) -> list[str]:
    """A Mermaid diagram of the schema when the plan changes associations."""
    if not any(isinstance(change, engine.AssociationChange) for change in the_plan.changes):
        return []
    diagram = io.StringIO()
    render.render_mermaid_for_plan(the_plan, the_plan.declared, diagram)
    return [f"### Schema after this plan\n\n```mermaid\n{diagram.getvalue()}```\n"]
