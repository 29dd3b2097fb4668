"""The ``custom_values:`` section: its model, its checks and the declared values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ghlsync.config.ownership import ignore_field, prevent_destroy_field
from ghlsync.config.yaml_loader import LineTable
from ghlsync.errors import ConfigProblem
from ghlsync.values.location_settings import DesiredCustomValue, key_from_name, name_for_key
from ghlsync.values.slots import Declared
from ghlsync.values.source import Source

__all__ = [
    "CUSTOM_VALUE_KEY_PATTERN",
    "CustomValueKey",
    "CustomValueModel",
    "custom_value_problems",
    "desired_custom_values",
]

CUSTOM_VALUE_KEY_PATTERN = r"^[a-z0-9]+(_[a-z0-9]+)*$"
"""What GHL derives from a name: lowercase letters and digits, single ``_`` between them."""

CustomValueKey = Annotated[
    str, StringConstraints(max_length=200, pattern=CUSTOM_VALUE_KEY_PATTERN)
]


class CustomValueModel(BaseModel):
    """A custom value; its key under `custom_values` is its identity."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, title="Custom value")

    name: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="Display name; GHL derives the key from it (`Support phone` -> "
        "`support_phone`)."
    )
    value: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="The text templates show, e.g. `+1 555 0100` or `${BRAND}`."
    )
    ignore: list[Literal["name", "value"]] = ignore_field()
    prevent_destroy: bool = prevent_destroy_field()


def custom_value_problems(
    values: Mapping[str, CustomValueModel] | None, file: str, lines: LineTable
) -> list[ConfigProblem]:
    """A key the name would not give (GHL derives the key from the name)."""
    return [
        ConfigProblem(
            file,
            lines.line(("custom_values", key, "name")),
            f"custom_values.{key}: GHL derives the key '{key_from_name(model.name)}' from the "
            f"name {model.name!r}, not '{key}'; a name that gives '{key}' is "
            f"{name_for_key(key)!r}",
        )
        for key, model in (values or {}).items()
        if key_from_name(model.name) != key
    ]


def desired_custom_values(
    values: Mapping[str, CustomValueModel] | None, prune: bool, file: str, lines: LineTable
) -> Declared[DesiredCustomValue] | None:
    """The declared custom values by key; None when the file manages none (no section and
    no pruning)."""
    if values is None and not prune:
        return None
    return Declared({
        key: DesiredCustomValue(
            key, model.name, model.value, Source(file, lines.line(("custom_values", key)))
        )
        for key, model in (values or {}).items()
    }, prune)
