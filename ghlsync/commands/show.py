"""``ghlsync show PLANFILE``: render a saved plan offline (e.g. the PR comment from an artifact)."""

from __future__ import annotations

from pathlib import Path

from ghlsync import exitcodes
from ghlsync.console import Console
from ghlsync.planfile import read_plan
from ghlsync.render import render_json, render_markdown, render_text

__all__ = ["run"]


def run(planfile: Path, output_format: str, console: Console) -> int:
    saved = read_plan(planfile)
    if output_format == "json":
        render_json(saved, console.out)
    elif output_format == "markdown":
        render_markdown(saved, console.out)
    else:
        render_text(saved, console.out, color=console.color)
    return exitcodes.OK
