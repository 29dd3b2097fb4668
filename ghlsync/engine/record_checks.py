"""Every record a planned relation create names must exist, checked before any write.

A raw id with a typo would otherwise make ``apply`` delete the real relation (deletes run
first) and then fail, or link a record that does not exist. Records already seen (an end of a
live relation) or resolved by natural key are known to exist; every other one is read once,
concurrently on the client's pool (docs/design.md, "Record references").
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from ghlsync.client.api import GhlClient
from ghlsync.client.records import record_exists
from ghlsync.errors import ConfigError, ConfigProblem
from ghlsync.values.plan import Action, Plan, RelationChange
from ghlsync.values.state import DesiredState, LiveState, RecordRef, Side, Source

__all__ = ["RecordUse", "check_records_exist", "records_to_check"]


class RecordUse(NamedTuple):
    """A record a planned relation create names: its object, and where the file names it."""

    object_key: str
    record: RecordRef
    association_key: str
    source: Source | None


def check_records_exist(
    client: GhlClient, desired: DesiredState, live: LiveState, plan: Plan
) -> None:
    """Raise ConfigError naming every record a planned create names that does not exist."""
    uses = records_to_check(desired, live, plan)
    wanted = sorted({(use.object_key, use.record.id) for use in uses})
    answers = client.pool.gather(
        [functools.partial(record_exists, client, *pair) for pair in wanted]
    )
    missing = {pair for pair, found in zip(wanted, answers, strict=True) if not found}
    problems = [
        _problem(use, desired.location_id)
        for use in uses
        if (use.object_key, use.record.id) in missing
    ]
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))


def records_to_check(desired: DesiredState, live: LiveState, plan: Plan) -> list[RecordUse]:
    """The record ends of planned creates not seen live nor resolved by natural key, as a
    record of the object the create needs (a replacement may change it)."""
    known = _known_records(desired, live)
    sides = _side_objects(desired, live)
    return [
        use
        for change in plan.changes
        if isinstance(change, RelationChange) and change.action is Action.CREATE
        for use in _uses(change, sides)
        if (use.object_key, use.record.id) not in known
    ]


def _known_records(desired: DesiredState, live: LiveState) -> set[tuple[str, str]]:
    """(object, record id) of the records seen live or resolved by natural key."""
    by_id = live.association_by_id()
    seen = {
        pair
        for relation in live.relations.values()
        if relation.association_id in by_id
        for pair in (
            (by_id[relation.association_id].first.object, relation.first_record_id),
            (by_id[relation.association_id].second.object, relation.second_record_id),
        )
    }
    return seen | {(record.key.object, record.id) for record in desired.resolved}


def _side_objects(desired: DesiredState, live: LiveState) -> dict[str, tuple[Side, Side]]:
    """Association key -> its sides: the file's where declared, else the location's."""
    sides = {key: (a.first, a.second) for key, a in live.associations.items()}
    return {**sides, **{key: (a.first, a.second) for key, a in desired.associations.items()}}


def _uses(change: RelationChange, sides: Mapping[str, tuple[Side, Side]]) -> Iterator[RecordUse]:
    value = change.value
    first_side, second_side = sides.get(value.association_key, (None, None))
    for side, record in ((first_side, value.first), (second_side, value.second)):
        if side is not None:
            yield RecordUse(side.object, record, value.association_key, change.source)


def _problem(use: RecordUse, location_id: str) -> ConfigProblem:
    file, line = (use.source.file, use.source.line) if use.source else ("(relations)", 1)
    return ConfigProblem(
        file,
        line,
        f"relations.{use.association_key}: {use.object_key} record {use.record.display()} "
        f"does not exist in location {location_id}; nothing was changed",
    )
