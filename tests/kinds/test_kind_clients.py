"""The custom value and tag clients against hand-written answers of every documented shape."""

from __future__ import annotations

import json

import httpx
import pytest

from ghlsync.errors import ApiError
from ghlsync.kinds.custom_values.client import CustomValuesClient
from ghlsync.kinds.tags.client import TagsClient
from tests.client.client_fakes import LOCATION, json_response, make_client, scripted

VALUE = {"id": "v1", "name": "Support phone", "fieldKey": "{{ custom_values.support_phone }}",
         "value": "+1", "locationId": LOCATION}


@pytest.mark.parametrize(
    "payload",
    [{"customValues": [VALUE]}, [VALUE], {"data": [VALUE]},
     {"customValues": [{**VALUE, "fieldKey": "custom_values.support_phone"}]},
     {"customValues": [{**VALUE, "fieldKey": "support_phone"}]}],
)
def test_custom_values_are_read_from_every_plausible_shape(payload: object) -> None:
    client, recorder, _ = make_client(scripted([json_response(200, payload)]))
    found = CustomValuesClient(client).list()
    assert list(found) == ["support_phone"] and found["support_phone"].id == "v1"
    assert recorder.requests[0].url.path == f"/locations/{LOCATION}/customValues"


@pytest.mark.parametrize(
    ("item", "complaint"),
    [({**VALUE, "fieldKey": "{{ contact.name }} x"}, "names no usable key"),
     ({**VALUE, "name": "Bad\u001b[31m"}, "control characters"),
     ({**VALUE, "value": 5}, "not a string"),
     ({**VALUE, "id": ""}, "usable 'id'")],
)
def test_an_unusable_custom_value_is_refused_naming_the_endpoint(
    item: dict[str, object], complaint: str
) -> None:
    client, _, _ = make_client(scripted([json_response(200, {"customValues": [item]})]))
    with pytest.raises(ApiError, match=complaint) as refused:
        CustomValuesClient(client).list()
    assert "customValues" in str(refused.value)


def test_a_create_sends_name_and_value_and_reads_the_answer() -> None:
    client, recorder, _ = make_client(scripted([json_response(201, {"customValue": VALUE})]))
    created = CustomValuesClient(client).create("support_phone", "Support phone", "+1")
    assert created.id == "v1"
    assert json.loads(recorder.requests[0].content) == {"name": "Support phone", "value": "+1"}


def test_a_create_whose_value_exists_already_adopts_it_only_when_it_matches() -> None:
    taken = json_response(400, {"statusCode": 400, "message": "already exists"})
    listing = json_response(200, {"customValues": [VALUE]})
    client, _, _ = make_client(scripted([taken, listing]))
    adopted = CustomValuesClient(client).create("support_phone", "Support phone", "+1")
    assert adopted.id == "v1"
    client, _, _ = make_client(scripted([taken, listing]))
    with pytest.raises(ApiError):
        CustomValuesClient(client).create("support_phone", "Support phone", "other")


def test_deleting_what_is_gone_is_done() -> None:
    gone = json_response(404, {"statusCode": 404, "message": "Not found"})
    client, _, _ = make_client(scripted([gone, gone]))
    CustomValuesClient(client).delete("v1")
    TagsClient(client).delete("t1")


def test_tags_are_read_created_and_adopted() -> None:
    tag = {"id": "t1", "name": "vip", "locationId": LOCATION}
    answers = [
        json_response(200, {"tags": [tag]}),
        json_response(200, {"tag": {**tag, "id": "t2", "name": "hot"}}),
        json_response(422, {"statusCode": 422, "message": ["Tag already exists"]}),
        json_response(200, {"tags": [tag]}),
    ]
    client, recorder, _ = make_client(scripted(answers))
    tags = TagsClient(client)
    assert list(tags.list()) == ["vip"]
    assert tags.create("hot").id == "t2"
    assert tags.create("vip").id == "t1"
    assert json.loads(recorder.requests[1].content) == {"name": "hot"}
    assert isinstance(recorder.requests[1], httpx.Request)
