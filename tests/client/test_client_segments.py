"""Ids and keys a server sends are refused where they enter when they could not stay one path
segment, and refused again where a path is built (issue 18, class 1)."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import Recorder, json_response, make_client, relation_json, scripted

from ghlsync.client.objects import ObjectsClient
from ghlsync.client.segment import check_path, path_segment, segment_problem
from ghlsync.errors import ApiError
from ghlsync.values.objects import FieldValue

UNSAFE = ["..", ".", "", " ", "a/b", "a?b", "a#b", "a%2Fb", "a\\b", "a\nb", "a\x7fb", "x" * 201]


@pytest.mark.parametrize("value", UNSAFE)
def test_unsafe_segments_are_named_and_refused_by_the_builder(value: str) -> None:
    assert segment_problem(value) is not None
    with pytest.raises(ApiError, match="refusing to send an id in the path"):
        path_segment(value, "PUT", "/custom-fields/{id}")


@pytest.mark.parametrize("value", ["6578a1b2c3", "custom_objects.property", "r..1", "a b:c"])
def test_ordinary_ids_pass(value: str) -> None:
    assert segment_problem(value) is None


@pytest.mark.parametrize("bad", ["..", "a/b", "x%2e"])
def test_field_listing_with_an_unsafe_id_is_refused_naming_the_listing(bad: str) -> None:
    field = {"id": bad, "fieldKey": "contact.mls", "name": "MLS", "dataType": "TEXT"}
    answers = scripted([json_response(200, {"customFields": [field]})])
    schema = ObjectsClient(make_client(answers)[0])
    with pytest.raises(ApiError, match=r"GET /locations/loc_1/customFields.*'id' cannot be an id"):
        schema.list_fields("contact")


def test_object_listing_with_a_dot_dot_key_is_refused() -> None:
    listing = {"objects": [{"key": "..", "labels": {"singular": "X"}}]}
    schema = ObjectsClient(make_client(scripted([json_response(200, listing)]))[0])
    with pytest.raises(ApiError, match=r"GET /objects/.*'key' cannot be an id"):
        schema.list_objects()


def test_a_field_update_with_a_dot_dot_id_sends_nothing() -> None:
    recorder = Recorder(lambda request: json_response(200, {}))
    client, _, _ = make_client(recorder)
    live = FieldValue("contact", "mls", "MLS", "TEXT", folder=None, id="..")
    with pytest.raises(ApiError, match="refusing"):
        ObjectsClient(client).update_field(live, live, None)
    with pytest.raises(ApiError, match="refusing"):
        ObjectsClient(client).delete_field(live)
    assert recorder.requests == []


@pytest.mark.parametrize("field", ["id", "firstRecordId"])
def test_relation_listing_with_an_unsafe_id_is_refused(field: str) -> None:
    relation = relation_json() | {field: "../x"}
    client, _, _ = make_client(scripted([json_response(200, {"relations": [relation]})]))
    with pytest.raises(ApiError, match=f"field '{field}' cannot be an id"):
        client.list_relations("rec1", ["a1"])


@pytest.mark.parametrize("path", ["/custom-fields/..", "/objects/%2E%2E/records", "/a//b", "/a?b"])
def test_the_last_guard_refuses_any_built_path_with_a_dot_or_empty_segment(path: str) -> None:
    with pytest.raises(ApiError, match="unsafe path"):
        check_path(path, "GET", "/route")


def test_the_last_guard_lets_a_trailing_slash_through() -> None:
    check_path("/associations/", "GET", "/associations/")


def test_an_answer_holding_a_lone_surrogate_is_refused_as_malformed_text() -> None:
    body = b'{"associations": [{"id": "a1", "key": "k\\ud800"}]}'
    client, _, _ = make_client(scripted([httpx.Response(200, content=body)]))
    with pytest.raises(ApiError, match=r"HTTP 200: the answer holds a lone surrogate"):
        client.list_associations()


def test_a_well_formed_surrogate_pair_is_read() -> None:
    body = b'{"associations": [], "note": "\\ud83d\\ude00"}'
    client, _, _ = make_client(scripted([httpx.Response(200, content=body)]))
    assert client.list_associations() == []


def test_every_control_character_and_lone_surrogate_is_refused_and_nothing_else() -> None:
    def is_control(code: int) -> bool:
        return code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000

    for code in range(0x110000):
        character = chr(code)
        if character in "/\\?#%." or not character.strip():
            continue
        problem = segment_problem(f"id{character}x")
        assert (problem is not None) == is_control(code), hex(code)
        assert problem is None or "control character" in problem
