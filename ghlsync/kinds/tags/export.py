"""The ``tags:`` line of ``ghlsync export``."""

from __future__ import annotations

from collections.abc import Iterable

from ghlsync.render.export_yaml import yaml_string

__all__ = ["export_lines"]


def export_lines(names: Iterable[str]) -> list[str]:
    ordered = sorted(names)
    if not ordered:
        return []
    return ["tags:", *(f"  - {yaml_string(name.replace('${', '$${'))}" for name in ordered)]
