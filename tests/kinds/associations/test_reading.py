"""Reading live state: listings that contradict each other are refused before any plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from ghlsync.errors import ApiError
from ghlsync.kinds.associations.read import read_closure, read_live_state
from ghlsync.values.state import LiveAssociation, LiveRelation, ReadScope, Side

OWNER = LiveAssociation("a1", "owner", Side("custom_objects.property", "P"), Side("contact", "O"))
TUTOR = LiveAssociation("a2", "tutor", Side("contact", "T"), Side("contact", "S"))


class _Reader:
    location_id = "loc_1"

    def __init__(self, associations: list[LiveAssociation], by_record: dict[str, list]) -> None:
        self._associations = associations
        self._by_record = by_record

    def list_associations(self) -> list[LiveAssociation]:
        return list(self._associations)

    def list_relations_of(self, wanted: Mapping[str, Sequence[str]]) -> list[LiveRelation]:
        return [r for record in sorted(wanted) for r in self._by_record.get(record, [])]


def test_two_listings_disagreeing_about_one_relation_id_are_an_error() -> None:
    reader = _Reader([OWNER, TUTOR], {
        "p1": [LiveRelation("r1", "a1", "p1", "c1")],
        "c1": [LiveRelation("r1", "a2", "c1", "c9")],
    })
    scope = ReadScope({"p1": frozenset({"owner"}), "c1": frozenset({"owner", "tutor"})})
    with pytest.raises(ApiError, match="two listings disagree about relation 'r1'"):
        read_live_state(reader, scope)


def test_the_closure_refuses_a_disagreement_found_while_following() -> None:
    reader = _Reader([OWNER], {
        "p1": [LiveRelation("r1", "a1", "p1", "c1")],
        "c1": [LiveRelation("r1", "a1", "p2", "c1")],
    })
    with pytest.raises(ApiError, match="disagree"):
        read_closure(reader, ["p1"])


def test_one_relation_seen_from_both_records_is_kept_once() -> None:
    same = LiveRelation("r1", "a1", "p1", "c1")
    reader = _Reader([OWNER], {"p1": [same], "c1": [same]})
    scope = ReadScope({"p1": frozenset({"owner"}), "c1": frozenset({"owner"})})
    assert read_live_state(reader, scope).relations == {"r1": same}


def test_an_association_listing_naming_one_key_twice_is_an_error() -> None:
    twin = LiveAssociation("a9", "owner", OWNER.first, OWNER.second)
    with pytest.raises(ApiError, match="names association key 'owner' twice"):
        read_live_state(_Reader([OWNER, twin], {}), ReadScope({}))


def test_relations_read_share_the_id_strings_of_the_scope_and_associations() -> None:
    """A listing's answer holds its own copy of every id; the state keeps one of each."""
    copies = [LiveRelation("r1", "".join("a1"), "".join("p1"), "".join("c1")),
              LiveRelation("r2", "".join("a1"), "".join("p2"), "".join("c1"))]
    reader = _Reader([OWNER], {"p1": [copies[0]], "p2": [copies[1]]})
    scope = ReadScope({"p1": frozenset({"owner"}), "p2": frozenset({"owner"})})
    r1, r2 = read_live_state(reader, scope).relations.values()
    assert (r1, r2) == tuple(copies)
    assert r1.association_id is r2.association_id is OWNER.id
    assert [r.first_record_id for r in (r1, r2)] == list(scope.records)
    assert all(r.first_record_id is k for r, k in zip((r1, r2), scope.records, strict=True))
    assert r1.second_record_id is r2.second_record_id
