"""The one way ghlsync colours text: by role, so every renderer paints the same thing alike.

Colour is decided once per run (``--no-color``, ``NO_COLOR``, a terminal or not) and passed
down as a boolean; renderers never look at the terminal themselves.
"""

from __future__ import annotations

from enum import StrEnum

import click

__all__ = ["Role", "paint"]


class Role(StrEnum):
    """What a piece of text means; each role has one colour."""

    ADD = "green"
    CHANGE = "yellow"
    DESTROY = "red"
    REPLACE = "magenta"
    WARNING = "yellow"
    ERROR = "red"
    SUCCESS = "green"


def paint(text: str, role: Role, enabled: bool, *, bold: bool = False) -> str:
    """``text`` in the role's colour when ``enabled``, else unchanged."""
    return click.style(text, fg=role.value, bold=bold or None) if enabled else text
