"""By default the sandbox is never friendlier than a real location (docs/design.md)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_helpers import AGENCY, LOCATION, Api, make_client

from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport

PROPERTY = {
    "locationId": LOCATION,
    "key": "custom_objects.property",
    "labels": {"singular": "Property", "plural": "Properties"},
    "primaryDisplayPropertyDetails": {
        "key": "custom_objects.property.address", "name": "Address", "dataType": "TEXT"
    },
}


@pytest.fixture
def strict() -> Iterator[httpx.Client]:
    """A sandbox with nothing but the default settings."""
    with make_client(SandboxTransport(Sandbox(faults=FaultSettings(rate_max=100_000)))) as client:
        yield client


def _field(**extra: object) -> dict[str, object]:
    return {"locationId": LOCATION, "name": "MLS", "dataType": "TEXT", "showInForms": True,
            "fieldKey": "custom_objects.property.mls", "objectKey": "custom_objects.property",
            **extra}


def _property_id(client: httpx.Client) -> str:
    created = client.post("/objects/", json=PROPERTY, headers=AGENCY)
    assert created.status_code == 201, created.text
    return str(created.json()["object"]["id"])


def test_a_body_property_the_endpoint_does_not_list_is_422(strict: httpx.Client) -> None:
    object_id = _property_id(strict)
    response = strict.post("/custom-fields/", json=_field(parentId=object_id, colour="red"))
    assert response.status_code == 422
    assert response.json()["message"] == ["property colour should not exist"]


def test_a_query_property_the_endpoint_does_not_list_is_422(strict: httpx.Client) -> None:
    response = strict.get("/opportunities/search", params={"locationId": LOCATION})
    assert response.status_code == 422
    assert "property locationId should not exist" in response.json()["message"]


def test_a_field_create_needs_a_parent_the_object_or_its_folder(strict: httpx.Client) -> None:
    object_id = _property_id(strict)
    missing = strict.post("/custom-fields/", json=_field())
    assert missing.status_code == 422
    assert "parentId should not be empty" in missing.json()["message"]
    assert strict.post("/custom-fields/", json=_field(parentId="elsewhere")).status_code == 400
    created = strict.post("/custom-fields/", json=_field(parentId=object_id))
    assert created.status_code == 201, created.text


def test_a_field_update_naming_a_parent_is_422(strict: httpx.Client) -> None:
    object_id = _property_id(strict)
    field_id = strict.post("/custom-fields/", json=_field(parentId=object_id)).json()["field"]["id"]
    body = {"locationId": LOCATION, "showInForms": True, "parentId": object_id}
    response = strict.put(f"/custom-fields/{field_id}", json=body)
    assert response.json()["message"] == ["property parentId should not exist"]


def test_only_the_agency_token_creates_an_object_and_only_that(strict: httpx.Client) -> None:
    refused = strict.post("/objects/", json=PROPERTY)
    assert refused.status_code == 401
    listing = strict.get("/objects/", params={"locationId": LOCATION}, headers=AGENCY)
    assert listing.status_code == 401
    assert listing.json()["message"] == "This location is not accessible from this token."
    assert strict.post("/objects/", json=PROPERTY, headers=AGENCY).status_code == 201


def test_an_association_to_an_object_that_does_not_exist_is_refused(strict: httpx.Client) -> None:
    api = Api(strict)
    body = {"locationId": LOCATION, "key": "boat_owner", "firstObjectKey": "custom_objects.boat",
            "firstObjectLabel": "Boat", "secondObjectKey": "contact", "secondObjectLabel": "Owner"}
    response = strict.post("/associations/", json=body)
    assert response.status_code == 404
    assert "custom_objects.boat" in response.json()["message"]
    assert [a["id"] for a in api.associations()] == [
        "BUSINESSES_CONTACTS_ASSOCIATION", "OPPORTUNITIES_CONTACTS_ASSOCIATION"
    ]


def test_contact_field_listings_show_standard_fields_and_folders(strict: httpx.Client) -> None:
    listed = strict.get(f"/locations/{LOCATION}/customFields", params={"model": "contact"})
    fields = listed.json()["customFields"]
    standard = [f for f in fields if f.get("dataType") == "STANDARD_FIELD"]
    assert standard and all("fieldKey" in f for f in standard)
    options = [o for f in standard for o in f.get("picklistOptions", [])]
    assert options and all(set(o) == {"value", "name"} for o in options)
    assert any(f.get("documentType") == "folder" and "dataType" not in f for f in fields)


def test_standard_objects_embed_their_standard_properties(strict: httpx.Client) -> None:
    params = {"locationId": LOCATION, "fetchProperties": "true"}
    answer = strict.get("/objects/contact", params=params).json()
    assert {"object", "fields", "cache", "traceId"} <= set(answer)
    assert all(f["standard"] is True for f in answer["fields"])
    assert any("id" not in f for f in answer["fields"])
