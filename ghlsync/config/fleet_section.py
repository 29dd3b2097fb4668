"""The ``fleet:`` section of the file (README, "Fleets"): its models, composed into a file's
model only when the file has one (docs/design.md, "The file"). Checks that need the whole
document are in ``ghlsync.config.fleet``.

No ``from __future__ import annotations``, as in ``models.py``.
"""

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

from ghlsync.config.empty import empty_dict, empty_list
from ghlsync.config.models import EnvVarName, Identifier, StrictModel
from ghlsync.config.sections import FileSection
from ghlsync.config.yaml_loader import LineTable

__all__ = ["SECTION", "FleetMemberModel", "FleetModel", "FleetSection"]


class FleetMemberModel(StrictModel):
    """One sub-account of a fleet."""

    model_config = ConfigDict(title="Fleet member")

    location: Identifier = Field(description="The member's GHL location (sub-account) id.")
    token_env: EnvVarName | None = Field(
        default=None,
        description="Variable holding this sub-account's Private Integration Token; without "
        "it a location token is minted from the fleet's agency token.",
    )
    read_token_env: EnvVarName | None = Field(
        default=None,
        description="Variable holding a read-only token for this member (plan, doctor).",
    )
    vars: dict[EnvVarName, str] = Field(
        default_factory=empty_dict,
        description="`${NAME}` values for this member, over the process environment.",
    )
    exclude: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default_factory=empty_list,
        description="Association, object, custom value or tag keys this member skips.",
    )


def _members_shape(value: Any) -> str:
    return "all" if isinstance(value, str) else "named"


FleetMembers = Annotated[
    Annotated[Literal["all"], Tag("all")]
    | Annotated[dict[Identifier, FleetMemberModel], Tag("named")],
    Discriminator(_members_shape),
]


class FleetModel(StrictModel):
    """Many sub-accounts run from this one file with `--fleet` (README, "Fleets")."""

    model_config = ConfigDict(title="Fleet")

    company_id: Identifier | None = Field(
        default=None,
        description="The agency (company) id: needed to mint location tokens and for "
        "`members: all`.",
    )
    agency_token_env: EnvVarName | None = Field(
        default=None,
        description="Variable holding an agency OAuth token that mints location tokens.",
    )
    members: FleetMembers = Field(
        description="Member name -> member, or `all` (every sub-account of the agency, each "
        "named by its location id)."
    )
    groups: dict[Identifier, list[Identifier]] = Field(
        default_factory=empty_dict,
        description="Group name -> member names, for `--only` and `--canary`.",
    )


class FleetSection(FileSection[FleetModel, None]):
    """The fleet declares nothing of any kind: it says where the file runs."""

    name = "fleet"
    annotation = FleetModel | None
    description = "Sub-accounts that `plan --fleet` and `apply --fleet` work on."
    pattern_hints: ClassVar[Mapping[str, str]] = {}
    models: ClassVar[tuple[type[BaseModel], ...]] = (FleetModel, FleetMemberModel)

    def declared(
        self, value: FleetModel | None, prune: bool, file: str, lines: LineTable
    ) -> None:
        return None


SECTION = FleetSection()
