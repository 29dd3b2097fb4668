"""Answer-shape variants and simulated missing scopes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandbox_helpers import LOCATION, Api, make_client

from ghlsync.errors import UsageError
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport

BUSINESSES = "BUSINESSES_CONTACTS_ASSOCIATION"
LIMITS = {"firstObjectToSecondObjectMaxLimit", "secondObjectToFirstObjectMaxLimit"}


def _api(spec: str) -> Api:
    sandbox = Sandbox(faults=FaultSettings.parse(f"rate=100000/10000,{spec}"))
    return Api(make_client(SandboxTransport(sandbox)))


def _listing(api: Api) -> dict[str, Any]:
    query = {"locationId": LOCATION, "skip": 0, "limit": 100}
    answer: dict[str, Any] = api.client.get("/associations/", params=query).json()
    return answer


def _relation_body(first: str, second: str) -> dict[str, str]:
    return {"locationId": LOCATION, "associationId": BUSINESSES, "firstRecordId": first,
            "secondRecordId": second}


def test_captured_shape_is_the_default() -> None:
    api = _api("")
    listing = _listing(api)
    assert "key" not in listing["associations"][0]
    assert "relationId" in api.create_relation(BUSINESSES, "b1", "c1").json()


def test_spec_shape_answers_everything() -> None:
    api = _api("shape=spec")
    listing = _listing(api)
    assert {"associations", "total", "traceId"} <= set(listing)
    assert listing["associations"][0]["key"] == BUSINESSES
    created = api.create_relation(BUSINESSES, "b1", "c1").json()
    assert "id" in created and "relationId" not in created


def test_captured_shape_strips_system_associations_and_names_relation_ids() -> None:
    api = _api("shape=captured")
    system = _listing(api)["associations"][0]
    assert set(system) == {"id", "firstObjectKey", "secondObjectKey", "associationType"} | LIMITS
    assert system["id"] == BUSINESSES
    user = api.create_association("property_owner").json()
    assert user["key"] == "property_owner" and user["locationId"] == LOCATION
    created = api.create_relation(BUSINESSES, "b1", "c1").json()
    assert "id" not in created and created["relationId"]
    assert [r["relationId"] for r in api.relations_of("c1")] == [created["relationId"]]


@pytest.mark.parametrize(
    ("shape", "status", "message"),
    [
        ("spec", 404, "Relation with id 'r_missing' not found"),
        ("captured", 400, "Relation not found"),
        ("minimal", 400, "Relation not found"),
    ],
)
def test_deleting_a_missing_relation(shape: str, status: int, message: str) -> None:
    api = _api(f"shape={shape}")
    response = api.client.delete(
        "/associations/relations/r_missing", params={"locationId": LOCATION}
    )
    assert (response.status_code, response.json()["message"]) == (status, message)


def test_captured_shape_answers_a_repeated_association_delete_with_400() -> None:
    api = _api("shape=captured")
    association_id = api.association_id("property_owner")
    assert api.client.delete(f"/associations/{association_id}").status_code == 200
    again = api.client.delete(f"/associations/{association_id}")
    assert again.status_code == 400
    assert again.json() == {"statusCode": 400, "message": "Association not found"}


def test_wrapped_shape_wraps_single_objects_and_drops_total_and_trace_id() -> None:
    api = _api("shape=wrapped")
    created = api.create_association("property_owner")
    association = created.json()["association"]
    fetched = api.client.get(f"/associations/{association['id']}").json()
    assert fetched == {"association": association}
    relation = api.create_relation(association["id"], "p1", "c1").json()
    assert set(relation) == {"relation"}
    assert set(_listing(api)) == {"associations"}


def test_terse_shape_answers_writes_with_ids_only() -> None:
    api = _api("shape=terse")
    created = api.create_association("property_owner").json()
    assert set(created) == {"id"}
    relation = api.create_relation(created["id"], "p1", "c1").json()
    assert set(relation) == {"relationId"}
    update = {"firstObjectLabel": "A", "secondObjectLabel": "B"}
    assert api.client.put(f"/associations/{created['id']}", json=update).json() == {
        "id": created["id"]}
    assert api.client.delete(f"/associations/{created['id']}").json() == {"deleted": True}
    assert set(_listing(api)) == {"associations", "traceId"}


def test_minimal_shape_answers_writes_with_success_only() -> None:
    api = _api("shape=minimal")
    assert api.create_association("property_owner").json() == {"success": True}
    association_id = {a.get("key"): a["id"] for a in api.associations()}["property_owner"]
    assert api.create_relation(association_id, "p1", "c1").json() == {"success": True}
    assert [r["firstRecordId"] for r in api.relations_of("c1")] == ["p1"]
    assert set(_listing(api)) == {"associations"}


def test_unknown_shape_is_a_usage_error_naming_the_known_ones() -> None:
    with pytest.raises(UsageError, match=r"unknown sandbox shape 'odd' .*captured"):
        FaultSettings.parse("shape=odd")


def test_missing_write_scope_is_401_and_changes_nothing() -> None:
    api = _api("missing_scopes=associations.write")
    refused = api.create_association("property_owner", first="contact")
    assert refused.status_code == 401
    assert refused.json() == {"statusCode": 401,
                              "message": "The token is not authorized for this scope.",
                              "error": "Unauthorized"}
    assert [a.get("key") for a in api.associations()][-1] != "property_owner"
    assert api.create_relation(BUSINESSES, "b1", "c1").status_code == 201


def test_missing_relation_scopes_leave_association_calls_alone() -> None:
    api = _api("missing_scopes=associations/relation.readonly+associations/relation.write")
    assert api.create_association("property_owner").status_code == 201
    assert api.create_relation(BUSINESSES, "b1", "c1").status_code == 401
    query = {"locationId": LOCATION, "skip": 0, "limit": 10}
    assert api.client.get("/associations/relations/c1", params=query).status_code == 401


def test_scopes_can_be_taken_away_at_run_time(api: Api) -> None:
    changed = api.client.put("/_sandbox/faults", json={"missing_scopes": "associations.readonly"})
    assert changed.status_code == 200
    query = {"locationId": LOCATION, "skip": 0, "limit": 10}
    assert api.client.get("/associations/", params=query).status_code == 401
    bad = api.client.put("/_sandbox/faults", json={"missing_scopes": "everything"})
    assert bad.status_code == 400 and "unknown scope 'everything'" in bad.json()["message"]


def test_shape_can_be_changed_at_run_time(client: httpx.Client) -> None:
    api = Api(client)
    assert client.put("/_sandbox/faults", json={"shape": "captured"}).status_code == 200
    assert "key" not in api.associations()[0]
