"""Cardinality limits on relation creates, equal labels, and POST /_sandbox/associations."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import LOCATION, Api

BUSINESSES = "BUSINESSES_CONTACTS_ASSOCIATION"
OPPORTUNITIES = "OPPORTUNITIES_CONTACTS_ASSOCIATION"


def _add(api: Api, association: dict[str, Any]) -> dict[str, Any]:
    response = api.client.post(
        "/_sandbox/associations", json={"locationId": LOCATION, "association": association}
    )
    assert response.status_code == 200, response.text
    added: dict[str, Any] = response.json()
    return added


def _user_association(key: str, **extras: object) -> dict[str, object]:
    return {
        "key": key, "firstObjectKey": "custom_objects.desk", "firstObjectLabel": "Desk",
        "secondObjectKey": "contact", "secondObjectLabel": "Sitter", **extras,
    }


def test_a_fresh_location_takes_relations_on_its_system_associations(api: Api) -> None:
    assert api.create_relation(BUSINESSES, "b1", "c1").status_code == 201
    assert [r["associationId"] for r in api.relations_of("c1")] == [BUSINESSES]


def test_a_contact_has_at_most_one_business(api: Api) -> None:
    assert api.create_relation(BUSINESSES, "b1", "c1").status_code == 201
    refused = api.create_relation(BUSINESSES, "b2", "c1")
    assert refused.status_code == 400
    assert refused.json() == {
        "statusCode": 400,
        "message": "Association limit reached: record 'c1' may be linked to at most 1 business "
        f"record(s) through association '{BUSINESSES}'",
        "error": "Bad Request",
    }
    assert api.relations_of("b2") == []
    assert api.create_relation(BUSINESSES, "b1", "c2").status_code == 201


def test_an_opportunity_has_at_most_25_contacts(api: Api) -> None:
    for n in range(25):
        assert api.create_relation(OPPORTUNITIES, "o1", f"c{n}").status_code == 201
    refused = api.create_relation(OPPORTUNITIES, "o1", "c25")
    assert refused.status_code == 400
    assert "at most 25 contact record(s)" in refused.json()["message"]
    assert api.relations_of("c25") == []


def test_deleting_a_relation_frees_its_place_under_the_limit(api: Api) -> None:
    created = api.create_relation(BUSINESSES, "b1", "c1").json()
    params = {"locationId": LOCATION}
    deleted = api.client.delete(f"/associations/relations/{created['id']}", params=params)
    assert deleted.status_code == 200
    assert api.create_relation(BUSINESSES, "b2", "c1").status_code == 201


@pytest.mark.parametrize(
    ("extras", "allowed_sitters_per_desk", "allowed_desks_per_sitter"),
    [
        ({"firstObjectToSecondObjectCardinality": "ONE_TO_ONE"}, 1, 1),
        ({"firstObjectToSecondObjectCardinality": "ONE_TO_MANY"}, 3, 1),
        ({"firstObjectToSecondObjectCardinality": "MANY_TO_ONE"}, 1, 3),
        ({"firstObjectToSecondObjectCardinality": "MANY_TO_MANY"}, 3, 3),
        ({"firstObjectToSecondObjectMaxLimit": 2, "secondObjectToFirstObjectMaxLimit": 3}, 2, 3),
    ],
)
def test_user_defined_associations_obey_cardinalities_and_limits(
    api: Api, extras: dict[str, object], allowed_sitters_per_desk: int,
    allowed_desks_per_sitter: int,
) -> None:
    association = _add(api, _user_association("desk_sitter", **extras))
    assert {k: association[k] for k in extras} == extras
    sitters = [api.create_relation(association["id"], "d1", f"s{n}") for n in range(3)]
    assert [r.status_code for r in sitters].count(201) == allowed_sitters_per_desk
    desks = [api.create_relation(association["id"], f"d{n}", "s9") for n in range(2, 5)]
    assert [r.status_code for r in desks].count(201) == allowed_desks_per_sitter
    listed = {a["key"]: a for a in api.associations()}["desk_sitter"]
    assert {k: listed[k] for k in extras} == extras


def test_admin_association_may_be_system_defined_and_keeps_its_id(api: Api) -> None:
    added = _add(api, {**_user_association("DESKS_ASSOCIATION"), "id": "DESKS_ASSOCIATION",
                       "associationType": "SYSTEM_DEFINED"})
    assert added["id"] == "DESKS_ASSOCIATION"
    refused = api.client.delete("/associations/DESKS_ASSOCIATION")
    assert refused.status_code == 400 and "SYSTEM_DEFINED" in refused.json()["message"]


@pytest.mark.parametrize(
    ("association", "message"),
    [
        (_user_association("x", firstObjectToSecondObjectCardinality="SOME"), "must be one of"),
        (_user_association("x", secondObjectToFirstObjectMaxLimit=0), "at least 1"),
        (_user_association("x", associationType="MAGIC"), "associationType must be"),
        ({"key": "x"}, "missing field 'firstObjectKey'"),
        ("not an object", "association must be an object"),
    ],
)
def test_admin_association_refuses_bad_fields_and_adds_nothing(
    api: Api, association: object, message: str
) -> None:
    before = api.associations()
    response = api.client.post(
        "/_sandbox/associations", json={"locationId": LOCATION, "association": association}
    )
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert api.associations() == before


def test_equal_labels_are_422_with_an_array_message_on_create(api: Api) -> None:
    body = {"locationId": LOCATION, "key": "twin", "firstObjectKey": "contact",
            "firstObjectLabel": "Friend", "secondObjectKey": "contact",
            "secondObjectLabel": "Friend"}
    response = api.client.post("/associations/", json=body)
    assert response.status_code == 422
    assert response.json() == {"statusCode": 422,
                               "message": ["Both object labels can not be same"],
                               "error": "Unprocessable Entity"}
    assert "twin" not in {a.get("key", a["id"]) for a in api.associations()}


def test_equal_labels_are_422_on_update_and_change_nothing(api: Api) -> None:
    association_id = api.association_id("property_owner")
    body = {"firstObjectLabel": "Same", "secondObjectLabel": "Same"}
    response = api.client.put(f"/associations/{association_id}", json=body)
    assert response.status_code == 422
    assert response.json()["message"] == ["Both object labels can not be same"]
    current = api.client.get(f"/associations/{association_id}").json()
    assert current["secondObjectLabel"] == "Contact"


def test_relation_listing_carries_total_and_trace_id(api: Api) -> None:
    for n in range(3):
        api.create_relation(OPPORTUNITIES, f"o{n}", "c1")
    query = {"locationId": LOCATION, "skip": 0, "limit": 2}
    answer = api.client.get("/associations/relations/c1", params=query).json()
    assert len(answer["relations"]) == 2
    assert answer["total"] == 3
    assert isinstance(answer["traceId"], str) and answer["traceId"]
