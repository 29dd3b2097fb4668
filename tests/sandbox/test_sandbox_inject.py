"""POST/GET /_sandbox/inject: a request the sandbox performs itself, once, mid-run."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import LOCATION, Api


def _relation_body(association_id: str, first: str, second: str) -> dict[str, Any]:
    return {
        "locationId": LOCATION,
        "associationId": association_id,
        "firstRecordId": first,
        "secondRecordId": second,
    }


def _inject(api: Api, trigger: str, count: int, request: dict[str, Any]) -> Any:
    response = api.client.post("/_sandbox/inject", json={trigger: count, "request": request})
    assert response.status_code == 200, response.text
    return response.json()


def _create(association_id: str, first: str, second: str) -> dict[str, Any]:
    body = _relation_body(association_id, first, second)
    return {"method": "POST", "path": "/associations/relations", "json": body}


def test_injection_runs_once_after_the_nth_write(api: Api) -> None:
    association_id = api.association_id("property_owner")
    api.hold_records(association_id, "p9", "c9")
    listed = _inject(api, "after_writes", 2, _create(association_id, "p9", "c9"))
    assert listed["pending"][0] == {
        "after_writes": 2, "seen": 0, "method": "POST", "path": "/associations/relations"}

    api.relations_of("p9")  # reads are not counted
    assert api.create_relation(association_id, "p1", "c1").status_code == 201
    assert api.relations_of("p9") == []
    assert api.create_relation(association_id, "p2", "c2").status_code == 201
    assert [r["secondRecordId"] for r in api.relations_of("p9")] == ["c9"]

    report = api.client.get("/_sandbox/inject").json()
    assert report["pending"] == []
    assert [(d["status"], d["seen"]) for d in report["done"]] == [(201, 2)]
    assert api.create_relation(association_id, "p3", "c3").status_code == 201
    assert len(api.relations_of("c9")) == 1  # performed once only


def test_after_requests_counts_reads_too(api: Api) -> None:
    association_id = api.association_id("property_owner")
    relation = api.create_relation(association_id, "p1", "c1").json()
    delete = {
        "method": "DELETE",
        "path": f"/associations/relations/{relation['id']}",
        "params": {"locationId": LOCATION},
    }
    _inject(api, "after_requests", 1, delete)
    assert len(api.relations_of("p1")) == 1  # the counted request sees the state before
    assert api.relations_of("p1") == []


def test_a_failing_injected_request_keeps_its_answer(api: Api) -> None:
    _inject(api, "after_requests", 1, _create("no-such-association", "p1", "c1"))
    api.associations()
    done = api.client.get("/_sandbox/inject").json()["done"]
    assert done[0]["status"] >= 400
    assert "message" in done[0]["answer"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"request": {"method": "GET", "path": "/associations"}}, "exactly one of"),
        ({"after_writes": 1, "after_requests": 1, "request": {}}, "exactly one of"),
        ({"after_writes": 0, "request": {}}, "at least 1"),
        ({"after_writes": True, "request": {}}, "at least 1"),
        ({"after_writes": 1, "request": "POST /x"}, "request must be an object"),
        ({"after_writes": 1, "request": {"method": "PATCH", "path": "/x"}}, "request.method"),
        ({"after_writes": 1, "request": {"method": "GET", "path": "/_sandbox/state"}}, "API path"),
        ({"after_writes": 1, "request": {"method": "GET", "path": "x"}}, "API path"),
        ({"after_writes": 1, "request": {"method": "POST", "path": "/a", "json": [1]}}, "json"),
        ({"after_writes": 1, "request": {"method": "GET", "path": "/a", "params": {"s": 1}}},
         "params"),
        ({"after_writes": 1, "request": {}, "extra": 1}, "exactly one of"),
    ],
)
def test_bad_injections_are_400_and_schedule_nothing(
    api: Api, body: dict[str, Any], message: str
) -> None:
    response = api.client.post("/_sandbox/inject", json=body)
    assert response.status_code == 400
    assert message in str(response.json()["message"])
    assert api.client.get("/_sandbox/inject").json() == {"pending": [], "done": []}
