"""Cardinality limits: refuse, at plan time, relations GHL would refuse halfway through apply.

Real associations may limit how many records of one object a record of the other may be
linked to (``BUSINESSES_CONTACTS_ASSOCIATION``: one business per contact). After the planned
deletes and creates, each record's count through such an association must stay within the
limit. Only relations that were read can be counted: every record named in ``relations`` is
read when pruning, and without pruning every record on a limited side (``scope.read_scope``),
so relations kept in the location count too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ghlsync.errors import ConfigProblem
from ghlsync.values.plan import Action, AssociationChange, Change, RelationChange
from ghlsync.values.state import LiveAssociation, LiveState, Source

__all__ = ["cardinality_problems", "describe_limits"]


@dataclass(frozen=True, slots=True)
class _Link:
    """A relation as it will be after apply: kept live (no source) or planned (a source)."""

    first: str
    second: str
    source: Source | None
    display: tuple[str, str]


def cardinality_problems(live: LiveState, changes: Sequence[Change]) -> list[ConfigProblem]:
    """One problem per record whose relations would exceed a live association's limit."""
    rebuilt = {c.key for c in changes if isinstance(c, AssociationChange)}
    limited = {
        key: association
        for key, association in live.associations.items()
        if key not in rebuilt and _has_limit(association)
    }
    if not limited:
        return []  # no link is built for the (many) relations no limit applies to
    problems: list[ConfigProblem] = []
    for key, links in _links_after_apply(live, changes, limited).items():
        problems += _over_limit(limited[key], links)
    return problems


def _has_limit(association: LiveAssociation) -> bool:
    limits = (association.first_to_second_limit, association.second_to_first_limit)
    return any(limit is not None for limit in limits)


def _links_after_apply(
    live: LiveState, changes: Sequence[Change], limited: Mapping[str, LiveAssociation]
) -> dict[str, list[_Link]]:
    """The relations of the ``limited`` associations as they will be after apply."""
    relations = [c for c in changes if isinstance(c, RelationChange)]
    deleted = {c.value.id for c in relations if c.action is Action.DELETE}
    key_by_id = {a.id: key for key, a in limited.items()}
    links: dict[str, list[_Link]] = defaultdict(list)
    for relation in live.relations.values():
        key = key_by_id.get(relation.association_id)
        if key is not None and relation.id not in deleted:
            ids = (relation.first_record_id, relation.second_record_id)
            links[key].append(_Link(*ids, None, ids))
    for change in relations:
        if change.action is Action.CREATE and change.value.association_key in limited:
            value = change.value
            display = (value.first.display(), value.second.display())
            links[value.association_key].append(
                _Link(value.first.id, value.second.id, change.source, display)
            )
    return links


def _over_limit(association: LiveAssociation, links: Sequence[_Link]) -> list[ConfigProblem]:
    first, second = association.first.object, association.second.object
    return [
        *_side_over_limit(association, links, 0, association.first_to_second_limit, second),
        *_side_over_limit(association, links, 1, association.second_to_first_limit, first),
    ]


def _side_over_limit(
    association: LiveAssociation,
    links: Sequence[_Link],
    side: int,
    limit: int | None,
    other_object: str,
) -> Iterable[ConfigProblem]:
    if limit is None:
        return
    grouped: dict[str, list[_Link]] = defaultdict(list)
    for link in links:
        grouped[(link.first, link.second)[side]].append(link)
    for _record, record_links in sorted(grouped.items()):
        past_limit = [link for link in _kept_first(record_links)[limit:] if link.source]
        if past_limit:
            yield _problem(association, record_links, past_limit[0], side, limit, other_object)


def _kept_first(links: Sequence[_Link]) -> list[_Link]:
    """Kept live relations take their places first; planned ones follow in file order."""
    return sorted(links, key=_file_order)


def _file_order(link: _Link) -> tuple[bool, str, int]:
    source = link.source
    return (False, "", 0) if source is None else (True, source.file, source.line)


def _problem(
    association: LiveAssociation,
    links: Sequence[_Link],
    past_limit: _Link,
    side: int,
    limit: int,
    other_object: str,
) -> ConfigProblem:
    assert past_limit.source is not None
    record = past_limit.display[side]
    others = ", ".join(sorted(link.display[1 - side] for link in links))
    kept = sum(1 for link in links if link.source is None)
    message = (
        f"relations.{association.key}: {record} would be linked to {len(links)} "
        f"{other_object} records ({others}; {kept} already in the location), but "
        f"{association.key} allows at most {limit}"
    )
    return ConfigProblem(past_limit.source.file, past_limit.source.line, message)


def describe_limits(association: LiveAssociation) -> str | None:
    """``at most 1 business per contact``, ``cardinality: MANY_TO_MANY``, or None if unknown."""
    first, second = association.first.object, association.second.object
    limits = (
        (association.second_to_first_limit, first, second),
        (association.first_to_second_limit, second, first),
    )
    phrases = [
        f"at most {limit} {_records(other, limit)} per {record}"
        for limit, other, record in limits
        if limit is not None
    ]
    if phrases:
        return ", ".join(phrases)
    cardinality = association.first_to_second_cardinality or association.second_to_first_cardinality
    return f"cardinality: {cardinality}" if cardinality else None


def _records(object_key: str, count: int) -> str:
    if count == 1:
        return object_key
    return _PLURALS.get(object_key, f"{object_key} records")


_PLURALS = {"contact": "contacts", "business": "businesses", "opportunity": "opportunities"}
