"""Command line entry point (placeholder until the CLI lands)."""

import sys


def main(argv: list[str] | None = None) -> int:
    return 0


def entry_point() -> None:
    sys.exit(main(sys.argv[1:]))
