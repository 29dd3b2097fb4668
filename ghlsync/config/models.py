"""Pydantic models of the configuration file (docs/design.md); the JSON Schema comes from them.

Every model is strict and forbids unknown keys. Validation here is structural only;
checks that need the whole document (duplicates, aliases) live in ``ghlsync.config.semantics``.

No ``from __future__ import annotations`` here nor in ``objects.py``: annotations as text
would have pydantic compile each one on every start (docs/design.md, "Start-up").
"""

from collections.abc import Sequence
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from ghlsync.config.empty import empty_dict, empty_list
from ghlsync.config.objects import FieldModel, LabelsModel, ObjectModel, PrimaryPropertyModel
from ghlsync.config.ownership import ignore_field, prevent_destroy_field

__all__ = [
    "ASSOCIATION_KEY_PATTERN",
    "ENV_VAR_PATTERN",
    "IDENTIFIER_PATTERN",
    "MAX_ID_LENGTH",
    "OBJECT_KEY_PATTERN",
    "STANDARD_KEY_PROPERTIES",
    "AssociationModel",
    "ConfigModel",
    "EnvironmentModel",
    "NaturalKeyModel",
    "PruneModel",
    "RelationMapping",
    "RelationModel",
    "SafetyModel",
    "SideModel",
    "StrictModel",
    "all_field_names",
    "relation_pair",
]

OBJECT_KEY_PATTERN = r"^(contact|opportunity|business|custom_objects\.[a-z0-9_]+)$"
ASSOCIATION_KEY_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$"
"""Letters, digits, ``_``, ``-`` and ``.``, not starting with ``.`` (so never ``.`` or ``..``)."""
IDENTIFIER_PATTERN = r"^[A-Za-z0-9_-]+$"
"""Location ids, record ids and record aliases: they end up in URL paths, so only
letters, digits, ``_`` and ``-`` (real GHL ids are alphanumeric)."""
ENV_VAR_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"

ObjectKey = Annotated[str, StringConstraints(pattern=OBJECT_KEY_PATTERN)]
MAX_ID_LENGTH = 200
AssociationKey = Annotated[
    str, StringConstraints(max_length=MAX_ID_LENGTH, pattern=ASSOCIATION_KEY_PATTERN)
]
Identifier = Annotated[str, StringConstraints(max_length=MAX_ID_LENGTH, pattern=IDENTIFIER_PATTERN)]
Label = Annotated[str, StringConstraints(min_length=1)]
EnvVarName = Annotated[str, StringConstraints(pattern=ENV_VAR_PATTERN)]
EnvironmentName = Identifier
RecordName = Annotated[
    Identifier, Field(description="A record alias declared under `records`, or a raw record id.")
]


class StrictModel(BaseModel):
    """Strict and frozen, refusing unknown keys: the base of the file's models."""

    # Validators are built with the file's model (ghlsync.config.sections), not once more per
    # class at import; a model used alone builds on first use.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


def _reject_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be the number 1")
    return value


class SideModel(StrictModel):
    """One end of an association."""

    model_config = ConfigDict(title="Side")

    object: ObjectKey = Field(
        description="`contact`, `opportunity`, `business` or `custom_objects.<name>`."
    )
    label: Label = Field(description="How this side is labelled in GHL, e.g. `Owner`.")


class AssociationModel(StrictModel):
    """A relationship type between two objects; its `key` is its identity."""

    model_config = ConfigDict(title="Association")

    key: AssociationKey = Field(
        description="Unique per location and immutable: letters, digits, `_`, `-` and `.` "
        "(not first)."
    )
    first: SideModel = Field(description="The first object and its label.")
    second: SideModel = Field(description="The second object and its label.")
    ignore: list[Literal["labels", "first.label", "second.label"]] = ignore_field()
    prevent_destroy: bool = prevent_destroy_field()


class EnvironmentModel(StrictModel):
    """A target chosen with `--env NAME`."""

    model_config = ConfigDict(title="Environment")

    location: Identifier = Field(description="The GHL location id of this environment.")
    token_env: EnvVarName | None = Field(
        default=None,
        description="Name of the environment variable holding this environment's token "
        "(default: GHL_TOKEN).",
    )
    read_token_env: EnvVarName | None = Field(
        default=None,
        description="Name of the environment variable holding a read-only token; commands "
        "that only read (plan, diff, export, doctor) use it when it is set.",
    )


class PruneModel(StrictModel):
    """What the file owns, i.e. what may be deleted when it is not declared."""

    # The flags of the kinds' sections a file uses are composed in (ghlsync.config.sections).
    model_config = ConfigDict(title="Prune", defer_build=True)

    associations: bool = Field(
        default=False, description="Delete live USER_DEFINED associations not declared here."
    )
    relations: bool = Field(
        default=True, description="Delete undeclared relations of in-scope records."
    )
    fields: bool = Field(
        default=False, description="Delete undeclared custom fields of declared objects."
    )


class SafetyModel(StrictModel):
    """Thresholds above which `apply` needs `--allow-destroy`."""

    model_config = ConfigDict(title="Safety")

    max_relation_delete_fraction: float = Field(
        default=0.3, ge=0.0, le=1.0,
        description="Largest fraction of live in-scope relations deleted without --allow-destroy.",
    )
    min_relations_for_fraction: int = Field(
        default=10, ge=0,
        description="The fraction rule applies only when at least this many relations exist.",
    )


