"""The sandbox's object schema and custom field endpoints behave like GHL's."""

from __future__ import annotations

from typing import Any

import httpx
from sandbox_helpers import AGENCY, LOCATION

from ghlsync.sandbox import Sandbox, SandboxState
from ghlsync.sandbox.object_store import ObjectStore

PROPERTY = {
    "locationId": LOCATION,
    "key": "custom_objects.property",
    "labels": {"singular": "Property", "plural": "Properties"},
    "primaryDisplayPropertyDetails": {
        "key": "custom_objects.property.address", "name": "Address", "dataType": "TEXT"
    },
}


_PROPERTY_ID: list[str] = []


def _field(key: str = "mls", data_type: str = "TEXT", **extra: Any) -> dict[str, Any]:
    """A field create; in no folder, ``parentId`` is the object's own id (GHL requires it)."""
    return {"locationId": LOCATION, "name": key.title(), "dataType": data_type,
            "fieldKey": f"custom_objects.property.{key}", "objectKey": "custom_objects.property",
            "showInForms": True, "parentId": _PROPERTY_ID[-1], **extra}


def _create_property(client: httpx.Client) -> None:
    response = client.post("/objects/", json=PROPERTY, headers=AGENCY)
    assert response.status_code == 201, response.text
    _PROPERTY_ID.append(response.json()["object"]["id"])


def test_a_new_location_lists_the_standard_objects(client: httpx.Client) -> None:
    response = client.get("/objects/", params={"locationId": LOCATION})
    keys = [o["key"] for o in response.json()["objects"]]
    assert keys == ["contact", "opportunity", "business"]


def test_an_object_is_created_with_its_primary_property_as_a_field(client: httpx.Client) -> None:
    _create_property(client)
    response = client.get(
        "/objects/custom_objects.property",
        params={"locationId": LOCATION, "fetchProperties": "true"},
    )
    body = response.json()
    assert body["object"]["primaryDisplayProperty"] == "custom_objects.property.address"
    assert [f["fieldKey"] for f in body["fields"]] == ["custom_objects.property.address"]


def test_a_second_create_of_the_same_key_is_a_400(client: httpx.Client) -> None:
    _create_property(client)
    response = client.post("/objects/", json=PROPERTY, headers=AGENCY)
    assert response.status_code == 400
    assert "already exists" in response.json()["message"]


def test_the_eleventh_custom_object_is_refused(client: httpx.Client) -> None:
    for index in range(10):
        body = {**PROPERTY, "key": f"custom_objects.o{index}"}
        assert client.post("/objects/", json=body, headers=AGENCY).status_code == 201
    more = {**PROPERTY, "key": "custom_objects.more"}
    response = client.post("/objects/", json=more, headers=AGENCY)
    assert response.status_code == 400
    assert "at most 10 custom objects" in response.json()["message"]


def test_there_is_no_delete_for_an_object_schema(client: httpx.Client) -> None:
    _create_property(client)
    response = client.delete("/objects/custom_objects.property", params={"locationId": LOCATION})
    assert response.status_code == 405
    assert client.get("/objects/custom_objects.property",
                      params={"locationId": LOCATION}).status_code == 200


def test_an_unknown_data_type_is_a_422_with_a_message_list(client: httpx.Client) -> None:
    _create_property(client)
    response = client.post("/custom-fields/", json=_field(data_type="MONEY"))
    assert response.status_code == 422
    assert isinstance(response.json()["message"], list)


def test_a_duplicate_field_key_is_a_400(client: httpx.Client) -> None:
    _create_property(client)
    assert client.post("/custom-fields/", json=_field()).status_code == 201
    response = client.post("/custom-fields/", json=_field())
    assert response.status_code == 400
    assert "already exists" in response.json()["message"]


def test_an_update_that_drops_options_keeps_them(client: httpx.Client) -> None:
    _create_property(client)
    options = [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]
    created = client.post("/custom-fields/", json=_field("tier", "RADIO", options=options))
    field_id = created.json()["field"]["id"]
    response = client.put(f"/custom-fields/{field_id}",
                          json={"locationId": LOCATION, "options": options[:1]})
    assert [o["label"] for o in response.json()["field"]["options"]] == ["A", "B"]


def test_a_data_type_change_is_refused(client: httpx.Client) -> None:
    _create_property(client)
    field_id = client.post("/custom-fields/", json=_field()).json()["field"]["id"]
    body = {"locationId": LOCATION, "showInForms": True, "dataType": "NUMERICAL"}
    response = client.put(f"/custom-fields/{field_id}", json=body)
    assert response.status_code == 422
    assert response.json()["message"] == ["property dataType should not exist"]


def test_folders_and_fields_are_listed_together(client: httpx.Client) -> None:
    _create_property(client)
    folder = client.post("/custom-fields/folder", json={
        "locationId": LOCATION, "objectKey": "custom_objects.property", "name": "Listing"
    }).json()
    client.post("/custom-fields/", json=_field(parentId=folder["id"]))
    listing = client.get("/custom-fields/object-key/custom_objects.property",
                         params={"locationId": LOCATION}).json()
    assert [f["name"] for f in listing["folders"]] == ["Listing"]
    assert {f.get("parentId") for f in listing["fields"]} == {None, folder["id"]}


def test_contact_fields_live_under_the_location(client: httpx.Client) -> None:
    path = f"/locations/{LOCATION}/customFields"
    created = client.post(path, json={"name": "Buyer budget", "dataType": "MONETORY",
                                      "model": "contact"})
    assert created.status_code == 201
    field = created.json()["customField"]
    assert field["fieldKey"] == "contact.buyer_budget" and field["model"] == "contact"
    listed = client.get(path, params={"model": "contact"}).json()["customFields"]
    assert [f["id"] for f in listed if f["id"].startswith("65a")] == [field["id"]]
    assert client.delete(f"{path}/{field['id']}").status_code == 200
    listed = client.get(path, params={"model": "contact"}).json()["customFields"]
    assert all(f.get("dataType") == "STANDARD_FIELD" or f.get("documentType") == "folder"
               for f in listed)


def test_the_schema_survives_the_state_file(client: httpx.Client, sandbox: Sandbox) -> None:
    _create_property(client)
    client.post("/custom-fields/", json=_field())
    reloaded = SandboxState.from_json(sandbox.state.to_json())
    store = reloaded.location(LOCATION).part(ObjectStore)
    assert "custom_objects.property" in store.objects
    assert {f["fieldKey"] for f in store.fields.values()} == {
        "custom_objects.property.address", "custom_objects.property.mls"
    }


def test_a_field_delete_without_location_counts_against_its_location(
    client: httpx.Client,
) -> None:
    _create_property(client)
    field_id = client.post("/custom-fields/", json=_field()).json()["field"]["id"]
    before = client.get("/objects/", params={"locationId": LOCATION})
    deleted = client.delete(f"/custom-fields/{field_id}")
    assert deleted.status_code == 200
    remaining = int(deleted.headers["X-RateLimit-Remaining"])
    assert remaining == int(before.headers["X-RateLimit-Remaining"]) - 1
