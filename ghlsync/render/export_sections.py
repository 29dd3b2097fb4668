"""The sections the kinds give ``ghlsync export`` beyond associations, relations and objects
(``ManagedKind.export``), one top-level key each. Every server string is written
double-quoted, with ``${`` kept literal for the loader; keys are plain only where YAML cannot
misread them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ghlsync.kinds.protocol import ExportSection
from ghlsync.render.export_yaml import yaml_scalar, yaml_string

__all__ = ["export_sections_text", "section_lines"]


def export_sections_text(sections: Iterable[ExportSection]) -> str:
    """The blocks to append to an export, one per section that has something to say."""
    blocks = [section_lines(section) for section in sections]
    return "".join("\n" + "\n".join(block) + "\n" for block in blocks if block)


def section_lines(section: ExportSection) -> list[str]:
    """Nothing for an empty section; a comment saying why for one the token may not read."""
    items = section.items
    if items is None:
        return [f"# {section.what} not exported: the token may not read them ({section.scope})"]
    if not items:
        return []
    if isinstance(items, Mapping):
        lines = [_entry_line(key, fields, section.commented.get(key))
                 for key, fields in items.items()]
    else:
        lines = [f"  - {_literal(text)}" for text in items]
    return [f"{section.name}:", *lines]


def _entry_line(key: str, fields: Mapping[str, str], why: str | None) -> str:
    pairs = ", ".join(f"{name}: {_literal(text)}" for name, text in fields.items())
    line = f"  {yaml_scalar(key)}: {{ {pairs} }}"
    return line if why is None else f"  # {why}:\n  #{line}"


def _literal(text: str) -> str:
    """Double-quoted, with ``${`` kept literal for the loader."""
    return yaml_string(text.replace("${", "$${"))
