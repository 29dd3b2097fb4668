"""ObjectsClient: tolerant reading of schemas and fields, and idempotent writes."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import TOKEN, json_response, make_client, scripted

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


def _sandbox_client(shape: str = "spec") -> ObjectsClient:
    sandbox = Sandbox(faults=FaultSettings(rate_max=100_000, shape=shape))
    http = httpx.Client(
        transport=SandboxTransport(sandbox), base_url="https://sandbox.invalid",
        headers={"Authorization": "Bearer t", "Version": "2021-07-28", "User-Agent": "tests"},
    )
    return ObjectsClient(GhlClient(http, "loc_1"))


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
