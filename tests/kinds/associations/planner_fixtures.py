"""Small builders shared by the planner, safety, renderer and plan-file tests."""

from __future__ import annotations

from ghlsync.values.state import (
    AssociationType,
    DesiredAssociation,
    DesiredRelation,
    DesiredState,
    LiveAssociation,
    LiveRelation,
    LiveState,
    PruneSettings,
    ReadScope,
    RecordRef,
    Side,
    Source,
)

FILE = "ghlsync.yaml"


def src(line: int) -> Source:
    return Source(FILE, line)


def declared(key: str, first: str, second: str, line: int = 1) -> DesiredAssociation:
    return DesiredAssociation(key, side(first), side(second), src(line))


def side(text: str) -> Side:
    """'contact/Owner' -> Side('contact', 'Owner')."""
    obj, label = text.split("/")
    return Side(obj, label)


def live_assoc(
    key: str, first: str, second: str, *, system: bool = False, id: str | None = None
) -> LiveAssociation:
    kind = AssociationType.SYSTEM_DEFINED if system else AssociationType.USER_DEFINED
    return LiveAssociation(id or f"id_{key}", key, side(first), side(second), kind)


def relation(key: str, first: str, second: str, line: int = 10) -> DesiredRelation:
    return DesiredRelation(key, RecordRef(first), RecordRef(second), src(line))


def live_rel(rel_id: str, key: str, first: str, second: str) -> LiveRelation:
    return LiveRelation(rel_id, f"id_{key}", first, second)


def desired_state(
    associations: list[DesiredAssociation] = (),  # type: ignore[assignment]
    relations: list[DesiredRelation] = (),  # type: ignore[assignment]
    *,
    prune: PruneSettings | None = None,
    **extra: object,
) -> DesiredState:
    return DesiredState(
        location_id="loc_1",
        environment="staging",
        config_path=FILE,
        config_digest="cfg",
        associations={a.key: a for a in associations},
        relations=tuple(relations),
        prune=prune or PruneSettings(),
        **extra,  # type: ignore[arg-type]
    )


def live_state(
    associations: list[LiveAssociation] = (),  # type: ignore[assignment]
    relations: list[LiveRelation] = (),  # type: ignore[assignment]
    scope: dict[str, frozenset[str]] | None = None,
) -> LiveState:
    return LiveState(
        location_id="loc_1",
        associations={a.key: a for a in associations},
        relations={r.id: r for r in relations},
        scope=ReadScope(scope or {}),
    )
