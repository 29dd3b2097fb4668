"""Error statuses, malformed answers and token secrecy: always an ApiError naming the endpoint."""

from __future__ import annotations

import logging

import httpx
import pytest
from client_fakes import (
    TOKEN,
    FakeClock,
    association_json,
    json_response,
    make_client,
    relation_json,
    scripted,
)

from ghlsync.errors import ApiError

LIST = "GET /associations/"


def _list_error(answer: httpx.Response, attempts: int = 4) -> ApiError:
    client, _, _ = make_client(scripted([answer] * attempts), attempts=attempts)
    with pytest.raises(ApiError) as caught:
        client.list_associations()
    return caught.value


@pytest.mark.parametrize(
    ("status", "payload", "expected"),
    [
        (400, {"statusCode": 400, "message": "locationId is required"}, "locationId is required"),
        (404, {"statusCode": 404, "message": "Not Found"}, "Not Found"),
        (409, {"message": "Conflict"}, "Conflict"),
        (422, {"statusCode": 422, "message": ["skip must be a number", "limit too big"],
               "error": "Unprocessable Entity"}, "skip must be a number; limit too big"),
        (400, {"error": "Bad Request"}, "Bad Request"),
    ],
)
def test_error_statuses_carry_the_server_message(
    status: int, payload: object, expected: str
) -> None:
    error = _list_error(json_response(status, payload))
    assert (error.method, error.path, error.status, error.message) == (
        "GET", "/associations/", status, expected
    )
    assert str(error) == f"{LIST}: HTTP {status}: {expected}"


def test_401_hints_at_the_token() -> None:
    error = _list_error(json_response(401, {"statusCode": 401, "message": "Invalid JWT",
                                            "error": "Unauthorized"}))
    assert error.status == 401
    assert error.message.startswith("Invalid JWT (check the token")


def test_403_hints_at_scopes_and_location_access() -> None:
    error = _list_error(json_response(403, {"message": "Forbidden"}))
    assert "token lacks the associations scopes or location access" in error.message


def test_a_non_json_502_uses_a_snippet_of_the_page() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    error = _list_error(httpx.Response(502, text=page))
    assert error.status == 502
    assert error.message == "502 Bad Gateway nginx (after 4 attempts)"


def test_an_empty_error_body_uses_the_reason_phrase() -> None:
    error = _list_error(httpx.Response(403))
    assert error.message.startswith("Forbidden (")


def test_a_long_non_json_body_is_shortened() -> None:
    error = _list_error(httpx.Response(400, text="x" * 5000))
    assert len(error.message) <= 200


# -- malformed successful answers -------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (httpx.Response(200, text="<html>hello</html>"), "response is not valid JSON: hello"),
        (httpx.Response(200, text='{"associations": [{"id": "a1", "ke'), "not valid JSON"),
        (httpx.Response(200), "not valid JSON: an empty body"),
        (json_response(200, {"items": []}),
         "expected a list of associations (bare, or under 'associations' or 'data'), "
         "got an object with keys [items]"),
        (json_response(200, "ok"), "expected a list of associations"),
        (json_response(200, [association_json(key=None)]),
         "malformed association 'a1': missing field 'key'"),
        (json_response(200, [association_json(second=("contact", 7))]),
         "field 'secondObjectLabel' should be a string, got int"),
        (json_response(200, [association_json(first=({"en": "x"}, "P"))]),
         "field 'firstObjectKey' should be a string, got an object with keys [en]"),
        (json_response(200, [association_json(id="")]), "field 'id' is empty"),
        (json_response(200, ["a1"]), "expected an association object, got string 'a1'"),
    ],
    ids=["html", "truncated", "empty", "wrapper", "string", "missing", "label-int",
         "key-object", "empty-id", "item-string"],
)
def test_malformed_association_listings_name_the_endpoint(
    answer: httpx.Response, problem: str
) -> None:
    error = _list_error(answer, attempts=1)
    assert str(error).startswith(f"{LIST}: HTTP 200: ")
    assert problem in error.message


def test_every_problem_of_an_item_is_reported_at_once() -> None:
    item = {"id": "a1", "key": 3, "firstObjectKey": "contact", "associationType": "USER_DEFINED"}
    error = _list_error(json_response(200, [item]), attempts=1)
    for field in ("'key' should be a string", "'firstObjectLabel'", "'secondObjectKey'"):
        assert field in error.message


def test_underscore_id_is_accepted_for_id() -> None:
    item = association_json()
    item["_id"] = item.pop("id")
    client, _, _ = make_client(scripted([json_response(200, [item])]))
    assert client.list_associations()[0].id == "a1"


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({"relations": [relation_json() | {"secondRecordId": None}]},
         "missing field 'secondRecordId'"),
        ({"relations": {"r1": relation_json()}}, "expected a list of relations"),
        ([relation_json() | {"associationId": ["a1"]}], "'associationId' should be a string"),
    ],
)
def test_malformed_relation_listings_name_the_endpoint(payload: object, problem: str) -> None:
    client, _, _ = make_client(scripted([json_response(200, payload)]))
    with pytest.raises(ApiError) as caught:
        client.list_relations("rec1", ["a1"])
    assert str(caught.value).startswith("GET /associations/relations/rec1: HTTP 200:")
    assert problem in caught.value.message


def test_a_create_answer_that_describes_nothing_found_by_listing_names_the_post() -> None:
    answers = [json_response(201, {"relation": {"id": "r1"}}), json_response(200, [])]
    client, _, _ = make_client(scripted(answers))
    with pytest.raises(
        ApiError, match=r"^POST /associations/relations: HTTP 201: the create was accepted but"
    ):
        client.create_relation("a1", "rec1", "c1")


# -- token secrecy ----------------------------------------------------------------------


def test_a_server_echoing_the_token_never_gets_it_into_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return json_response(400, {"message": f"bad header {request.headers['Authorization']}"})

    client, _, _ = make_client(echo)
    with caplog.at_level(logging.DEBUG), pytest.raises(ApiError) as caught:
        client.list_associations()
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value.args)
    assert "[redacted]" in caught.value.message
    assert TOKEN not in caplog.text


def test_no_log_or_error_of_a_failing_run_contains_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answers = [json_response(429, {}), json_response(401, {"message": "Invalid JWT"})]
    client, _, _ = make_client(scripted(answers), clock=FakeClock())
    with caplog.at_level(logging.DEBUG), pytest.raises(ApiError) as caught:
        client.list_associations()
    assert TOKEN not in str(caught.value)
    assert TOKEN not in caplog.text
