"""``ghlsync show PLANFILE``: render a saved plan offline (e.g. the PR comment from an artifact)."""

from __future__ import annotations

from pathlib import Path

from ghlsync import exitcodes
from ghlsync.commands.plan import render_plan
from ghlsync.console import Console
from ghlsync.engine.planfile import read_plan

__all__ = ["run"]


def run(planfile: Path, output_format: str, console: Console) -> int:
    render_plan(read_plan(planfile), output_format, console)
    return exitcodes.OK
