"""The ``custom_values:`` and ``tags:`` blocks of ``ghlsync export``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ghlsync.kinds.custom_values.state import LiveCustomValue, key_from_name
from ghlsync.render.export_yaml import yaml_string

__all__ = ["custom_value_lines", "export_settings_text", "tag_lines"]


def export_settings_text(
    values: Mapping[str, LiveCustomValue] | None, tags: Iterable[str] | None
) -> str:
    """The blocks to append to an export; None (not readable) becomes a comment saying why."""
    blocks = [
        custom_value_lines(values) if values is not None else [_unread("custom values",
                                                                        "customValues")],
        tag_lines(tags) if tags is not None else [_unread("tags", "tags")],
    ]
    return "".join("\n" + "\n".join(block) + "\n" for block in blocks if block)


def _unread(what: str, scope: str) -> str:
    return f"# {what} not exported: the token may not read them (locations/{scope}.readonly)"


def custom_value_lines(values: Mapping[str, LiveCustomValue]) -> list[str]:
    """One line per custom value, by key; one whose key its name would not give (renamed in
    GHL) is written as a comment, since the file cannot declare it."""
    if not values:
        return []
    return ["custom_values:", *(_value_line(v) for _, v in sorted(values.items()))]


def tag_lines(names: Iterable[str]) -> list[str]:
    ordered = sorted(names)
    return ["tags:", *(f"  - {_literal(name)}" for name in ordered)] if ordered else []


def _value_line(value: LiveCustomValue) -> str:
    line = f"  {value.key}: {{ name: {_literal(value.name)}, value: {_literal(value.value)} }}"
    if key_from_name(value.name) == value.key:
        return line
    return f"  # key {value.key!r} does not follow from its name (renamed in GHL?):\n  #{line}"


def _literal(text: str) -> str:
    """Double-quoted, with ``${`` kept literal for the loader."""
    return yaml_string(text.replace("${", "$${"))
