"""Where in the YAML a thing was written: what every declared value and change points back to."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Source"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where in the YAML a thing was written."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"