class RelationMapping(StrictModel):
    """A relation written as `{first: ..., second: ...}`."""

    model_config = ConfigDict(title="Relation mapping")

    first: RecordName = Field(description="The record on the association's first side.")
    second: RecordName = Field(description="The record on the association's second side.")


RelationPair = Annotated[
    list[RecordName],
    Field(min_length=2, max_length=2, description="`[first record, second record]`."),
]


def _relation_shape(value: Any) -> str | None:
    if isinstance(value, list):
        return "pair"
    if isinstance(value, dict | RelationMapping):
        return "mapping"
    return None


RelationModel = Annotated[
    Annotated[RelationPair, Tag("pair")] | Annotated[RelationMapping, Tag("mapping")],
    Discriminator(
        _relation_shape,
        custom_error_type="relation_shape",
        custom_error_message="a relation is [first, second] or {first: ..., second: ...}",
    ),
]


def relation_pair(relation: list[str] | RelationMapping) -> tuple[str, str]:
    """The (first, second) record names of a relation in either form."""
    if isinstance(relation, RelationMapping):
        return relation.first, relation.second
    return relation[0], relation[1]


STANDARD_KEY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contact": ("email", "phone"),
    "business": ("name",),
    "opportunity": ("name",),
}
"""The properties a standard object's records can be found by (custom objects: any)."""


class NaturalKeyModel(BaseModel):
    """A record named by its object and exactly one property, resolved in the location."""

    model_config = ConfigDict(
        strict=True,
        extra="allow",
        frozen=True,
        title="Natural key",
        json_schema_extra={"minProperties": 2, "maxProperties": 2},
    )
    __pydantic_extra__: dict[str, Annotated[str, Field(min_length=1)]] = Field(init=False)

    object: ObjectKey = Field(
        description="The record's object. contact: by `email` or `phone`; business and "
        "opportunity: by `name`; a custom object: by any of its property keys."
    )

    @model_validator(mode="after")
    def _one_usable_property(self) -> Self:
        extras = self.model_extra or {}
        if len(extras) != 1:
            found = ", ".join(sorted(extras)) or "none"
            raise ValueError(f"a natural key names exactly one property ({found}) besides object")
        name, value = next(iter(extras.items()))
        allowed = STANDARD_KEY_PROPERTIES.get(self.object)
        if allowed is not None and name not in allowed:
            choices = " or ".join(allowed)
            raise ValueError(f"{self.object} records are found by {choices}, not '{name}'")
        if value != value.strip():
            raise ValueError(f"{name} value {value!r} has leading or trailing spaces")
        return self

    @property
    def key_property(self) -> tuple[str, str]:
        """The (property, value) that names the record."""
        extras = self.model_extra or {}
        return next(iter(extras.items()))


def _record_shape(value: Any) -> str:
    if isinstance(value, NaturalKeyModel) or (isinstance(value, dict) and "object" in value):
        return "natural_key"
    return "ids"


RecordIds = dict[EnvironmentName, Identifier]
RecordModel = Annotated[
    Annotated[
        RecordIds, Tag("ids"), Field(json_schema_extra={"not": {"required": ["object"]}})
    ]
    | Annotated[NaturalKeyModel, Tag("natural_key")],
    Discriminator(_record_shape),
]


class ConfigModel(StrictModel):
    """ghlsync configuration: a location's associations and relations, declared."""

    # The kinds' sections a file uses are composed in (ghlsync.config.sections); a file that
    # uses none is validated with this model itself.
    model_config = ConfigDict(defer_build=True)

    version: Annotated[Literal[1], BeforeValidator(_reject_bool)] = Field(
        description="Format version; must be 1."
    )
    location: Identifier | None = Field(
        default=None,
        description="Target location id (literal or ${VAR}) when no environment is chosen.",
    )
    environments: dict[EnvironmentName, EnvironmentModel] = Field(
        default_factory=empty_dict,
        description="Named targets, chosen with `--env NAME`.",
    )
    prune: PruneModel = Field(
        default_factory=PruneModel,
        description="Which undeclared live things may be deleted (defaults: relations only).",
    )
    safety: SafetyModel = Field(
        default_factory=SafetyModel,
        description="Bulk-delete thresholds for --allow-destroy.",
    )
    associations: list[AssociationModel] = Field(
        default_factory=empty_list, description="The USER_DEFINED associations this file declares."
    )
    records: dict[Identifier, RecordModel] = Field(
        default_factory=empty_dict,
        description="Record aliases: alias -> environment name (or `default`) -> record id, "
        "or alias -> natural key (`{object: contact, email: jane@example.com}`).",
    )
    managed_records: list[RecordName] = Field(
        default_factory=empty_list,
        description="Records whose relations this file owns even when none is listed.",
    )
    relations: dict[AssociationKey, list[RelationModel]] = Field(
        default_factory=empty_dict,
        description="Relations by association key (declared here or existing live).",
    )
    objects: dict[ObjectKey, ObjectModel] = Field(
        default_factory=empty_dict,
        description="Custom objects (created when missing) and custom fields, by object key.",
    )


def all_field_names(more: Sequence[type[BaseModel]] = ()) -> frozenset[str]:
    """Every key any model accepts, with ``more`` (to suggest a fix for a misspelt key)."""
    models: list[type[BaseModel]] = [
        ConfigModel, EnvironmentModel, PruneModel, SafetyModel, AssociationModel, SideModel,
        RelationMapping, ObjectModel, FieldModel, LabelsModel, PrimaryPropertyModel, *more,
    ]
    return frozenset(name for model in models for name in model.model_fields)
