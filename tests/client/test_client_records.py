"""The record endpoints: requests sent exactly as documented, answers read tolerantly."""

from __future__ import annotations

import json

import httpx
import pytest
from client_fakes import LOCATION, TOKEN, json_response, make_client, scripted

from ghlsync.client.records import RecordFinder
from ghlsync.errors import ApiError
from ghlsync.values.resolution import RecordValues
from ghlsync.values.state import NaturalKey

PROPERTY = "custom_objects.property"


def finder_answering(*responses: httpx.Response) -> tuple[RecordFinder, list[httpx.Request]]:
    client, recorder, _ = make_client(scripted(responses))
    return RecordFinder(client), recorder.requests


def test_a_contact_is_looked_up_by_email_or_number() -> None:
    finder, sent = finder_answering(
        json_response(200, {"contact": {"id": "c1", "email": "jane@example.com"}}),
        json_response(200, {"contact": None}),
    )
    assert finder.look_up(NaturalKey("contact", "email", "jane@example.com")) == [
        RecordValues("c1", {"id": "c1", "email": "jane@example.com"})
    ]
    assert finder.look_up(NaturalKey("contact", "phone", "+15550100")) == []
    assert sent[0].url.path == "/contacts/search/duplicate"
    assert dict(sent[0].url.params) == {"locationId": LOCATION, "email": "jane@example.com"}
    assert dict(sent[1].url.params) == {"locationId": LOCATION, "number": "+15550100"}


def test_contacts_are_listed_by_post_search_with_page_and_limit() -> None:
    finder, sent = finder_answering(
        json_response(200, {"contacts": [{"id": "c1", "firstName": "Jane", "lastName": "Doe"}],
                            "total": 250})
    )
    page = finder.list_page("contact", 2)
    assert page.records[0].properties["name"] == "Jane Doe"
    assert page.total == 250 and page.pages_after(2) == 2  # short, but total says more
    assert json.loads(sent[0].content) == {"locationId": LOCATION, "pageLimit": 100, "page": 2}


def test_businesses_are_listed_with_skip_and_limit() -> None:
    finder, sent = finder_answering(json_response(200, {"businesses": [{"id": "b1", "name": "A"}]}))
    page = finder.list_page("business", 3)
    assert page.records == (RecordValues("b1", {"id": "b1", "name": "A"}),)
    assert page.pages_after(3) == 0
    assert dict(sent[0].url.params) == {"locationId": LOCATION, "limit": "100", "skip": "200"}
    assert not finder.can_look_up("business")


def test_opportunities_take_location_id_and_read_meta_total() -> None:
    items = [{"id": f"o{i}", "name": "Villa"} for i in range(100)]
    finder, sent = finder_answering(
        json_response(200, {"opportunities": items, "meta": {"total": 101}}),
        json_response(200, {"opportunities": [{"id": "o100", "name": "Villa"}]}),
    )
    found = finder.look_up(NaturalKey("opportunity", "name", "Villa"))
    assert len(found) == 101
    assert dict(sent[0].url.params) == {
        "location_id": LOCATION, "limit": "100", "page": "1", "q": "Villa"
    }
    assert sent[1].url.params["page"] == "2"


def test_custom_records_are_searched_with_every_required_field() -> None:
    answer = {"records": [{"_id": "p1", "properties": {f"{PROPERTY}.mls_number": "A-1",
                                                        "beds": 3, "tags": ["x"]}}],
              "total": 1}
    finder, sent = finder_answering(_schemas(f"{PROPERTY}.mls_number"), json_response(200, answer))
    found = finder.look_up(NaturalKey(PROPERTY, "mls_number", "A-1"))
    assert found == [RecordValues("p1", {"mls_number": "A-1", "beds": "3"})]
    assert sent[0].url.path == "/objects/"
    assert dict(sent[0].url.params) == {"locationId": LOCATION}
    assert sent[1].url.path == f"/objects/{PROPERTY}/records/search"
    assert json.loads(sent[1].content) == {
        "locationId": LOCATION, "page": 1, "pageLimit": 100, "query": "A-1", "searchAfter": []
    }


def _schemas(*searchable: str, **more: list[str] | None) -> httpx.Response:
    """The objects listing: PROPERTY searchable by ``searchable``, and each of ``more`` by its
    list (None: an entry silent on searchable properties)."""
    entries = [{"id": "o1", "key": PROPERTY, "searchableProperties": list(searchable)}]
    for key, properties in more.items():
        entry: dict[str, object] = {"id": f"o_{key}", "key": f"custom_objects.{key}"}
        if properties is not None:
            entry["searchableProperties"] = properties
        entries.append(entry)
    return json_response(200, {"objects": entries})


