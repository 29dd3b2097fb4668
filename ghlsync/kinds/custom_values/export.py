"""The ``custom_values:`` block of ``ghlsync export``."""

from __future__ import annotations

from collections.abc import Mapping

from ghlsync.kinds.custom_values.values import LiveCustomValue, key_from_name
from ghlsync.render.export_yaml import yaml_string

__all__ = ["export_lines"]


def export_lines(values: Mapping[str, LiveCustomValue]) -> list[str]:
    """One line per custom value, by key; one whose key its name would not give (renamed in
    GHL) is written as a comment, since the file cannot declare it."""
    if not values:
        return []
    return ["custom_values:", *(_line(v) for _, v in sorted(values.items()))]


def _line(value: LiveCustomValue) -> str:
    name, text = _literal(value.name), _literal(value.value)
    line = f"  {value.key}: {{ name: {name}, value: {text} }}"
    if key_from_name(value.name) == value.key:
        return line
    return f"  # key {value.key!r} does not follow from its name (renamed in GHL?):\n  #{line}"


def _literal(text: str) -> str:
    """Double-quoted, with ``${`` kept literal for the loader."""
    return yaml_string(text.replace("${", "$${"))
