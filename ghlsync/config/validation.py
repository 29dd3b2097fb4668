"""Validate plain data against :class:`ConfigModel`, turning pydantic errors into problems.

Each pydantic error is placed at the line of the deepest path that exists in the document
and described in words a user can act on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ghlsync.config.models import (
    ASSOCIATION_KEY_PATTERN,
    ENV_VAR_PATTERN,
    IDENTIFIER_PATTERN,
    OBJECT_KEY_PATTERN,
    ConfigModel,
)
from ghlsync.config.objects import FIELD_KEY_PATTERN
from ghlsync.config.sections import FileSchema
from ghlsync.config.yaml_loader import DocPath, LineTable, format_path
from ghlsync.errors import ConfigProblem

__all__ = ["validate_model"]

_PATTERN_HINTS = {
    OBJECT_KEY_PATTERN: "is not an object key: use contact, opportunity, business or "
    "custom_objects.<name> (lowercase letters, digits, underscore)",
    ASSOCIATION_KEY_PATTERN: "is not a valid association key: use letters, digits, '_', '-' "
    "and '.' (not first)",
    IDENTIFIER_PATTERN: "is not a valid id or name: use letters, digits, '_' and '-' "
    "(no spaces, '/', '.', '?', '#' or '%')",
    ENV_VAR_PATTERN: "is not an environment variable name (letters, digits, underscore)",
    FIELD_KEY_PATTERN: "is not a field key: use lowercase letters, digits and underscore",
}
"""The core file's patterns; a kind's section brings the hints of its own."""

_MAX_SHOWN = 80

_TYPE_WORDS = {
    "string_type": "a string",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
}


def _child(node: Any, step: int | str) -> tuple[bool, Any]:
    """Whether ``step`` leads into ``node``, and where."""
    if isinstance(node, dict) and isinstance(step, str) and step in node:
        return True, node[step]
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return True, node[step]
    return False, node


def _navigable_path(data: Any, loc: tuple[int | str, ...]) -> DocPath:
    """Keep the steps of ``loc`` that lead into ``data`` (drops union tags, ``[key]`` marks)."""
    path: list[str | int] = []
    node = data
    for step in loc:
        found, node = _child(node, step)
        if found:
            path.append(step)
    return tuple(path)


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _wrong_type(error: ErrorDetails) -> str:
    expected = _TYPE_WORDS[error["type"]]
    value = error["input"]
    message = f"expected {expected}, got {_describe_value(value)}"
    if error["type"] != "string_type" or value is None or isinstance(value, list | dict):
        return message
    if isinstance(value, int | float) and not isinstance(value, bool):
        return message + f': quote it, e.g. "{value}"'
    return message + ": quote it to keep it as text"


def _unknown_key(error: ErrorDetails, path: DocPath, known: frozenset[str]) -> str:
    import difflib  # only a file with an unknown key pays for it

    key = str(error["loc"][-1])
    where = format_path(path[:-1])
    message = f"unknown key {_shown(key)} in {where}"
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return message + (f" (did you mean '{close[0]}'?)" if close else "")


def _missing_key(error: ErrorDetails, path: DocPath) -> str:
    return f"missing required key '{error['loc'][-1]}' in {format_path(path)}"


def _pattern(error: ErrorDetails, path: DocPath, hints: Mapping[str, str]) -> str:
    pattern = str((error.get("ctx") or {}).get("pattern", ""))
    hint = hints.get(pattern, f"must match {pattern}")
    return f"{format_path(path)}: {_shown(error['input'])} {hint}"


def _shown(value: Any) -> str:
    """A value quoted for a message: control characters visible, long text shortened."""
    text = repr(value) if isinstance(value, str) else f"'{value}'"
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 4] + "…'"


def _located(describe: Callable[[ErrorDetails], str]) -> Callable[[ErrorDetails, DocPath], str]:
    return lambda error, path: f"{format_path(path)}: {describe(error)}"


_DESCRIBERS: dict[str, Callable[[ErrorDetails, DocPath], str]] = {
    "missing": _missing_key,
    "string_too_short": _located(lambda e: "must not be empty"),
    "string_too_long": _located(
        lambda e: f"must be at most {(e.get('ctx') or {}).get('max_length')} characters long"
    ),
    "literal_error": _located(lambda e: f"must be {(e.get('ctx') or {}).get('expected')}"),
    **{kind: _located(_wrong_type) for kind in _TYPE_WORDS},
}


def _describe(error: ErrorDetails, path: DocPath, schema: FileSchema) -> str:
    if error["type"] == "extra_forbidden":
        return _unknown_key(error, path, schema.field_names())
    if error["type"] == "string_pattern_mismatch":
        return _pattern(error, path, {**_PATTERN_HINTS, **schema.pattern_hints()})
    describer = _DESCRIBERS.get(error["type"])
    if describer is not None:
        return describer(error, path)
    message = error["msg"].removeprefix("Value error, ")
    return f"{format_path(path)}: {message[:1].lower()}{message[1:]}"


def _problem(
    error: ErrorDetails, data: Any, file: str, lines: LineTable, schema: FileSchema
) -> ConfigProblem:
    path = _navigable_path(data, error["loc"])
    return ConfigProblem(file, lines.line(path), _describe(error, path, schema))


def validate_model(
    data: Any, file: str, lines: LineTable, schema: FileSchema
) -> tuple[ConfigModel | None, list[ConfigProblem]]:
    """Validate ``data`` against the file with ``schema``'s sections; return the model, or
    None and every problem found."""
    if data is None:
        return None, [ConfigProblem(file, 1, "the file is empty: it needs at least 'version: 1'")]
    try:
        return schema.model.model_validate(data), []
    except ValidationError as error:
        problems = [_problem(detail, data, file, lines, schema) for detail in error.errors()]
        return None, list(dict.fromkeys(problems))