def _records(*pairs: tuple[str, str]) -> httpx.Response:
    items = [{"id": record_id, "properties": {"mls_number": value}} for record_id, value in pairs]
    return json_response(200, {"records": items, "total": len(items)})


def test_a_key_on_a_property_that_is_not_searchable_is_found_in_the_listing() -> None:
    """GHL's search finds nothing by such a property: the listing, read once, is filtered."""
    listing = {"records": [{"id": "p1", "properties": {"mls_number": "A-1"}},
                           {"id": "p2", "properties": {"mls_number": "B-2"}}], "total": 2}
    finder, sent = finder_answering(_schemas(f"{PROPERTY}.address"), json_response(200, listing))
    first = finder.look_up(NaturalKey(PROPERTY, "mls_number", "A-1"))
    second = finder.look_up(NaturalKey(PROPERTY, "mls_number", "B-2"))
    assert {r.id for r in first} == {r.id for r in second} == {"p1", "p2"}
    assert len(sent) == 2  # one schema read, one listing: neither repeated
    assert json.loads(sent[1].content)["query"] == ""


def test_keys_on_several_objects_read_their_searchable_properties_in_one_listing() -> None:
    boat = "custom_objects.boat"
    finder, sent = finder_answering(
        _schemas(f"{PROPERTY}.mls_number", boat=[f"{boat}.mls_number"]),
        _records(("p1", "A-1")), _records(("b1", "B-1")),
    )
    assert [r.id for r in finder.look_up(NaturalKey(PROPERTY, "mls_number", "A-1"))] == ["p1"]
    assert [r.id for r in finder.look_up(NaturalKey(boat, "mls_number", "B-1"))] == ["b1"]
    assert [request.url.path for request in sent] == [
        "/objects/", f"/objects/{PROPERTY}/records/search", f"/objects/{boat}/records/search"
    ]  # one schema read for both objects, not one each
    assert dict(sent[0].url.params) == {"locationId": LOCATION}


@pytest.mark.parametrize("listing_says", ["nothing of it", "it exists only"])
def test_an_object_the_listing_does_not_describe_is_read_on_its_own(listing_says: str) -> None:
    boat = "custom_objects.boat"
    own = json_response(200, {"object": {"id": "o_boat", "key": boat,
                                         "searchableProperties": [f"{boat}.mls_number"]}})
    silent = listing_says == "it exists only"
    listing = _schemas(boat=None) if silent else _schemas(f"{PROPERTY}.mls_number")
    finder, sent = finder_answering(listing, own, _records(("b1", "B-1")))
    assert [r.id for r in finder.look_up(NaturalKey(boat, "mls_number", "B-1"))] == ["b1"]
    assert [request.url.path for request in sent] == [
        "/objects/", f"/objects/{boat}", f"/objects/{boat}/records/search"
    ]
    assert json.loads(sent[2].content)["query"] == "B-1"  # searchable: searched, not listed


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ([{"id": "b1"}], ["b1"]),
        ({"data": [{"id": "b1"}, {"id": "b2"}]}, ["b1", "b2"]),
        ({"business": {"id": "b9"}}, ["b9"]),
    ],
)
def test_list_shapes_are_read_tolerantly(payload: object, expected: list[str]) -> None:
    finder, _ = finder_answering(json_response(200, payload))
    assert [r.id for r in finder.list_page("business", 1).records] == expected


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"items": []}, "expected records under one of"),
        ({"businesses": [{"name": "no id"}]}, "a record has no string 'id'"),
        ({"businesses": ["b1"]}, "expected a record object, got str"),
        ("text", "expected a JSON object or list of records, got str"),
    ],
)
def test_an_unreadable_answer_is_an_api_error(payload: object, message: str) -> None:
    finder, _ = finder_answering(json_response(200, payload))
    with pytest.raises(ApiError, match=message):
        finder.list_page("business", 1)


def test_a_missing_custom_object_is_an_api_error_without_the_token() -> None:
    finder, _ = finder_answering(json_response(404, {"statusCode": 404,
                                                     "message": f"no schema ({TOKEN})"}))
    with pytest.raises(ApiError) as caught:
        finder.list_page(PROPERTY, 1)
    assert caught.value.status == 404
    assert TOKEN not in str(caught.value)
