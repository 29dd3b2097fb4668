"""The ``custom_values:`` section of the file: its model, its checks, what it declares and
its ``prune.custom_values`` flag (docs/design.md, "The file")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ghlsync.config.ownership import ignore_field, prevent_destroy_field
from ghlsync.config.sections import FileSection, Owned
from ghlsync.config.yaml_loader import DocPath, LineTable
from ghlsync.errors import ConfigProblem
from ghlsync.kinds.custom_values.declared import DesiredCustomValue, key_from_name, name_for_key
from ghlsync.values.slots import Declared
from ghlsync.values.source import Source

__all__ = [
    "CUSTOM_VALUE_KEY_PATTERN",
    "SECTION",
    "CustomValueKey",
    "CustomValueModel",
    "CustomValuesSection",
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


Values = Mapping[str, CustomValueModel]


class CustomValuesSection(FileSection[Values, Declared[DesiredCustomValue]]):
    name = "custom_values"
    annotation = dict[CustomValueKey, CustomValueModel] | None
    description = "Custom values by the key templates use: `{{ custom_values.<key> }}`."
    prune_description = "Delete custom values not declared (needs --allow-destroy)."
    pattern_hints: ClassVar[Mapping[str, str]] = {
        CUSTOM_VALUE_KEY_PATTERN: "is not a custom value key: lowercase letters and digits, "
        "one '_' between words (GHL derives it from the name)",
    }
    models = (CustomValueModel,)

    def problems(self, value: Values | None, file: str, lines: LineTable) -> list[ConfigProblem]:
        """A key the name would not give (GHL derives the key from the name)."""
        return [
            ConfigProblem(
                file,
                lines.line(("custom_values", key, "name")),
                f"custom_values.{key}: GHL derives the key '{key_from_name(model.name)}' from "
                f"the name {model.name!r}, not '{key}'; a name that gives '{key}' is "
                f"{name_for_key(key)!r}",
            )
            for key, model in (value or {}).items()
            if key_from_name(model.name) != key
        ]

    def declared(
        self, value: Values | None, prune: bool, file: str, lines: LineTable
    ) -> Declared[DesiredCustomValue] | None:
        """The declared custom values by key; None when the file manages none (no section
        and no pruning)."""
        if value is None and not prune:
            return None
        return Declared({
            key: DesiredCustomValue(
                key, model.name, model.value, Source(file, lines.line(("custom_values", key)))
            )
            for key, model in (value or {}).items()
        }, prune)

    def owned(self, value: Values | None) -> Iterator[tuple[str, DocPath, Owned]]:
        for key, model in (value or {}).items():
            yield f"custom_value.{key}", ("custom_values", key), model

    def keys(self, value: Values | None) -> Iterable[str]:
        return value or ()

    def without(self, value: Values | None, excluded: frozenset[str]) -> Values | None:
        if value is None:
            return None
        return {key: model for key, model in value.items() if key not in excluded}

    def digest(self, declared: Declared[DesiredCustomValue]) -> dict[str, Any]:
        return {"custom_values": {k: [v.name, v.value] for k, v in sorted(declared.items.items())}}

    def prunes(self, declared: Declared[DesiredCustomValue]) -> bool:
        return declared.prune


SECTION = CustomValuesSection()
