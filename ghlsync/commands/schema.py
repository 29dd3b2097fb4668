"""``ghlsync schema``: print the JSON Schema of the configuration file (or of a plan file).

The schemas ship inside the package (``ghlsync/data/``), so this works from any install and
imports neither pydantic nor the HTTP client.
"""

from __future__ import annotations

from importlib.resources import files

from ghlsync import exitcodes
from ghlsync.console import Console

__all__ = ["CONFIG_SCHEMA", "PLAN_SCHEMA", "run", "schema_text"]

CONFIG_SCHEMA = "ghlsync.schema.json"
PLAN_SCHEMA = "plan.schema.json"


def schema_text(name: str) -> str:
    """One of the schemas shipped with the package, as written by ``python -m ghlsync.schemas``."""
    return files("ghlsync").joinpath("data", name).read_text(encoding="utf-8")


def run(plan: bool, console: Console) -> int:
    console.out.write(schema_text(PLAN_SCHEMA if plan else CONFIG_SCHEMA))
    return exitcodes.OK
