"""The JSON Schemas checked in under ``schemas/``, generated from the pydantic models.

``python -m ghlsync.schemas --write`` regenerates them; a test fails when they drift.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ghlsync.config.json_schema import render_schema as render_config_schema
from ghlsync.planfile import plan_schema
from ghlsync.render.json import dump_json

__all__ = ["SCHEMAS", "SCHEMA_DIR", "main"]

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


def render_plan_schema() -> str:
    return dump_json(plan_schema())


SCHEMAS: dict[str, Callable[[], str]] = {
    "ghlsync.schema.json": render_config_schema,
    "plan.schema.json": render_plan_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ghlsync.schemas", description=__doc__)
    parser.add_argument(
        "--write", nargs="?", const=SCHEMA_DIR, type=Path, metavar="DIR",
        help=f"write every schema into DIR (default {SCHEMA_DIR}) instead of listing them",
    )
    arguments = parser.parse_args(argv)
    if arguments.write is None:
        sys.stdout.write("".join(f"{name}\n" for name in SCHEMAS))
        return 0
    for name, render in SCHEMAS.items():
        (arguments.write / name).write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
