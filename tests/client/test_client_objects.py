"""ObjectsClient: tolerant reading of schemas and fields, and idempotent writes."""

from __future__ import annotations

import json

import httpx
import pytest
from client_fakes import AGENCY_TOKEN, TOKEN, json_response, make_client, scripted

from ghlsync.client.api import GhlClient
from ghlsync.client.objects import ObjectsClient
from ghlsync.errors import ApiError
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport
from ghlsync.values.objects import FieldValue, ObjectValue, PrimaryProperty

PROPERTY = ObjectValue(
    "custom_objects.property", "Property", "Properties", None,
    PrimaryProperty("address", "Address", "TEXT"), ("address",),
)
MLS = FieldValue("custom_objects.property", "mls", "MLS", "TEXT", folder=None)


def _schema_client(*answers: httpx.Response) -> ObjectsClient:
    client, _, _ = make_client(scripted(answers))
    return ObjectsClient(client)


def _sandbox_client(shape: str = "captured") -> ObjectsClient:
    sandbox = Sandbox(faults=FaultSettings(rate_max=100_000, shape=shape))
    http = httpx.Client(
        transport=SandboxTransport(sandbox), base_url="https://sandbox.invalid",
        headers={"Authorization": "Bearer t", "Version": "2021-07-28", "User-Agent": "tests"},
    )
    return ObjectsClient(GhlClient(http, "loc_1", agency_token="sandbox-agency-token"))


def test_objects_are_read_bare_or_wrapped_with_short_searchable_keys() -> None:
    listed = [{"key": "contact", "standard": True, "labels": {"singular": "Contact"}}]
    detail = {"object": {"id": "o1", "key": "custom_objects.property",
                         "labels": {"singular": "Property", "plural": "Properties"},
                         "primaryDisplayProperty": "custom_objects.property.address",
                         "searchableProperties": ["custom_objects.property.address"]},
              "fields": [{"id": "f1", "fieldKey": "custom_objects.property.address",
                          "name": "Address", "dataType": "TEXT"}]}
    client = _schema_client(json_response(200, listed), json_response(200, detail))
    assert [o.key for o in client.list_objects()] == ["contact"]
    value = client.get_object("custom_objects.property")
    assert value is not None
    assert value.primary == PrimaryProperty("address", "Address", "TEXT")
    assert value.searchable == ("address",)


def test_a_missing_object_reads_as_none() -> None:
    client = _schema_client(json_response(404, {"statusCode": 404, "message": "Not found"}))
    assert client.get_object("custom_objects.nope") is None


def test_fields_take_string_or_label_options_and_folder_names() -> None:
    payload = {
        "fields": [{"id": "f1", "fieldKey": "custom_objects.property.tier", "name": "Tier",
                    "dataType": "RADIO", "parentId": "d1",
                    "options": [{"key": "a", "label": "A"}, "B"]}],
        "folders": [{"id": "d1", "name": "Listing", "objectKey": "custom_objects.property"}],
    }
    client = _schema_client(json_response(200, payload))
    fields, folders = client.list_fields("custom_objects.property")
    assert fields[0].options == ("A", "B") and fields[0].folder == "Listing"
    assert [f.name for f in folders] == ["Listing"]


def test_contact_fields_read_picklist_options_and_keep_only_contact_keys() -> None:
    payload = {"customFields": [
        {"id": "c1", "fieldKey": "contact.tier", "name": "Tier", "dataType": "RADIO",
         "picklistOptions": ["A"]},
        {"id": "o1", "fieldKey": "opportunity.tier", "name": "Tier", "dataType": "TEXT"},
    ]}
    client = _schema_client(json_response(200, payload))
    fields, folders = client.list_fields("contact")
    assert [(f.key, f.options) for f in fields] == [("tier", ("A",))] and folders == []


def test_a_malformed_field_stops_with_an_error_naming_the_endpoint() -> None:
    payload = {"fields": [{"id": "f1", "name": "Tier", "dataType": "RADIO"}], "folders": []}
    client = _schema_client(json_response(200, payload))
    with pytest.raises(ApiError, match=r"GET /custom-fields/object-key/.*fieldKey"):
        client.list_fields("custom_objects.property")


def test_an_object_create_whose_answer_was_lost_is_adopted() -> None:
    client = _sandbox_client()
    client.create_object(PROPERTY)
    again = client.create_object(PROPERTY)
    assert again.primary == PROPERTY.primary
    assert [o.key for o in client.list_objects()].count("custom_objects.property") == 1


