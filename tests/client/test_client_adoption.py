"""Adoption on its own: a refused or unclear create, and the two reads that settle it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from ghlsync.client.adoption import (
    adopt_association,
    adopt_relation,
    created_association_by_key,
    created_relation_by_listing,
)
from ghlsync.client.endpoint import Endpoint
from ghlsync.errors import ApiError
from ghlsync.values.state import LiveAssociation, LiveRelation, Side

OWNER = Side("custom_objects.property", "Property"), Side("contact", "Owner")
LIVE_OWNER = LiveAssociation("a1", "owner", *OWNER)
LINK = LiveRelation("r1", "a1", "p1", "c1")
TAKEN = ApiError("POST", "/associations/", 400, "key already exists")
DUPLICATE = ApiError("POST", "/associations/relations", 400, "Duplicate relation")


@dataclass
class Reader:
    associations: dict[str, LiveAssociation] = field(default_factory=dict)
    relations: list[LiveRelation] = field(default_factory=list)
    listed: list[tuple[str, list[str]]] = field(default_factory=list)

    def get_association_by_key(self, key: str) -> LiveAssociation | None:
        return self.associations.get(key)

    def list_relations(self, record_id: str, association_ids: Sequence[str]) -> list[LiveRelation]:
        self.listed.append((record_id, list(association_ids)))
        return list(self.relations)


def test_an_existing_association_as_wanted_is_adopted() -> None:
    assert adopt_association(Reader({"owner": LIVE_OWNER}), "owner", *OWNER, TAKEN) == LIVE_OWNER


def test_an_existing_association_with_other_labels_is_a_conflict_naming_both() -> None:
    other = LiveAssociation("a1", "owner", OWNER[0], Side("contact", "Landlord"))
    with pytest.raises(ApiError) as raised:
        adopt_association(Reader({"owner": other}), "owner", *OWNER, TAKEN)
    assert raised.value.status == 409
    assert "live custom_objects.property 'Property' <-> contact 'Landlord'" in str(raised.value)
    assert "wanted custom_objects.property 'Property' <-> contact 'Owner'" in str(raised.value)


def test_a_refusal_that_cannot_mean_taken_is_raised_unchanged_without_reading() -> None:
    refused = ApiError("POST", "/associations/", 401, "unauthorized")
    reader = Reader({"owner": LIVE_OWNER})
    with pytest.raises(ApiError) as raised:
        adopt_association(reader, "owner", *OWNER, refused)
    assert raised.value is refused


def test_an_unclear_create_is_found_by_key_or_is_an_error() -> None:
    endpoint = Endpoint("POST", "/associations/", 201)
    found = created_association_by_key(Reader({"owner": LIVE_OWNER}), "owner", endpoint)
    assert found is LIVE_OWNER
    with pytest.raises(ApiError, match="accepted but association 'owner' is not there"):
        created_association_by_key(Reader(), "owner", endpoint)


def test_a_duplicate_relation_is_adopted_by_listing_its_first_record() -> None:
    reader = Reader(relations=[LiveRelation("r0", "a1", "p1", "c9"), LINK])
    assert adopt_relation(reader, ("a1", "p1", "c1"), DUPLICATE) == LINK
    assert reader.listed == [("p1", ["a1"])]


def test_a_duplicate_relation_not_found_keeps_the_servers_message() -> None:
    with pytest.raises(ApiError, match="Duplicate relation; but listing record 'p1' found no"):
        adopt_relation(Reader(), ("a1", "p1", "c1"), DUPLICATE)
    with pytest.raises(ApiError, match="record 'p1' has no relation to 'c1' in association 'a1'"):
        created_relation_by_listing(Reader(), ("a1", "p1", "c1"), Endpoint("POST", "/x", 201))
