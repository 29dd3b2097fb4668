"""GhlClient endpoints: paths, queries, bodies, pagination, and idempotent writes."""

from __future__ import annotations

import json
from typing import Any

import httpx
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


def _body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def _associations(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [association_json(key=f"k{n}", id=f"a{n}") for n in range(start, start + count)]


def _relations(count: int, start: int = 0, record: str = "rec1") -> list[dict[str, Any]]:
    return [
        relation_json(id=f"r{n}", first=record, second=f"c{n}")
        for n in range(start, start + count)
    ]


# -- listings ---------------------------------------------------------------------------


def test_list_associations_follows_pages_until_a_short_one() -> None:
    client, recorder, _ = make_client(
        scripted([json_response(200, {"associations": _associations(100)}),
                  json_response(200, {"associations": _associations(30, 100)})])
    )
    associations = client.list_associations()
    assert len(associations) == 130
    assert [dict(r.url.params) for r in recorder.requests] == [
        {"locationId": LOCATION, "skip": "0", "limit": "100"},
        {"locationId": LOCATION, "skip": "100", "limit": "100"},
    ]
    assert all(r.url.path == "/associations/" for r in recorder.requests)


def test_a_full_last_page_asks_for_one_more_page() -> None:
    client, recorder, _ = make_client(
        scripted([json_response(200, _associations(100)), json_response(200, [])])
    )
    assert len(client.list_associations()) == 100
    assert len(recorder.requests) == 2


def test_a_consistent_total_stops_paging_early() -> None:
    payload = {"associations": _associations(100), "total": 100}
    client, recorder, _ = make_client(scripted([json_response(200, payload)]))
    assert len(client.list_associations()) == 100
    assert len(recorder.requests) == 1


def test_an_inconsistent_total_is_ignored() -> None:
    client, recorder, _ = make_client(
        scripted([json_response(200, {"data": _associations(100), "total": 7}),
                  json_response(200, {"data": []})])
    )
    assert len(client.list_associations()) == 100
    assert len(recorder.requests) == 2


def test_a_listing_that_repeats_itself_is_an_error_not_a_loop() -> None:
    client, _, _ = make_client(lambda request: json_response(200, _associations(100)))
    with pytest.raises(ApiError, match="id 'a0' twice; pagination is not advancing"):
        client.list_associations()


def test_associations_are_parsed_into_model_values() -> None:
    key = "BUSINESSES_CONTACTS_ASSOCIATION"
    system = association_json(key=key, id=key, associationType="SYSTEM_DEFINED")
    client, _, _ = make_client(scripted([json_response(200, [association_json(), system])]))
    first, second = client.list_associations()
    assert first == LiveAssociation("a1", "property_owner", PROPERTY, OWNER)
    assert second.association_type is AssociationType.SYSTEM_DEFINED


def test_list_relations_repeats_association_ids_and_quotes_the_record() -> None:
    listing = {"relations": _relations(2, record="rec 1:x")}
    recorder = Recorder(lambda request: json_response(200, listing))
    client, _, _ = make_client(recorder)
    relations = client.list_relations("rec 1:x", ["a1", "a2", "a1"])
    request = recorder.requests[0]
    assert request.url.raw_path.startswith(b"/associations/relations/rec%201%3Ax?")
    assert request.url.params.get_list("associationIds") == ["a1", "a2"]
    assert request.url.params["locationId"] == LOCATION
    assert relations[0] == LiveRelation("r0", "a1", "rec 1:x", "c0")


def test_list_relations_follows_pages() -> None:
    client, recorder, _ = make_client(
        scripted([json_response(200, _relations(100)), json_response(200, _relations(1, 100))])
    )
    assert len(client.list_relations("rec1", ["a1"])) == 101
    assert [r.url.params["skip"] for r in recorder.requests] == ["0", "100"]


def test_list_relations_drops_relations_of_associations_not_asked_for() -> None:
    other = relation_json(id="r9", association_id="a9")
    client, _, _ = make_client(scripted([json_response(200, [relation_json(), other])]))
    assert [r.id for r in client.list_relations("rec1", ["a1"])] == ["r1"]


def test_list_relations_without_associations_sends_nothing() -> None:
    client, recorder, _ = make_client(scripted([]))
    assert client.list_relations("rec1", []) == []
    assert recorder.requests == []


def test_get_association_by_key_quotes_the_key_and_unwraps() -> None:
    recorder = Recorder(lambda r: json_response(200, {"association": association_json("a b")}))
    client, _, _ = make_client(recorder)
    found = client.get_association_by_key("a b")
    assert found is not None and found.key == "a b"
    assert recorder.requests[0].url.raw_path == b"/associations/key/a%20b?locationId=loc_1"


def test_get_association_by_key_answers_none_for_404() -> None:
    client, _, _ = make_client(scripted([json_response(404, {"message": "not found"})]))
    assert client.get_association_by_key("missing") is None


def test_get_association_by_key_refuses_another_key() -> None:
    client, _, _ = make_client(scripted([json_response(200, association_json("other"))]))
    with pytest.raises(ApiError, match="asked for key 'wanted' but got association 'other'"):
        client.get_association_by_key("wanted")


# -- writes -----------------------------------------------------------------------------


def test_create_association_posts_every_field() -> None:
    recorder = Recorder(lambda request: json_response(201, association_json()))
    client, _, _ = make_client(recorder)
    created = client.create_association("property_owner", PROPERTY, OWNER)
    assert created.id == "a1"
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", "/associations/")
    assert _body(request) == {
        "locationId": LOCATION,
        "key": "property_owner",
        "firstObjectKey": "custom_objects.property",
        "firstObjectLabel": "Property",
        "secondObjectKey": "contact",
        "secondObjectLabel": "Owner",
    }


def test_update_association_labels_puts_both_labels() -> None:
    updated = association_json(id="a:1", second=("contact", "Tutor"))
    recorder = Recorder(lambda request: json_response(200, {"association": updated}))
    client, _, _ = make_client(recorder)
    result = client.update_association_labels("a:1", "Property", "Tutor")
    assert result.second == Side("contact", "Tutor")
    request = recorder.requests[0]
    assert (request.method, request.url.raw_path) == ("PUT", b"/associations/a%3A1")
    assert _body(request) == {"firstObjectLabel": "Property", "secondObjectLabel": "Tutor"}


def test_delete_association_sends_delete() -> None:
    answer = json_response(200, {"deleted": True, "id": "a1", "message": "ok"})
    recorder = Recorder(lambda request: answer)
    client, _, _ = make_client(recorder)
    client.delete_association("a1")
    assert (recorder.requests[0].method, recorder.requests[0].url.path) == (
        "DELETE",
        "/associations/a1",
    )


def test_delete_association_answered_404_counts_as_done() -> None:
    client, recorder, _ = make_client(scripted([json_response(404, {"message": "gone"})]))
    assert client.delete_association("a1") is None
    assert [r.method for r in recorder.requests] == ["DELETE"]


def test_delete_association_reported_not_deleted_is_an_error() -> None:
    answer = json_response(200, {"deleted": False, "message": "system association"})
    client, _, _ = make_client(scripted([answer]))
    with pytest.raises(ApiError, match="did not happen: system association"):
        client.delete_association("a1")


def test_delete_relation_sends_location_and_tolerates_an_empty_body() -> None:
    recorder = Recorder(lambda request: httpx.Response(200))
    client, _, _ = make_client(recorder)
    client.delete_relation("r1")
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("DELETE", "/associations/relations/r1")
    assert request.url.params["locationId"] == LOCATION


def test_delete_relation_answered_404_counts_as_done() -> None:
    client, recorder, _ = make_client(scripted([json_response(404, {"message": "no relation"})]))
    assert client.delete_relation("r1") is None
    assert [r.method for r in recorder.requests] == ["DELETE"]


def test_create_relation_posts_and_parses() -> None:
    recorder = Recorder(lambda request: json_response(201, {"relation": relation_json()}))
    client, _, _ = make_client(recorder)
    assert client.create_relation("a1", "rec1", "c1") == LiveRelation("r1", "a1", "rec1", "c1")
    assert _body(recorder.requests[0]) == {
        "locationId": LOCATION,
        "associationId": "a1",
        "firstRecordId": "rec1",
        "secondRecordId": "c1",
    }


# -- adoption ---------------------------------------------------------------------------

DUPLICATE_400 = json_response(
    400,
    {"statusCode": 400,
     "message": "Could not create relation: duplicate relation of object Ids for given "
                "association a1"},
)


@pytest.mark.parametrize(
    "refusal", [DUPLICATE_400, json_response(409, {"message": "Conflict"})], ids=["400", "409"]
)
def test_a_duplicate_relation_adopts_the_existing_one(refusal: httpx.Response) -> None:
    listing = json_response(200, {"relations": [relation_json("r0", second="c0"),
                                                relation_json("r7")]})
    client, recorder, _ = make_client(scripted([refusal, listing]))
    assert client.create_relation("a1", "rec1", "c1").id == "r7"
    lookup = recorder.requests[1]
    assert lookup.url.path == "/associations/relations/rec1"
    assert lookup.url.params.get_list("associationIds") == ["a1"]


def test_a_duplicate_relation_that_cannot_be_found_is_an_error() -> None:
    client, _, _ = make_client(scripted([DUPLICATE_400, json_response(200, [])]))
    with pytest.raises(ApiError, match="found no relation 'rec1' -> 'c1'") as caught:
        client.create_relation("a1", "rec1", "c1")
    assert caught.value.status == 400


def test_a_relation_create_answered_404_is_an_error() -> None:
    client, recorder, _ = make_client(scripted([json_response(404, {"message": "Not Found"})]))
    with pytest.raises(ApiError, match=r"unknown association or record") as caught:
        client.create_relation("a1", "rec1", "c1")
    assert caught.value.status == 404
    assert len(recorder.requests) == 1


def test_a_relation_create_refused_for_another_reason_is_not_adopted() -> None:
    refusal = json_response(400, {"message": "firstRecordId must be a string"})
    client, recorder, _ = make_client(scripted([refusal]))
    with pytest.raises(ApiError, match="firstRecordId must be a string"):
        client.create_relation("a1", "rec1", "c1")
    assert len(recorder.requests) == 1


def test_a_lost_answer_then_duplicate_on_retry_converges_to_one_relation() -> None:
    lost = httpx.ReadTimeout("read timed out")
    listing = json_response(200, [relation_json("r1")])
    client, recorder, _ = make_client(scripted([lost, DUPLICATE_400, listing]))
    assert client.create_relation("a1", "rec1", "c1").id == "r1"
    assert [r.method for r in recorder.requests] == ["POST", "POST", "GET"]


@pytest.mark.parametrize(
    "refusal",
    [
        json_response(400, {"message": "Bad Request"}),
        json_response(409, {"message": "Conflict"}),
        json_response(422, {"message": ["key already exists"], "error": "Unprocessable"}),
    ],
    ids=["400", "409", "422-exists"],
)
def test_a_taken_key_with_the_same_shape_is_adopted(refusal: httpx.Response) -> None:
    existing = json_response(200, association_json(id="a_live"))
    client, recorder, _ = make_client(scripted([refusal, existing]))
    adopted = client.create_association("property_owner", PROPERTY, OWNER)
    assert adopted.id == "a_live"
    assert recorder.requests[1].url.path == "/associations/key/property_owner"


def test_a_taken_key_with_other_labels_is_a_clear_conflict() -> None:
    existing = json_response(200, association_json(second=("contact", "Buyer")))
    client, _, _ = make_client(scripted([json_response(400, {"message": "exists"}), existing]))
    with pytest.raises(ApiError) as caught:
        client.create_association("property_owner", PROPERTY, OWNER)
    assert caught.value.status == 409
    assert "association key 'property_owner' already exists with different objects/labels" in (
        caught.value.message
    )
    assert "'Buyer'" in caught.value.message and "'Owner'" in caught.value.message


def test_a_taken_key_with_other_objects_is_a_clear_conflict() -> None:
    existing = json_response(200, association_json(first=("opportunity", "Property")))
    client, _, _ = make_client(scripted([json_response(409, {}), existing]))
    with pytest.raises(ApiError, match="different objects/labels: live opportunity"):
        client.create_association("property_owner", PROPERTY, OWNER)


def test_a_400_for_a_key_that_does_not_exist_keeps_the_original_error() -> None:
    refusal = json_response(400, {"message": "firstObjectKey is invalid"})
    client, _, _ = make_client(scripted([refusal, json_response(404, {"message": "none"})]))
    with pytest.raises(ApiError, match="firstObjectKey is invalid") as caught:
        client.create_association("property_owner", PROPERTY, OWNER)
    assert caught.value.status == 400


def test_a_422_not_about_the_key_is_raised_without_a_lookup() -> None:
    refusal = json_response(422, {"message": ["secondObjectLabel must be a string"]})
    client, recorder, _ = make_client(scripted([refusal]))
    with pytest.raises(ApiError, match="secondObjectLabel must be a string"):
        client.create_association("property_owner", PROPERTY, OWNER)
    assert len(recorder.requests) == 1
