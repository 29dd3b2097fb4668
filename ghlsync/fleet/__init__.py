"""Fleets: one file, many sub-accounts (README, "Fleets"; docs/design.md, "Fleets").

A fleet run is a loop over members calling the engine's functions (:mod:`ghlsync.engine`),
members concurrently in one process, each with its own client and pacer.
"""

from ghlsync.fleet.connect import FleetConnection
from ghlsync.fleet.documents import member_document
from ghlsync.fleet.members import (
    Member,
    all_members,
    declared_members,
    named_members,
    parse_shard,
    select,
)
from ghlsync.fleet.render import (
    FLEET_INDEX,
    fleet_document,
    fleet_index,
    fleet_report,
    render_fleet_markdown,
    render_fleet_text,
)
from ghlsync.fleet.run import (
    DEFAULT_MEMBERS_AT_ONCE,
    FleetResult,
    FleetRun,
    MemberOutcome,
    MemberStatus,
    apply_fleet,
    plan_fleet,
)

__all__ = [
    "DEFAULT_MEMBERS_AT_ONCE",
    "FLEET_INDEX",
    "FleetConnection",
    "FleetResult",
    "FleetRun",
    "Member",
    "MemberOutcome",
    "MemberStatus",
    "all_members",
    "apply_fleet",
    "declared_members",
    "fleet_document",
    "fleet_index",
    "fleet_report",
    "member_document",
    "named_members",
    "parse_shard",
    "plan_fleet",
    "render_fleet_markdown",
    "render_fleet_text",
    "select",
]
