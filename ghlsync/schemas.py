"""The JSON Schemas, generated from the pydantic models.

They are checked in twice: under ``schemas/`` (for editors pointed at the repository) and under
``ghlsync/data/`` (package data, so an installed ghlsync has them: ``ghlsync schema``).
``python -m ghlsync.schemas --write`` regenerates both; a test fails when either drifts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ghlsync.config.json_schema import render_schema as render_config_schema
from ghlsync.engine.planfile import plan_schema
from ghlsync.kinds.file import whole_schema
from ghlsync.render.json import dump_json

__all__ = ["PACKAGE_SCHEMA_DIR", "SCHEMAS", "SCHEMA_DIR", "main"]

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
PACKAGE_SCHEMA_DIR = Path(__file__).resolve().parent / "data"
_BOTH_DIRECTORIES = Path("<schemas/ and ghlsync/data/>")  # --write without a DIR


def render_file_schema() -> str:
    return render_config_schema(whole_schema())


def render_plan_schema() -> str:
    return dump_json(plan_schema())


SCHEMAS: dict[str, Callable[[], str]] = {
    "ghlsync.schema.json": render_file_schema,
    "plan.schema.json": render_plan_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ghlsync.schemas", description=__doc__)
    parser.add_argument(
        "--write", nargs="?", const=_BOTH_DIRECTORIES, type=Path, metavar="DIR",
        help=f"write every schema into DIR (default: {SCHEMA_DIR} and {PACKAGE_SCHEMA_DIR}) "
        "instead of listing them",
    )
    arguments = parser.parse_args(argv)
    if arguments.write is None:
        sys.stdout.write("".join(f"{name}\n" for name in SCHEMAS))
        return 0
    both = arguments.write == _BOTH_DIRECTORIES
    for directory in (SCHEMA_DIR, PACKAGE_SCHEMA_DIR) if both else (arguments.write,):
        _write_all(directory)
    return 0


def _write_all(directory: Path) -> None:
    for name, render in SCHEMAS.items():
        (directory / name).write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