def test_an_object_taken_with_other_labels_is_a_clear_error() -> None:
    client = _sandbox_client()
    client.create_object(PROPERTY)
    other = ObjectValue(PROPERTY.key, "Home", "Homes", None, PROPERTY.primary)
    with pytest.raises(ApiError, match="already exists with other labels"):
        client.create_object(other)


def test_a_field_create_whose_answer_was_lost_is_adopted_by_key() -> None:
    client = _sandbox_client()
    client.create_object(PROPERTY)
    first = client.create_field(MLS, None)
    assert client.create_field(MLS, None).id == first.id
    fields, _ = client.list_fields(PROPERTY.key)
    assert [f.key for f in fields].count("mls") == 1


def test_a_field_taken_with_another_type_is_a_clear_error() -> None:
    client = _sandbox_client()
    client.create_object(PROPERTY)
    client.create_field(MLS, None)
    with pytest.raises(ApiError, match="already exists as TEXT"):
        client.create_field(FieldValue(PROPERTY.key, "mls", "MLS", "NUMERICAL"), None)


def test_a_folder_create_whose_answer_was_lost_is_adopted_by_name() -> None:
    client = _sandbox_client()
    client.create_object(PROPERTY)
    first = client.create_folder(PROPERTY.key, "Listing")
    assert client.create_folder(PROPERTY.key, "Listing").id == first.id


@pytest.mark.parametrize("shape", ["spec", "captured"])
def test_a_field_already_deleted_counts_as_deleted(shape: str) -> None:
    client = _sandbox_client(shape)
    client.create_object(PROPERTY)
    created = client.create_field(MLS, None)
    client.delete_field(created)
    client.delete_field(created)
    assert [f.key for f in client.list_fields(PROPERTY.key)[0]] == ["address"]


def test_errors_never_quote_the_token() -> None:
    echo = {"statusCode": 400, "message": f"bad token {TOKEN}"}
    client = _schema_client(json_response(400, echo))
    with pytest.raises(ApiError) as caught:
        client.list_objects()
    assert TOKEN not in str(caught.value)


def test_a_field_delete_answered_400_not_found_counts_as_deleted() -> None:
    gone = {"statusCode": 400, "message": "Custom field not found"}
    _schema_client(json_response(400, gone)).delete_field(
        FieldValue("custom_objects.property", "mls", "MLS", "TEXT", folder=None, id="f1")
    )


def _created_property() -> httpx.Response:
    return json_response(201, {"object": {
        "id": "o1", "key": PROPERTY.key, "labels": {"singular": "Property", "plural": "Properties"},
        "primaryDisplayProperty": "custom_objects.property.address",
    }})


def test_only_the_object_create_carries_the_agency_token() -> None:
    client, recorder, _ = make_client(scripted([
        _created_property(), json_response(201, {"field": {
            "id": "f1", "fieldKey": "custom_objects.property.mls", "name": "MLS",
            "dataType": "TEXT"}}),
    ]))
    schema = ObjectsClient(client)
    schema.create_object(PROPERTY)
    schema.create_field(MLS, None)
    created, field = recorder.requests
    assert created.headers["Authorization"] == f"Bearer {AGENCY_TOKEN}"
    assert field.headers["Authorization"] == f"Bearer {TOKEN}"


def test_without_an_agency_token_no_object_create_is_sent() -> None:
    recorder_answers: list[httpx.Response] = []
    client, recorder, _ = make_client(scripted(recorder_answers))
    bare = GhlClient(client._http, "loc_1")  # the same transport, no agency token
    assert not bare.has_agency_token
    with pytest.raises(ApiError, match="needs an agency token") as caught:
        ObjectsClient(bare).create_object(PROPERTY)
    assert recorder.requests == []
    assert TOKEN[:8] not in str(caught.value)


def test_the_agency_token_is_redacted_from_errors() -> None:
    echo = json_response(401, {"statusCode": 401, "message": f"bad token {AGENCY_TOKEN}"})
    client, _, _ = make_client(scripted([echo]))
    with pytest.raises(ApiError) as caught:
        ObjectsClient(client).create_object(PROPERTY)
    assert AGENCY_TOKEN[:10] not in str(caught.value)


