"""The six association endpoints: success shapes and GHL-style errors."""

from __future__ import annotations

from sandbox_helpers import LOCATION, SYSTEM_KEYS, Api

ASSOCIATION_FIELDS = {
    "id", "key", "locationId", "firstObjectKey", "firstObjectLabel", "secondObjectKey",
    "secondObjectLabel", "associationType",
}


LIMIT_FIELDS = {"firstObjectToSecondObjectMaxLimit", "secondObjectToFirstObjectMaxLimit"}


def test_new_location_holds_the_two_standard_system_associations(api: Api) -> None:
    businesses, opportunities = api.associations()
    for seed in (businesses, opportunities):
        assert set(seed) == ASSOCIATION_FIELDS | LIMIT_FIELDS
        assert seed["associationType"] == "SYSTEM_DEFINED"
        assert seed["id"] == seed["key"]
    assert businesses["key"] == "BUSINESSES_CONTACTS_ASSOCIATION"
    assert (businesses["firstObjectKey"], businesses["secondObjectKey"]) == ("business", "contact")
    assert businesses["firstObjectToSecondObjectMaxLimit"] == 10_000
    assert businesses["secondObjectToFirstObjectMaxLimit"] == 1
    assert opportunities["key"] == "OPPORTUNITIES_CONTACTS_ASSOCIATION"
    assert (opportunities["firstObjectKey"], opportunities["secondObjectKey"]) == (
        "opportunity", "contact")
    assert opportunities["firstObjectToSecondObjectMaxLimit"] == 25
    assert opportunities["secondObjectToFirstObjectMaxLimit"] == 1_000


def test_create_returns_201_and_the_bare_association(api: Api) -> None:
    response = api.create_association("property_owner")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == ASSOCIATION_FIELDS
    assert body["key"] == "property_owner"
    assert body["locationId"] == LOCATION
    assert body["associationType"] == "USER_DEFINED"
    assert body["firstObjectLabel"] == "Custom_Objects.Property"


def test_ids_are_deterministic(api: Api) -> None:
    assert api.association_id("a_b", first="contact") == "65a000000000000000000001"
    assert api.association_id("c_d", first="contact") == "65a000000000000000000002"


def test_duplicate_key_is_400_saying_it_exists(api: Api) -> None:
    api.association_id("property_owner")
    response = api.create_association("property_owner")
    assert response.status_code == 400
    assert response.json() == {
        "statusCode": 400,
        "message": "Association with key 'property_owner' already exists",
    }


def test_invalid_object_key_is_400(api: Api) -> None:
    response = api.create_association("x", first="spaceship")
    assert response.status_code == 400
    assert "Invalid object key 'spaceship'" in response.json()["message"]


