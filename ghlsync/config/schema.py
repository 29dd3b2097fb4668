"""Print or write the configuration JSON Schema.

``python -m ghlsync.config.schema`` prints it; ``--write [PATH]`` writes it (by default to
``schemas/ghlsync.schema.json`` of the source tree).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ghlsync.config.json_schema import DEFAULT_SCHEMA_PATH, render_schema

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ghlsync.config.schema", description=__doc__)
    parser.add_argument(
        "--write", nargs="?", const=DEFAULT_SCHEMA_PATH, type=Path, metavar="PATH",
        help=f"write the schema to PATH (default {DEFAULT_SCHEMA_PATH})",
    )
    arguments = parser.parse_args(argv)
    if arguments.write is None:
        sys.stdout.write(render_schema())
    else:
        arguments.write.write_text(render_schema(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
