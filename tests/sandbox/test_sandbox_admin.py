"""The /_sandbox/ admin endpoints."""

from __future__ import annotations

import httpx
from sandbox_helpers import BASE_URL, LOCATION, SYSTEM_KEYS, Api

from ghlsync.sandbox import Sandbox, SandboxTransport


def test_state_dump_and_replace(api: Api) -> None:
    api.association_id("property_owner")
    dumped = api.client.get("/_sandbox/state").json()
    assert [a.get("key", a["id"]) for a in dumped["locations"][LOCATION]["associations"]] == [
        *SYSTEM_KEYS, "property_owner"]
    api.client.post("/_sandbox/reset")
    assert api.client.get("/_sandbox/state").json()["locations"] == {}
    restored = api.client.put("/_sandbox/state", json=dumped)
    assert restored.status_code == 200
    assert [a.get("key", a["id"]) for a in api.associations()] == [*SYSTEM_KEYS, "property_owner"]


def test_replacing_with_an_invalid_state_is_400(api: Api) -> None:
    response = api.client.put("/_sandbox/state", json={"version": 9, "locations": {}})
    assert response.status_code == 400
    assert "unsupported version 9" in response.json()["message"]


def test_an_empty_state_body_is_400_and_wipes_nothing(api: Api) -> None:
    api.association_id("property_owner")
    for body in (b"", b"{}", b'{"version": 1}'):
        response = api.client.put(
            "/_sandbox/state", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400
        assert "needs a whole state" in response.json()["message"]
        assert "left unchanged" in response.json()["message"]
    assert [a.get("key", a["id"]) for a in api.associations()] == [*SYSTEM_KEYS, "property_owner"]


def test_faults_can_be_read_and_changed(api: Api, sandbox: Sandbox) -> None:
    assert api.client.get("/_sandbox/faults").json()["fault_rate"] == 0.0
    changed = api.client.put("/_sandbox/faults", json={"fault_rate": 1, "seed": 4})
    assert changed.status_code == 200
    assert changed.json()["fault_rate"] == 1.0
    assert sandbox.faults.seed == 4
    response = api.client.get("/associations/", params={"locationId": LOCATION})
    assert response.status_code in {429, 500, 502, 503}


def test_bad_fault_change_is_400_and_changes_nothing(api: Api, sandbox: Sandbox) -> None:
    response = api.client.put("/_sandbox/faults", json={"fault_rate": "lots"})
    assert response.status_code == 400
    assert "fault_rate" in response.json()["message"]
    assert sandbox.faults.fault_rate == 0.0


def test_admin_is_exempt_from_auth_faults_and_rate_limits(api: Api, sandbox: Sandbox) -> None:
    api.client.put("/_sandbox/faults", json={"fault_rate": 1, "rate_max": 1})
    bare = httpx.Client(transport=SandboxTransport(sandbox), base_url=BASE_URL)
    for _ in range(5):
        assert bare.get("/_sandbox/state").status_code == 200


def test_records_can_be_set_and_cleared(api: Api) -> None:
    association_id = api.association_id("property_owner")
    body = {"locationId": LOCATION, "records": {"contact": ["c1"]}}
    assert api.client.post("/_sandbox/records", json=body).status_code == 200
    assert api.create_relation(association_id, "p1", "c1", seed=False).status_code == 404
    added = {"locationId": LOCATION, "records": {"custom_objects.property": ["p1"]}, "add": True}
    assert api.client.post("/_sandbox/records", json=added).status_code == 200
    assert api.create_relation(association_id, "p1", "c1", seed=False).status_code == 201
    cleared = api.client.post("/_sandbox/records", json={"locationId": LOCATION, "records": None})
    assert cleared.json() == {"locationId": LOCATION, "records": None}
    assert api.create_relation(association_id, "p2", "c1", seed=False).status_code == 404


def test_bad_records_are_rejected(api: Api) -> None:
    missing = api.client.post("/_sandbox/records", json={"records": {}})
    assert missing.status_code == 422
    bad = api.client.post("/_sandbox/records",
                          json={"locationId": LOCATION, "records": {"contact": "c1"}})
    assert bad.status_code == 400
    assert "must be a list" in bad.json()["message"]


def test_unknown_admin_path_and_method(api: Api) -> None:
    assert api.client.get("/_sandbox/nothing").status_code == 404
    assert api.client.delete("/_sandbox/state").status_code == 405
