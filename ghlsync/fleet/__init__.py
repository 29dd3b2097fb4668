"""Fleets: one file, many sub-accounts (README, "Fleets"; docs/design.md, "Fleets").

A fleet run is a loop over members calling the engine's functions (:mod:`ghlsync.engine`),
members concurrently in one process, each with its own client and pacer.
"""

from ghlsync.fleet.connect import FleetConnection
from ghlsync.fleet.members import Member, declared_members, parse_shard, select
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
    "FleetConnection",
    "FleetResult",
    "FleetRun",
    "Member",
    "MemberOutcome",
    "MemberStatus",
    "apply_fleet",
    "declared_members",
    "parse_shard",
    "plan_fleet",
    "select",
]
