"""Which members a fleet run works on: the file's members, ``--only``, ``--shard``, ``--canary``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ghlsync.config.fleet_section import FleetMemberModel, FleetModel
from ghlsync.errors import UsageError

__all__ = [
    "Member",
    "all_members",
    "declared_members",
    "named_members",
    "parse_shard",
    "select",
    "shard_of",
]

_SHARD = re.compile(r"([0-9]+)/([0-9]+)")


@dataclass(frozen=True, slots=True)
class Member:
    """One sub-account of the fleet, by the name the file gives it."""

    name: str
    location: str
    token_env: str | None = None
    read_token_env: str | None = None
    vars: Mapping[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_model(cls, name: str, model: FleetMemberModel) -> Member:
        return cls(
            name, model.location, model.token_env, model.read_token_env,
            dict(model.vars), tuple(model.exclude),
        )


def declared_members(fleet: FleetModel) -> list[Member]:
    """The members the file names (``members: all`` is listed from the agency instead)."""
    if not isinstance(fleet.members, dict):
        return []
    return [Member.from_model(name, model) for name, model in fleet.members.items()]


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` -> (I, N) with 1 <= I <= N; UsageError otherwise."""
    match = _SHARD.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise UsageError(f"--shard {text!r}: write I/N with 1 <= I <= N, e.g. --shard 2/4")
    return int(match.group(1)), int(match.group(2))


def shard_of(members: Sequence[Member], index: int, count: int) -> list[Member]:
    """The ``index``-th of ``count`` shares: members sorted by name, dealt round-robin, so the
    shares are even and the same names always give the same split."""
    ordered = sorted(members, key=lambda member: member.name)
    return [member for position, member in enumerate(ordered) if position % count == index - 1]


def named_members(
    members: Sequence[Member], groups: Mapping[str, Sequence[str]], names: Iterable[str]
) -> list[Member]:
    """The members ``names`` (member or group names) stand for, in fleet order."""
    by_name = {member.name: member for member in members}
    wanted: set[str] = set()
    unknown: list[str] = []
    for name in names:
        if name in groups:
            wanted.update(groups[name])
        elif name in by_name:
            wanted.add(name)
        else:
            unknown.append(name)
    if unknown:
        known = ", ".join([*sorted(by_name), *sorted(groups)]) or "none"
        raise UsageError(f"{', '.join(unknown)}: no such fleet member or group (known: {known})")
    return [member for member in members if member.name in wanted]


def select(
    members: Sequence[Member],
    groups: Mapping[str, Sequence[str]],
    only: Sequence[str] = (),
    shard: tuple[int, int] | None = None,
) -> list[Member]:
    """``--only`` (members and groups), then ``--shard`` of what is left."""
    chosen = named_members(members, groups, only) if only else list(members)
    return chosen if shard is None else shard_of(chosen, *shard)


def all_members(locations: Iterable[str]) -> list[Member]:
    """``members: all``: each sub-account a member named by its location id."""
    return [Member(location, location) for location in locations]