def _field_answer(object_key: str, key: str, data_type: str = "TEXT") -> httpx.Response:
    return json_response(201, {"field": {"id": "f1", "fieldKey": f"{object_key}.{key}",
                                         "name": key, "dataType": data_type}})


def test_a_field_in_no_folder_names_its_object_as_parent_and_sends_no_options() -> None:
    business = {"object": {"id": "biz_schema_1", "key": "business", "standard": True}}
    client, recorder, _ = make_client(scripted([
        json_response(200, business), _field_answer("business", "industry"),
    ]))
    industry = FieldValue("business", "industry", "Industry", "TEXT")
    ObjectsClient(client).create_field(industry, None)
    looked_up, created = recorder.requests
    assert looked_up.url.path == "/objects/business"
    body = json.loads(created.content)
    assert body["parentId"] == "biz_schema_1"
    assert "options" not in body


def test_a_field_in_a_folder_names_the_folder_as_parent() -> None:
    client, recorder, _ = make_client(scripted([_field_answer(PROPERTY.key, "mls")]))
    ObjectsClient(client).create_field(MLS, "folder_1")
    assert json.loads(recorder.requests[0].content)["parentId"] == "folder_1"


def test_a_text_box_list_contact_field_sends_text_box_list_options() -> None:
    client, recorder, _ = make_client(scripted([_field_answer("contact", "rooms", "TEXTBOX_LIST")]))
    rooms = FieldValue("contact", "rooms", "Rooms", "TEXTBOX_LIST", ("Kitchen", "Bath"))
    ObjectsClient(client).create_field(rooms, None)
    body = json.loads(recorder.requests[0].content)
    assert body["textBoxListOptions"] == [{"label": "Kitchen", "prefillValue": ""},
                                          {"label": "Bath", "prefillValue": ""}]
    assert "options" not in body and "parentId" not in body


def test_a_field_update_sends_no_parent() -> None:
    client, recorder, _ = make_client(scripted([json_response(200, {})]))
    live = FieldValue(PROPERTY.key, "mls", "MLS", "TEXT", id="f1")
    ObjectsClient(client).update_field(live, live, "folder_1")
    body = json.loads(recorder.requests[0].content)
    assert "parentId" not in body and "options" not in body


def test_an_object_the_listing_describes_reads_as_its_own_read_would() -> None:
    from real_answers import CUSTOM_OBJECT_WITH_PROPERTIES as DETAIL

    fields = {"fields": [*DETAIL["fields"]], "folders": []}
    client = _schema_client(
        json_response(200, {"objects": [DETAIL["object"]]}), json_response(200, fields),
        json_response(200, DETAIL),
    )
    client.list_objects()
    key = "custom_objects.property"
    assert client.described_by_listing(key)
    listed_fields, _ = client.list_fields(key)
    from_listing = client.object_from_listing(key, listed_fields)
    assert from_listing is not None and from_listing == client.get_object(key)
    assert from_listing.primary == PrimaryProperty("address", "Address", "TEXT")
    assert client.object_from_listing(key, []) is None  # primary not among the fields


def test_an_object_listed_without_its_searchable_properties_is_read_on_its_own() -> None:
    listed = {"objects": [{"id": "o1", "key": "custom_objects.property",
                           "labels": {"singular": "Property", "plural": "Properties"}}]}
    client = _schema_client(json_response(200, listed))
    client.list_objects()
    assert not client.described_by_listing("custom_objects.property")
    assert client.object_from_listing("custom_objects.property", [MLS]) is None


@pytest.mark.parametrize("shape", ["spec", "captured"])
def test_reading_n_objects_from_the_sandbox_costs_one_plus_n_requests(shape: str) -> None:
    from ghlsync.kinds.objects.read import read_live_objects

    client = _sandbox_client(shape)
    others = [ObjectValue(f"custom_objects.thing{n}", f"Thing {n}", f"Things {n}", None,
                          PrimaryProperty("name", "Name", "TEXT")) for n in range(3)]
    for value in (PROPERTY, *others):
        client.create_object(value)
    keys = [PROPERTY.key, *(o.key for o in others)]
    stats = client._client.stats
    before = stats.requests
    schema = read_live_objects(client, keys)
    assert stats.requests - before == 1 + len(keys), stats.by_endpoint()
    assert schema.objects[PROPERTY.key].primary == PROPERTY.primary
    assert schema.objects[others[0].key].primary == PrimaryProperty("name", "Name", "TEXT")
