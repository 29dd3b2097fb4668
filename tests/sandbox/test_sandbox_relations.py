"""The three relation endpoints, record enforcement and the associationIds filter."""

from __future__ import annotations

from sandbox_helpers import LOCATION, Api

DUPLICATE = "Could not create relation: duplicate relation of object Ids for given association "


def test_create_returns_201_and_the_relation(api: Api) -> None:
    association_id = api.association_id("property_owner")
    response = api.create_relation(association_id, "p1", "c1")
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "associationId": association_id,
        "locationId": LOCATION,
        "firstRecordId": "p1",
        "firstObjectKey": "custom_objects.property",
        "secondRecordId": "c1",
        "secondObjectKey": "contact",
    }
    assert len(body["id"]) == 24


def test_duplicate_relation_is_400_with_ghls_message(api: Api) -> None:
    association_id = api.association_id("property_owner")
    api.create_relation(association_id, "p1", "c1")
    response = api.create_relation(association_id, "p1", "c1")
    assert response.status_code == 400
    assert response.json() == {"statusCode": 400, "message": DUPLICATE + association_id}


def test_same_records_in_another_association_are_not_duplicates(api: Api) -> None:
    owner = api.association_id("property_owner")
    agent = api.association_id("property_agent")
    assert api.create_relation(owner, "p1", "c1").status_code == 201
    assert api.create_relation(agent, "p1", "c1").status_code == 201


def test_unknown_association_is_404(api: Api) -> None:
    response = api.create_relation("65a0ffffffffffffffffffff", "p1", "c1")
    assert response.status_code == 404
    assert "65a0ffffffffffffffffffff" in response.json()["message"]


def test_association_of_another_location_is_404(api: Api) -> None:
    association_id = api.association_id("property_owner")
    other = Api(api.client, "loc_other")
    assert other.create_relation(association_id, "p1", "c1").status_code == 404


def test_create_with_missing_fields_is_422(api: Api) -> None:
    response = api.client.post("/associations/relations", json={"locationId": LOCATION})
    assert response.status_code == 422
    assert response.json()["message"] == [
        "associationId should not be empty", "associationId must be a string",
        "firstRecordId should not be empty", "firstRecordId must be a string",
        "secondRecordId should not be empty", "secondRecordId must be a string",
    ]


def test_a_location_without_records_refuses_every_relation(api: Api) -> None:
    association_id = api.association_id("property_owner")
    refused = api.create_relation(association_id, "anything", "goes", seed=False)
    assert refused.status_code == 404
    assert refused.json()["message"] == "Record 'anything' not found"
    assert api.relations_of("anything") == []


def test_record_lists_are_enforced_when_present(api: Api) -> None:
    association_id = api.association_id("property_owner")
    records = {"custom_objects.property": ["p1"], "contact": ["c1"]}
    response = api.client.post("/_sandbox/records",
                               json={"locationId": LOCATION, "records": records})
    assert response.status_code == 200
    unknown = api.create_relation(association_id, "p1", "c_nobody", seed=False)
    assert unknown.status_code == 404
    assert unknown.json()["message"] == "Record 'c_nobody' not found"
    wrong_side = api.create_relation(association_id, "c1", "c1", seed=False)
    assert wrong_side.status_code == 400
    assert "'c1' is a contact" in wrong_side.json()["message"]
    assert "must be a custom_objects.property" in wrong_side.json()["message"]
    assert api.create_relation(association_id, "p1", "c1").status_code == 201


def test_list_returns_relations_where_record_is_first_or_second(api: Api) -> None:
    association_id = api.association_id("contact_contact", first="contact", second="contact")
    api.create_relation(association_id, "a", "b")
    api.create_relation(association_id, "c", "a")
    api.create_relation(association_id, "b", "c")
    pairs = [(r["firstRecordId"], r["secondRecordId"]) for r in api.relations_of("a")]
    assert pairs == [("a", "b"), ("c", "a")]


def test_list_of_unknown_record_is_empty(api: Api) -> None:
    assert api.relations_of("nobody") == []


def test_list_paginates_in_stable_order(api: Api) -> None:
    association_id = api.association_id("property_owner")
    for n in range(7):
        api.create_relation(association_id, f"p{n}", "c1")
    pages = [api.relations_of("c1", skip=skip, limit=3) for skip in (0, 3, 6)]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [r["firstRecordId"] for page in pages for r in page] == [f"p{n}" for n in range(7)]


def test_list_rejects_bad_paging_with_422(api: Api) -> None:
    response = api.client.get("/associations/relations/c1",
                              params={"locationId": LOCATION, "skip": 0, "limit": 101})
    assert response.status_code == 422
    assert response.json()["message"] == ["limit must not be greater than 100"]


def test_association_ids_filter_takes_repeated_parameters(api: Api) -> None:
    owner = api.association_id("property_owner")
    agent = api.association_id("property_agent")
    tenant = api.association_id("property_tenant")
    for association_id in (owner, agent, tenant):
        api.create_relation(association_id, "p1", "c1")
    params = {"associationIds": [owner, tenant]}
    assert [r["associationId"] for r in api.relations_of("c1", **params)] == [owner, tenant]
    assert [r["associationId"] for r in api.relations_of("c1", associationIds=agent)] == [agent]


def test_delete_relation(api: Api) -> None:
    association_id = api.association_id("property_owner")
    relation_id = api.create_relation(association_id, "p1", "c1").json()["id"]
    path = f"/associations/relations/{relation_id}"
    response = api.client.delete(path, params={"locationId": LOCATION})
    assert response.status_code == 200
    assert response.json()["deleted"] is True and response.json()["id"] == relation_id
    assert api.relations_of("c1") == []
    assert api.create_relation(association_id, "p1", "c1").status_code == 201


def test_delete_unknown_or_foreign_relation_is_404(api: Api) -> None:
    association_id = api.association_id("property_owner")
    relation_id = api.create_relation(association_id, "p1", "c1").json()["id"]
    path = f"/associations/relations/{relation_id}"
    foreign = api.client.delete(path, params={"locationId": "loc_other"})
    assert foreign.status_code == 404
    assert foreign.json()["message"] == f"Relation with id '{relation_id}' not found"
    assert len(api.relations_of("c1")) == 1


def test_delete_relation_needs_location(api: Api) -> None:
    response = api.client.delete("/associations/relations/whatever")
    assert response.status_code == 422
    assert "locationId should not be empty" in response.json()["message"]
