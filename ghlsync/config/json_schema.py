"""The JSON Schema of the configuration file, generated from the models."""

from __future__ import annotations

from typing import Any

from ghlsync.config.sections import FileSchema

__all__ = ["config_json_schema", "render_schema"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _close_pattern_properties(node: Any) -> None:
    """Mappings with constrained keys also refuse keys that do not match (as pydantic does)."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for child in node.values():
            _close_pattern_properties(child)
    elif isinstance(node, list):
        for child in node:
            _close_pattern_properties(child)


def config_json_schema(file: FileSchema) -> dict[str, Any]:
    """The draft 2020-12 JSON Schema of ``ghlsync.yaml`` with the kinds' sections of ``file``."""
    schema = file.model.model_json_schema()
    _close_pattern_properties(schema)
    schema["$schema"] = _DRAFT
    schema["title"] = "ghlsync configuration"
    return schema


def render_schema(file: FileSchema) -> str:
    """The schema exactly as checked in: sorted keys, two-space indent, final newline."""
    import json  # only `ghlsync schema` renders it: validate loads no json

    return json.dumps(config_json_schema(file), indent=2, sort_keys=True) + "\n"
