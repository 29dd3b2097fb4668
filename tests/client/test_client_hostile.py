"""Answers that must never be acted on, ids that cannot be sent, and refusals explained."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import (
    Recorder,
    association_json,
    json_response,
    make_client,
    relation_json,
    scripted,
)

from ghlsync.errors import ApiError
from ghlsync.values.state import Side


def _no_request(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"sent {request.method} {request.url}")


def test_a_listing_for_p1_that_carries_p5_to_c5_is_refused() -> None:
    hostile = [relation_json("r1", "a1", "p1", "c1"), relation_json("r5", "a1", "p5", "c5")]
    client, _, _ = make_client(scripted([json_response(200, {"relations": hostile})]))
    with pytest.raises(ApiError) as caught:
        client.list_relations("p1", ["a1"])
    message = str(caught.value)
    assert message.startswith("GET /associations/relations/p1: HTTP 200: ")
    assert "returned relation 'r5' ('p5' -> 'c5'), which does not involve it" in message


def test_a_relation_of_an_association_not_asked_for_is_left_out() -> None:
    listing = [relation_json("r1", "a1", "p1", "c1"), relation_json("r2", "a9", "c2", "p1")]
    client, _, _ = make_client(scripted([json_response(200, listing)]))
    assert [r.id for r in client.list_relations("p1", ["a1"])] == ["r1"]


def test_a_page_naming_one_id_twice_with_different_records_is_an_error() -> None:
    listing = [relation_json("r1", "a1", "p1", "c1"), relation_json("r1", "a1", "p1", "c2")]
    client, _, _ = make_client(scripted([json_response(200, listing)]))
    with pytest.raises(ApiError, match="returned id 'r1' twice"):
        client.list_relations("p1", ["a1"])


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_an_id_that_a_path_cannot_hold_is_refused_before_any_request(bad: str) -> None:
    client, recorder, _ = make_client(Recorder(_no_request))
    for call in (
        lambda: client.list_relations(bad, ["a1"]),
        lambda: client.delete_relation(bad),
        lambda: client.delete_association(bad),
        lambda: client.update_association_labels(bad, "A", "B"),
        lambda: client.get_association_by_key(bad),
    ):
        with pytest.raises(ApiError, match="refusing to send an id in the path"):
            call()
    assert recorder.requests == []


def test_ids_with_slashes_are_refused_and_dots_inside_stay_one_segment() -> None:
    recorder = Recorder(lambda request: json_response(200, {"deleted": True}))
    client, _, _ = make_client(recorder)
    with pytest.raises(ApiError, match="contains one of /"):
        client.delete_relation("../r1")
    client.delete_relation("r..1")
    assert recorder.requests[0].url.raw_path.startswith(b"/associations/relations/r..1?")


# -- refusals explained -----------------------------------------------------------------

SCOPE_MESSAGE = {"statusCode": 401, "message": "The token is not authorized for this scope."}


@pytest.mark.parametrize(
    ("call", "scope"),
    [
        (lambda c: c.list_associations(), "associations.readonly"),
        (lambda c: c.delete_association("a1"), "associations.write"),
        (lambda c: c.list_relations("p1", ["a1"]), "associations/relation.readonly"),
        (lambda c: c.delete_relation("r1"), "associations/relation.write"),
        (lambda c: c.create_relation("a1", "p1", "c1"), "associations/relation.write"),
    ],
)
def test_a_missing_scope_names_the_scope_to_add(call: object, scope: str) -> None:
    client, _, _ = make_client(lambda request: json_response(401, SCOPE_MESSAGE))
    with pytest.raises(ApiError) as caught:
        call(client)  # type: ignore[operator]
    assert f"add the scope {scope} to the Private Integration" in str(caught.value)


def test_a_scope_refusal_outside_associations_does_not_name_an_association_scope() -> None:
    client, _, _ = make_client(lambda request: json_response(403, SCOPE_MESSAGE))
    with pytest.raises(ApiError) as caught:
        client.request_json("POST", "/contacts/search", "/contacts/search", body={})
    assert "add the scope POST /contacts/search needs" in str(caught.value)
    assert "associations" not in str(caught.value)


def test_a_403_about_scopes_names_the_scope_too() -> None:
    answer = json_response(403, {"message": "Missing scope associations.write"})
    client, _, _ = make_client(lambda request: answer)
    with pytest.raises(ApiError, match=r"add the scope associations\.write"):
        client.update_association_labels("a1", "A", "B")


def test_a_401_not_about_scopes_asks_to_check_the_token() -> None:
    client, _, _ = make_client(lambda request: json_response(401, {"message": "Invalid JWT"}))
    with pytest.raises(ApiError, match=r"HTTP 401: Invalid JWT \(check the token"):
        client.list_associations()


def test_a_422_message_array_is_joined() -> None:
    answer = json_response(422, {"message": ["key must be a string", "locationId is empty"]})
    client, _, _ = make_client(lambda request: answer)
    with pytest.raises(ApiError, match="HTTP 422: key must be a string; locationId is empty"):
        client.list_associations()


def test_a_refused_pair_that_ghl_does_not_document_is_named() -> None:
    refused = json_response(400, {"message": "Invalid object keys"})
    client, _, _ = make_client(scripted([refused, json_response(404, {})]))
    pair = (Side("opportunity", "Deal"), Side("business", "Co"))
    with pytest.raises(ApiError) as caught:
        client.create_association("deal_company", *pair)
    message = str(caught.value)
    assert "Invalid object keys (GHL may refuse associations between opportunity and" in message
    assert "contact<->contact, contact<->custom object and custom object<->custom object" in message


def test_a_refused_documented_pair_keeps_the_plain_message() -> None:
    refused = json_response(400, {"message": "Something else"})
    client, _, _ = make_client(scripted([refused, json_response(404, {})]))
    pair = (Side("custom_objects.property", "Property"), Side("opportunity", "Deal"))
    with pytest.raises(ApiError) as caught:
        client.create_association("property_deal", *pair)
    assert caught.value.message == "Something else"


def test_an_existing_key_with_the_same_shape_is_adopted_not_explained() -> None:
    existing = association_json(key="k", first=("opportunity", "Deal"), second=("business", "Co"))
    answers = [json_response(400, {"message": "key exists"}), json_response(200, existing)]
    client, _, _ = make_client(scripted(answers))
    adopted = client.create_association("k", Side("opportunity", "Deal"), Side("business", "Co"))
    assert adopted.id == "a1"
