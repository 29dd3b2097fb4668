"""The ``objects:`` section: custom objects and custom fields declared as code.

Models are structural (strict, unknown keys refused); :func:`object_problems` adds the
checks that need a whole object (options on a type without options, searchable names,
labels on a standard object), each at ``FILE:LINE``.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ghlsync.config.empty import empty_dict
from ghlsync.config.ownership import ignore_field, prevent_destroy_field
from ghlsync.config.yaml_loader import LineTable
from ghlsync.errors import ConfigProblem
from ghlsync.values.standard_objects import STANDARD_OBJECTS

__all__ = [
    "FIELD_KEY_PATTERN",
    "OPTION_TYPES",
    "FieldModel",
    "LabelsModel",
    "ObjectModel",
    "PrimaryPropertyModel",
    "object_problems",
]

FIELD_KEY_PATTERN = r"^[a-z0-9_]+$"
OPTION_TYPES = frozenset(
    {"CHECKBOX", "SINGLE_OPTIONS", "MULTIPLE_OPTIONS", "RADIO", "TEXTBOX_LIST"}
)
FOLDERLESS_OBJECTS = frozenset({"contact", "opportunity"})

FieldKey = Annotated[str, StringConstraints(pattern=FIELD_KEY_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
FieldType = Literal[
    "TEXT", "LARGE_TEXT", "NUMERICAL", "PHONE", "MONETORY", "CHECKBOX", "SINGLE_OPTIONS",
    "MULTIPLE_OPTIONS", "DATE", "TEXTBOX_LIST", "FILE_UPLOAD", "RADIO", "EMAIL",
]


class _Strict(BaseModel):
    # Validators are built with the composed file model (ghlsync.config.sections), not once
    # more per class at import; a model used alone builds on first use.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class LabelsModel(_Strict):
    """How GHL names a custom object."""

    model_config = ConfigDict(title="Object labels")

    singular: Text = Field(description="e.g. `Property`.")
    plural: Text = Field(description="e.g. `Properties`.")


class PrimaryPropertyModel(_Strict):
    """The property GHL shows as a record's name; set when the object is created, fixed after."""

    model_config = ConfigDict(title="Primary property")

    key: FieldKey = Field(description="Property key, e.g. `address` (lowercase, digits, `_`).")
    name: Text = Field(description="Display name, e.g. `Address`.")
    type: Literal["TEXT", "NUMERICAL"] = Field(description="`TEXT` or `NUMERICAL`.")


class FieldModel(_Strict):
    """A custom field; its key under `fields` is its identity."""

    model_config = ConfigDict(title="Custom field")

    name: Text = Field(description="Display name.")
    type: FieldType = Field(description="GHL's dataType; changing it replaces the field.")
    options: list[Text] | None = Field(
        default=None, description="Choices of an options type; options can be added, not removed."
    )
    folder: Text | None = Field(
        default=None, description="Folder name (custom objects and business only)."
    )
    description: str | None = Field(default=None, description="Help text.")
    placeholder: str | None = Field(default=None, description="Placeholder in forms.")
    ignore: list[Literal["name", "options", "folder", "description", "placeholder"]] = (
        ignore_field()
    )
    prevent_destroy: bool = prevent_destroy_field()


class ObjectModel(_Strict):
    """A custom object (created when missing) or a standard object's fields."""

    model_config = ConfigDict(title="Object")

    labels: LabelsModel | None = Field(default=None, description="Custom objects only.")
    description: str | None = Field(default=None, description="Custom objects only.")
    primary_property: PrimaryPropertyModel | None = Field(
        default=None, description="Custom objects only; set at creation, cannot change."
    )
    searchable: list[FieldKey] | None = Field(
        default=None, description="Property keys GHL searches (fields or the primary property)."
    )
    fields: dict[FieldKey, FieldModel] = Field(
        default_factory=empty_dict, description="Custom fields by key."
    )
    ignore: list[Literal["labels", "description", "searchable"]] = ignore_field()
    prevent_destroy: bool = prevent_destroy_field()


def object_problems(
    objects: dict[str, ObjectModel], file: str, lines: LineTable
) -> list[ConfigProblem]:
    """Problems within each declared object, in file order."""
    problems: list[ConfigProblem] = []
    for key, declared in objects.items():
        checker = _ObjectChecker(key, declared, file, lines)
        problems.extend(checker.problems())
    return problems


class _ObjectChecker:
    def __init__(self, key: str, declared: ObjectModel, file: str, lines: LineTable) -> None:
        self.key = key
        self.declared = declared
        self.file = file
        self.lines = lines

    def problems(self) -> list[ConfigProblem]:
        found = [*self._standard_only_fields(), *self._searchable()]
        for field_key, field in self.declared.fields.items():
            found.extend(self._field(field_key, field))
        return found

    def _problem(self, path: tuple[str | int, ...], message: str) -> ConfigProblem:
        line = self.lines.line(("objects", self.key, *path))
        return ConfigProblem(self.file, line, f"objects.{self.key}: {message}")

    def _standard_only_fields(self) -> list[ConfigProblem]:
        if self.key not in STANDARD_OBJECTS:
            return []
        declared = self.declared
        custom_only = {
            "labels": declared.labels,
            "description": declared.description,
            "primary_property": declared.primary_property,
        }
        return [
            self._problem(
                (name,),
                f"'{name}' is for custom objects; {self.key} only takes fields and searchable",
            )
            for name, value in custom_only.items()
            if value is not None
        ]

    def _searchable(self) -> list[ConfigProblem]:
        known = set(self.declared.fields)
        if self.declared.primary_property is not None:
            known.add(self.declared.primary_property.key)
        return [
            self._problem(
                ("searchable", index),
                f"searchable names '{name}', which is neither a field nor the primary property",
            )
            for index, name in enumerate(self.declared.searchable or ())
            if name not in known
        ]

    def _field(self, field_key: str, field: FieldModel) -> list[ConfigProblem]:
        path = ("fields", field_key)
        found = []
        if field.options is not None and field.type not in OPTION_TYPES:
            found.append(self._problem(
                (*path, "options"), f"field '{field_key}' of type {field.type} takes no options"
            ))
        if field.options is None and field.type in OPTION_TYPES:
            found.append(
                self._problem(path, f"field '{field_key}' of type {field.type} needs options")
            )
        if field.options is not None and len(set(field.options)) != len(field.options):
            found.append(
                self._problem((*path, "options"), f"field '{field_key}' repeats an option")
            )
        found.extend(
            self._problem((*path, name), f"{self.key} fields have no {name} in GHL's API")
            for name in ("folder", "description")
            if getattr(field, name) is not None and self.key in FOLDERLESS_OBJECTS
        )
        if self.declared.primary_property and field_key == self.declared.primary_property.key:
            found.append(self._problem(path, f"'{field_key}' is already the primary property"))
        return found
