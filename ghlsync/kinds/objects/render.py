"""Schema changes (custom objects and fields) in the text plan and the markdown comment."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ghlsync.kinds.objects.diff import FIELD_VALUES_DESTROYED
from ghlsync.render.neutral import terminal
from ghlsync.values.objects import FieldValue, FolderValue, ObjectsValue, ObjectValue
from ghlsync.values.plan import Action, ObjectsChange

__all__ = ["consequence", "markdown_rows", "text_blocks", "title"]


# --- text ---------------------------------------------------------------------------------


def text_blocks(
    changes: tuple[ObjectsChange, ...], symbol: Callable[[Action], str]
) -> Iterator[str]:
    """Terraform-style blocks, one per change, each followed by a blank line; every value is
    neutralised for a terminal (:func:`~ghlsync.render.neutral.terminal`)."""
    for change in changes:
        yield f"  # {terminal(f'{change.address} {consequence(change)}')}"
        mark, heading = symbol(change.action), title(change)
        if change.action is Action.REPLACE:
            yield f"{mark} {heading} {{ ... }}"
        elif change.action is Action.DELETE or isinstance(change.value, FolderValue):
            yield f"  {mark} {heading}"
        else:
            yield f"  {mark} {heading} {{"
            yield from (f"      {mark} {terminal(line)}" for line in _body(change))
            yield "    }"
        yield ""


def title(change: ObjectsChange) -> str:
    """``object "custom_objects.property"``, ``field "contact.budget"``: as the plan heads it,
    and as the apply lines name it (the style of ``association "key"``); neutralised for a
    terminal."""
    return terminal(f'{change.kind.value} "{_name(change.value)}"')


def consequence(change: ObjectsChange) -> str:
    """What happens to it, in words (``will be created``, ``must be replaced (...)``)."""
    if change.action is Action.REPLACE:
        return f"must be replaced ({change.reason}); {FIELD_VALUES_DESTROYED}"
    if change.action is Action.DELETE:
        return f"will be destroyed; {FIELD_VALUES_DESTROYED}"
    return "will be updated in-place" if change.action is Action.UPDATE else "will be created"


def _name(value: ObjectsValue) -> str:
    if isinstance(value, FieldValue):
        return f"{value.object_key}.{value.key}"
    if isinstance(value, FolderValue):
        return f"{value.object_key}[{value.name}]"
    return value.key


def _body(change: ObjectsChange) -> list[str]:
    if change.action is Action.UPDATE:
        return [f"{f.path} = {_quoted(f.old)} -> {_quoted(f.new)}" for f in change.fields]
    value = change.value
    if isinstance(value, ObjectValue):
        return _object_lines(value)
    assert isinstance(value, FieldValue)
    return _field_lines(value)


def _object_lines(value: ObjectValue) -> list[str]:
    lines = [f"labels = {_quoted(value.singular or '')} / {_quoted(value.plural or '')}"]
    if value.primary is not None:
        primary = value.primary
        lines.append(f"primary_property = {primary.key} {_quoted(primary.name)} {primary.type}")
    if value.description is not None:
        lines.append(f"description = {_quoted(value.description)}")
    if value.searchable:
        lines.append(f"searchable = {', '.join(value.searchable)}")
    return lines


def _field_lines(value: FieldValue) -> list[str]:
    lines = [f"name = {_quoted(value.name)}", f"type = {value.type}"]
    if value.options:
        lines.append(f"options = {', '.join(_quoted(o) for o in value.options)}")
    optional = (("folder", value.folder), ("description", value.description),
                ("placeholder", value.placeholder))
    lines += [f"{name} = {_quoted(text)}" for name, text in optional if text is not None]
    return lines


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# --- markdown -----------------------------------------------------------------------------


def markdown_rows(
    changes: tuple[ObjectsChange, ...], cell: Callable[[str], str], code: Callable[[str], str]
) -> list[str]:
    """Rows of the "Objects and fields" table: action, address, details, source (escaped)."""
    return [_markdown_row(c, cell, code) for c in changes]


def _markdown_row(
    change: ObjectsChange, cell: Callable[[str], str], code: Callable[[str], str]
) -> str:
    if change.action is Action.UPDATE:
        details = "<br>".join(cell(f'{f.path}: "{f.old}" → "{f.new}"') for f in change.fields)
    elif change.action in (Action.REPLACE, Action.DELETE):
        details = cell(consequence(change))
    else:
        details = "<br>".join(cell(line) for line in _creation_lines(change))
    source = code(str(change.source)) if change.source else ""
    cells = (change.action.value, code(change.address), details, source)
    return "| " + " | ".join(cells) + " |\n"


def _creation_lines(change: ObjectsChange) -> list[str]:
    value = change.value
    return [] if isinstance(value, FolderValue) else _body(change)
