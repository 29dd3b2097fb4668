"""Schema changes in the text plan, the markdown comment, and the JSON plan (and back)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ghlsync.errors import PlanFileError
from ghlsync.model import Source
from ghlsync.objects.model import FieldValue, FolderValue, ObjectValue, SchemaValue
from ghlsync.plan import Action, FieldChange, Kind, SchemaChange
from ghlsync.safety import FIELD_VALUES_DESTROYED

__all__ = [
    "SCHEMA_KINDS",
    "markdown_rows",
    "schema_change_from_dict",
    "schema_change_to_dict",
    "text_blocks",
]

SCHEMA_KINDS = frozenset(kind.value for kind in (Kind.OBJECT, Kind.FIELD, Kind.FOLDER))
_VALUE_TYPES: dict[Kind, type[Any]] = {
    Kind.OBJECT: ObjectValue,
    Kind.FIELD: FieldValue,
    Kind.FOLDER: FolderValue,
}


# --- text ---------------------------------------------------------------------------------


def text_blocks(
    changes: tuple[SchemaChange, ...], symbol: Callable[[Action], str]
) -> Iterator[str]:
    """Terraform-style blocks, one per change, each followed by a blank line."""
    for change in changes:
        yield f"  # {change.address} {consequence(change)}"
        mark = symbol(change.action)
        title = f'{change.kind.value} "{_name(change.value)}"'
        if change.action is Action.REPLACE:
            yield f"{mark} {title} {{ ... }}"
        elif change.action is Action.DELETE or isinstance(change.value, FolderValue):
            yield f"  {mark} {title}"
        else:
            yield f"  {mark} {title} {{"
            yield from (f"      {mark} {line}" for line in _body(change))
            yield "    }"
        yield ""


def consequence(change: SchemaChange) -> str:
    """What happens to it, in words (``will be created``, ``must be replaced (...)``)."""
    if change.action is Action.REPLACE:
        return f"must be replaced ({change.reason}); {FIELD_VALUES_DESTROYED}"
    if change.action is Action.DELETE:
        return f"will be destroyed; {FIELD_VALUES_DESTROYED}"
    return "will be updated in-place" if change.action is Action.UPDATE else "will be created"


def _name(value: SchemaValue) -> str:
    if isinstance(value, FieldValue):
        return f"{value.object_key}.{value.key}"
    if isinstance(value, FolderValue):
        return f"{value.object_key}[{value.name}]"
    return value.key


def _body(change: SchemaChange) -> list[str]:
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


def markdown_rows(changes: tuple[SchemaChange, ...], cell: Callable[[str], str]) -> list[str]:
    """Rows of the "Objects and fields" table: action, address, details, source."""
    return [_markdown_row(c, cell) for c in changes]


def _markdown_row(change: SchemaChange, cell: Callable[[str], str]) -> str:
    if change.action is Action.UPDATE:
        details = "<br>".join(cell(f'{f.path}: "{f.old}" → "{f.new}"') for f in change.fields)
    elif change.action in (Action.REPLACE, Action.DELETE):
        details = cell(consequence(change))
    else:
        details = "<br>".join(cell(line) for line in _creation_lines(change))
    source = f"`{change.source}`" if change.source else ""
    cells = (change.action.value, f"`{change.address}`", details, source)
    return "| " + " | ".join(cells) + " |\n"


def _creation_lines(change: SchemaChange) -> list[str]:
    value = change.value
    return [] if isinstance(value, FolderValue) else _body(change)


# --- JSON ---------------------------------------------------------------------------------


def schema_change_to_dict(change: SchemaChange) -> dict[str, Any]:
    """The change as a JSON plan entry (same keys as association changes, plus ``fields``)."""
    return {
        "address": change.address,
        "kind": change.kind.value,
        "action": change.action.value,
        "before": asdict(change.before) if change.before is not None else None,
        "after": asdict(change.after) if change.after is not None else None,
        "reason": change.reason,
        "source": str(change.source) if change.source else None,
        "fields": [{"path": f.path, "old": f.old, "new": f.new} for f in change.fields],
    }


def schema_change_from_dict(data: Any) -> SchemaChange:
    """Rebuild a change from its JSON plan entry; PlanFileError naming what is wrong."""
    if not isinstance(data, dict):
        raise PlanFileError("invalid plan: a change must be a JSON object")
    try:
        kind, action = Kind(data["kind"]), Action(data["action"])
        value_type = _VALUE_TYPES[kind]
        change = SchemaChange(
            kind, action, _value(value_type, data["before"]), _value(value_type, data["after"]),
            str(data["reason"]), _source(data["source"]),
            tuple(FieldChange(str(f["path"]), str(f["old"]), str(f["new"]))
                  for f in data["fields"]),
        )
    except (KeyError, TypeError, ValueError, ValidationError) as error:
        raise PlanFileError(f"invalid plan: a {data['kind']} change: {error}") from None
    if change.address != data.get("address"):
        raise PlanFileError(f"invalid plan: address {data.get('address')!r} does not match")
    return change


def _value(value_type: type[Any], data: object) -> Any:
    if data is None:
        return None
    return TypeAdapter(value_type).validate_python(data)


def _source(text: object) -> Source | None:
    if text is None:
        return None
    file, line = str(text).rsplit(":", 1)
    return Source(file, int(line))
