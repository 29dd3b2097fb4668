"""Answers as real locations give them: system associations without keys or labels, extra
fields, ``relationId``, and write answers that do not describe what was written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from client_fakes import (
    LOCATION,
    Recorder,
    association_json,
    json_response,
    make_client,
    relation_json,
    scripted,
)

from ghlsync.errors import ApiError
from ghlsync.values.state import AssociationType, LiveAssociation, LiveRelation, Side

PROPERTY = Side("custom_objects.property", "Property")
OWNER = Side("contact", "Owner")
BUSINESS_CONTACTS = {
    "id": "BUSINESSES_CONTACTS_ASSOCIATION",
    "associationType": "SYSTEM_DEFINED",
    "firstObjectKey": "business",
    "secondObjectKey": "contact",
    "firstObjectToSecondObjectMaxLimit": 10000,
    "secondObjectToFirstObjectMaxLimit": 1,
}


def _methods(recorder: Recorder) -> list[str]:
    return [f"{r.method} {r.url.path}" for r in recorder.requests]


def test_a_system_association_without_key_labels_or_location_is_read() -> None:
    answer = {"associations": [BUSINESS_CONTACTS], "total": 1, "traceId": "t-1"}
    client, _, _ = make_client(scripted([json_response(200, answer)]))
    (system,) = client.list_associations()
    assert system == LiveAssociation(
        "BUSINESSES_CONTACTS_ASSOCIATION",
        "BUSINESSES_CONTACTS_ASSOCIATION",
        Side("business", ""),
        Side("contact", ""),
        AssociationType.SYSTEM_DEFINED,
        first_to_second_limit=10000,
        second_to_first_limit=1,
    )


def test_limits_and_cardinalities_are_read_when_present() -> None:
    extra = {
        "firstObjectToSecondObjectCardinality": "MANY_TO_MANY",
        "secondObjectToFirstObjectCardinality": "ONE_TO_MANY",
        "firstObjectToSecondObjectMaxLimit": "25",
        "secondObjectToFirstObjectMaxLimit": None,
    }
    client, _, _ = make_client(scripted([json_response(200, [association_json(**extra)])]))
    (association,) = client.list_associations()
    assert association.first_to_second_cardinality == "MANY_TO_MANY"
    assert association.second_to_first_cardinality == "ONE_TO_MANY"
    assert (association.first_to_second_limit, association.second_to_first_limit) == (25, None)


def test_a_user_defined_association_still_needs_its_key() -> None:
    broken = association_json()
    del broken["key"]
    client, _, _ = make_client(scripted([json_response(200, [broken])]))
    with pytest.raises(ApiError, match="malformed association 'a1': missing field 'key'"):
        client.list_associations()


def test_a_relation_id_may_be_named_relation_id() -> None:
    relation = relation_json()
    relation["relationId"] = relation.pop("id")
    client, _, _ = make_client(scripted([json_response(200, {"relations": [relation]})]))
    assert client.list_relations("rec1", ["a1"]) == [LiveRelation("r1", "a1", "rec1", "c1")]


def test_listings_ask_for_at_most_100_per_page() -> None:
    recorder = Recorder(lambda request: json_response(200, []))
    client, _, _ = make_client(recorder)
    client.list_associations()
    assert recorder.requests[0].url.params["limit"] == "100"


# -- write answers ------------------------------------------------------------------------


def test_a_relation_create_answered_with_an_association_body_is_found_by_listing() -> None:
    answers = [
        json_response(201, association_json()),
        json_response(200, {"relations": [relation_json(id="r9")]}),
    ]
    recorder = Recorder(scripted(answers))
    client, _, _ = make_client(recorder)
    created = client.create_relation("a1", "rec1", "c1")
    assert created == LiveRelation("r9", "a1", "rec1", "c1")
    assert _methods(recorder) == [
        "POST /associations/relations",
        "GET /associations/relations/rec1",
    ]


def test_a_relation_create_answered_in_full_needs_no_second_request() -> None:
    recorder = Recorder(scripted([json_response(201, {"relation": relation_json()})]))
    client, _, _ = make_client(recorder)
    assert client.create_relation("a1", "rec1", "c1") == LiveRelation("r1", "a1", "rec1", "c1")
    assert len(recorder.requests) == 1


def test_an_association_create_without_an_id_in_the_answer_is_fetched_by_key() -> None:
    answers = [json_response(201, {"success": True}), json_response(200, association_json())]
    recorder = Recorder(scripted(answers))
    client, _, _ = make_client(recorder)
    created = client.create_association("property_owner", PROPERTY, OWNER)
    assert created.id == "a1"
    assert _methods(recorder)[1] == "GET /associations/key/property_owner"


def test_an_association_create_that_cannot_be_found_afterwards_is_an_error() -> None:
    answers = [json_response(201, {}), json_response(404, {"message": "Not found"})]
    client, _, _ = make_client(scripted(answers))
    with pytest.raises(ApiError, match="accepted but association 'property_owner' is not there"):
        client.create_association("property_owner", PROPERTY, OWNER)


def test_a_label_update_answered_with_success_only_reads_the_association() -> None:
    updated = association_json(second=("contact", "Tutor"))
    answers = [json_response(200, {"success": True}), json_response(200, updated)]
    recorder = Recorder(scripted(answers))
    client, _, _ = make_client(recorder)
    result = client.update_association_labels("a1", "Property", "Tutor")
    assert result.second == Side("contact", "Tutor")
    assert _methods(recorder) == ["PUT /associations/a1", "GET /associations/a1"]


@pytest.mark.parametrize("message", ["Association not found", "relation not found"])
def test_a_repeated_delete_answered_400_not_found_is_done(message: str) -> None:
    client, _, _ = make_client(lambda request: json_response(400, {"message": message}))
    client.delete_association("a1")
    client.delete_relation("r1")


def test_a_delete_refused_with_another_400_is_an_error() -> None:
    answer = json_response(400, {"message": "SYSTEM_DEFINED associations cannot be deleted"})
    client, _, _ = make_client(lambda request: answer)
    with pytest.raises(ApiError, match="HTTP 400: SYSTEM_DEFINED associations cannot be deleted"):
        client.delete_association("BUSINESSES_CONTACTS_ASSOCIATION")


def test_the_create_body_is_sent_exactly_as_documented() -> None:
    recorder = Recorder(scripted([json_response(201, association_json())]))
    client, _, _ = make_client(recorder)
    client.create_association("property_owner", PROPERTY, OWNER)
    body: dict[str, Any] = json.loads(recorder.requests[0].content)
    assert body == {
        "locationId": LOCATION,
        "key": "property_owner",
        "firstObjectKey": PROPERTY.object,
        "firstObjectLabel": PROPERTY.label,
        "secondObjectKey": OWNER.object,
        "secondObjectLabel": OWNER.label,
    }
