"""Choosing members: --only (members and groups), --shard I/N (even, stable, by name)."""

from __future__ import annotations

import pytest

from ghlsync.errors import UsageError
from ghlsync.fleet.members import Member, parse_shard, select, shard_of

MEMBERS = [Member(f"m{i:02d}", f"loc_{i}") for i in range(10)]
GROUPS = {"canary": ["m03"], "west": ["m01", "m02"]}


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2", ""])
def test_a_bad_shard_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="I/N"):
        parse_shard(text)


def test_shards_split_every_member_once_and_evenly() -> None:
    shards = [shard_of(MEMBERS, index, 3) for index in (1, 2, 3)]
    names = [m.name for shard in shards for m in shard]
    assert sorted(names) == sorted(m.name for m in MEMBERS)
    assert [len(shard) for shard in shards] == [4, 3, 3]


def test_a_shard_depends_on_names_not_on_the_order_given() -> None:
    assert shard_of(MEMBERS, 2, 4) == shard_of(list(reversed(MEMBERS)), 2, 4)
    assert [m.name for m in shard_of(MEMBERS, 2, 4)] == ["m01", "m05", "m09"]


def test_only_takes_members_and_groups_in_fleet_order() -> None:
    chosen = select(MEMBERS, GROUPS, only=("west", "m07", "canary"))
    assert [m.name for m in chosen] == ["m01", "m02", "m03", "m07"]


def test_only_then_shard() -> None:
    chosen = select(MEMBERS, GROUPS, only=("west", "m07", "canary"), shard=(1, 2))
    assert [m.name for m in chosen] == ["m01", "m03"]


def test_an_unknown_name_lists_what_is_known() -> None:
    with pytest.raises(UsageError, match="ghost: no such fleet member or group"):
        select(MEMBERS, GROUPS, only=("ghost",))