def test_create_with_missing_and_mistyped_fields_is_422_listing_them(api: Api) -> None:
    body = {"locationId": LOCATION, "key": 7, "firstObjectKey": "contact"}
    response = api.client.post("/associations/", json=body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["error"] == "Unprocessable Entity"
    assert "key must be a string" in payload["message"]
    assert "firstObjectLabel should not be empty" in payload["message"]
    assert "secondObjectKey must be a string" in payload["message"]


def test_malformed_json_body_is_400(api: Api) -> None:
    response = api.client.post("/associations/", content=b"{nope")
    assert response.status_code == 400
    assert response.json()["message"] == "Request body is not valid JSON"


def test_list_paginates_with_skip_and_limit_and_carries_total_and_trace_id(api: Api) -> None:
    keys = [f"assoc_{n}" for n in range(5)]
    for key in keys:
        api.association_id(key)
    first_page = api.associations(skip=0, limit=4)
    second_page = api.associations(skip=4, limit=4)
    assert [a.get("key", a["id"]) for a in first_page + second_page] == [*SYSTEM_KEYS, *keys]
    assert len(second_page) == 3
    response = api.client.get("/associations/", params={"locationId": LOCATION, "skip": 0,
                                                         "limit": 1})
    assert response.json()["total"] == 7
    assert response.json()["traceId"]


def test_list_rejects_bad_paging_with_422(api: Api) -> None:
    cases: dict[tuple[str | int, int], str] = {
        (0, 101): "limit must not be greater than 100",
        (0, 0): "limit must not be less than 1",
        (-1, 10): "skip must not be less than 0",
        ("x", 10): "skip must be a number conforming to the specified constraints",
    }
    for (skip, limit), message in cases.items():
        query: dict[str, str | int] = {"locationId": LOCATION, "skip": skip, "limit": limit}
        response = api.client.get("/associations/", params=query)
        assert response.status_code == 422, (skip, limit)
        assert response.json()["message"] == [message]


def test_list_without_location_or_paging_is_422(api: Api) -> None:
    response = api.client.get("/associations/")
    assert response.status_code == 422
    assert "locationId should not be empty" in response.json()["message"]
    assert "limit must be a number conforming to the specified constraints" in (
        response.json()["message"]
    )


def test_get_by_key(api: Api) -> None:
    association_id = api.association_id("property_owner")
    response = api.client.get("/associations/key/property_owner", params={"locationId": LOCATION})
    assert response.status_code == 200
    assert response.json()["id"] == association_id


def test_get_by_unknown_key_is_404(api: Api) -> None:
    response = api.client.get("/associations/key/nope", params={"locationId": LOCATION})
    assert response.status_code == 404
    assert response.json() == {"statusCode": 404,
                               "message": "Association with key 'nope' not found"}


def test_get_by_object_key_lists_those_involving_it(api: Api) -> None:
    api.association_id("property_owner")
    api.association_id("deal_company", first="opportunity", second="business")
    response = api.client.get("/associations/objectKey/contact", params={"locationId": LOCATION})
    assert response.status_code == 200
    keys = {a.get("key", a["id"]) for a in response.json()["associations"]}
    assert keys == {*SYSTEM_KEYS, "property_owner"}


def test_internal_associations_only_when_asked_for(api: Api) -> None:
    query = {"locationId": LOCATION, "includeInternalAssociations": "true"}
    response = api.client.get("/associations/objectKey/contact", params=query)
    keys = [a.get("key", a["id"]) for a in response.json()["associations"]]
    assert keys == [*SYSTEM_KEYS, "TASK_CONTACT_ASSOCIATION"]
    assert "TASK_CONTACT_ASSOCIATION" not in {a.get("key", a["id"]) for a in api.associations()}
    business = api.client.get("/associations/objectKey/business", params=query).json()
    assert [a.get("key", a["id"]) for a in business["associations"]] == [SYSTEM_KEYS[0]]


def test_get_by_id_and_unknown_id(api: Api) -> None:
    association_id = api.association_id("property_owner")
    assert api.client.get(f"/associations/{association_id}").json()["key"] == "property_owner"
    missing = api.client.get("/associations/65a0ffffffffffffffffffff")
    assert missing.status_code == 404
    assert missing.json()["message"] == "Association with id '65a0ffffffffffffffffffff' not found"


def test_update_changes_both_labels(api: Api) -> None:
    association_id = api.association_id("property_owner")
    body = {"firstObjectLabel": "Home", "secondObjectLabel": "Owner"}
    response = api.client.put(f"/associations/{association_id}", json=body)
    assert response.status_code == 200
    assert (response.json()["firstObjectLabel"], response.json()["secondObjectLabel"]) == (
        "Home", "Owner")
    assert api.client.get(f"/associations/{association_id}").json()["secondObjectLabel"] == "Owner"


def test_update_needs_both_labels(api: Api) -> None:
    association_id = api.association_id("property_owner")
    response = api.client.put(f"/associations/{association_id}", json={"firstObjectLabel": "x"})
    assert response.status_code == 422
    assert "secondObjectLabel should not be empty" in response.json()["message"]


def test_an_update_naming_a_location_is_422_as_the_official_body_has_none(api: Api) -> None:
    association_id = api.association_id("property_owner")
    body = {"firstObjectLabel": "a", "secondObjectLabel": "b", "locationId": "loc_other"}
    response = api.client.put(f"/associations/{association_id}", json=body)
    assert response.status_code == 422
    assert response.json()["message"] == ["property locationId should not exist"]


def test_system_defined_cannot_be_updated_or_deleted(api: Api) -> None:
    seed_id = api.associations()[0]["id"]
    body = {"firstObjectLabel": "a", "secondObjectLabel": "b"}
    for response in (api.client.put(f"/associations/{seed_id}", json=body),
                     api.client.delete(f"/associations/{seed_id}")):
        assert response.status_code == 400
        assert "SYSTEM_DEFINED" in response.json()["message"]
    assert api.associations()[0]["firstObjectLabel"] == "Business"


def test_delete_answers_deleted_and_cascades_to_relations(api: Api) -> None:
    doomed = api.association_id("property_owner")
    kept = api.association_id("property_agent")
    api.create_relation(doomed, "p1", "c1")
    api.create_relation(doomed, "p2", "c1")
    api.create_relation(kept, "p1", "c1")
    response = api.client.delete(f"/associations/{doomed}")
    assert response.status_code == 200
    assert response.json()["deleted"] is True and response.json()["id"] == doomed
    assert [r["associationId"] for r in api.relations_of("c1")] == [kept]
    assert api.client.get(f"/associations/{doomed}").status_code == 404
    assert api.client.delete(f"/associations/{doomed}").status_code == 404


def test_locations_are_separate(api: Api) -> None:
    api.association_id("property_owner")
    other = Api(api.client, "loc_other")
    assert [a.get("key", a["id"]) for a in other.associations()] == SYSTEM_KEYS
    assert [a.get("key", a["id"]) for a in api.associations()] == [*SYSTEM_KEYS, "property_owner"]


def test_trailing_slash_is_optional(api: Api) -> None:
    query: dict[str, str | int] = {"locationId": LOCATION, "skip": 0, "limit": 10}
    assert api.client.get("/associations", params=query).status_code == 200
