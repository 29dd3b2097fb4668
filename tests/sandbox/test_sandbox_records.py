"""Records with properties and the search/list endpoints of the simulated location."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sandbox_helpers import LOCATION, Api, FakeClock, make_client

from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport
from ghlsync.sandbox.object_store import ObjectStore
from ghlsync.sandbox.state import SandboxState

PROPERTY = "custom_objects.property"
RECORDS: dict[str, list[Any]] = {
    "contact": [
        {"id": "c1", "email": "jane@example.com", "phone": "+15550100", "firstName": "Jane"},
        {"id": "c2", "email": "omar@example.com"},
        "c3",
    ],
    "business": [{"id": f"b{i}", "name": f"Business {i}"} for i in range(5)],
    "opportunity": [{"id": "o1", "name": "Villa sale"}, {"id": "o2", "name": "Villa rent"}],
    PROPERTY: [{"id": "p1", "mls_number": "A-1001"}, {"id": "p2", "mls_number": "A-10010"}],
}


@pytest.fixture
def seeded(api: Api) -> Api:
    response = api.client.post(
        "/_sandbox/records", json={"locationId": LOCATION, "records": RECORDS}
    )
    assert response.status_code == 200, response.text
    return api


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def test_admin_records_keep_their_properties_in_the_state(seeded: Api, tmp_path: Path) -> None:
    dumped = seeded.client.get("/_sandbox/state").json()
    assert dumped["locations"][LOCATION]["records"] == RECORDS
    path = tmp_path / "state.json"
    path.write_text(httpx.Response(200, json=dumped).text, encoding="utf-8")
    reloaded = SandboxState.load(path)
    assert reloaded.location(LOCATION).properties["c1"]["email"] == "jane@example.com"
    assert reloaded.to_json()["locations"][LOCATION]["records"] == RECORDS


def test_a_property_that_is_not_text_is_refused(api: Api, sandbox: Sandbox) -> None:
    bad = {"contact": [{"id": "c1", "email": 5}]}
    response = api.client.post("/_sandbox/records", json={"locationId": LOCATION, "records": bad})
    assert response.status_code == 400
    assert "property 'email' must be a string" in response.json()["message"]
    assert sandbox.state.location(LOCATION).records is None


def test_duplicate_search_finds_a_contact_by_email_or_number(seeded: Api) -> None:
    get = seeded.client.get
    by_email = get("/contacts/search/duplicate", params={"locationId": LOCATION,
                                                         "email": "JANE@example.com"})
    assert by_email.json()["contact"]["id"] == "c1"
    by_number = get("/contacts/search/duplicate", params={"locationId": LOCATION,
                                                          "number": "+1 555 0100"})
    assert by_number.json()["contact"]["id"] == "c1"
    nobody = get("/contacts/search/duplicate", params={"locationId": LOCATION, "email": "x@y.z"})
    assert nobody.json() == {"contact": None}


def test_duplicate_search_without_location_is_the_real_422(seeded: Api) -> None:
    response = seeded.client.get("/contacts/search/duplicate", params={"email": "a@b.c"})
    assert response.status_code == 422
    assert "locationId should not be empty" in response.json()["message"]


def test_contact_search_pages_with_a_total(seeded: Api) -> None:
    body = {"locationId": LOCATION, "pageLimit": 2, "page": 2}
    answer = seeded.client.post("/contacts/search", json=body).json()
    assert ids(answer["contacts"]) == ["c3"] and answer["total"] == 3


@pytest.mark.parametrize("limit", [0, 101, "ten", None])
def test_a_bad_page_limit_is_422(seeded: Api, limit: object) -> None:
    body = {"locationId": LOCATION, "pageLimit": limit}
    response = seeded.client.post("/contacts/search", json=body)
    assert response.status_code == 422
    assert any("pageLimit" in m for m in response.json()["message"])


def test_businesses_are_listed_with_skip_and_limit(seeded: Api) -> None:
    params = {"locationId": LOCATION, "limit": "2", "skip": "4"}
    answer = seeded.client.get("/businesses/", params=params).json()
    assert answer == {"businesses": [{"id": "b4", "locationId": LOCATION, "name": "Business 4"}]}
    missing = seeded.client.get("/businesses/", params={"limit": "2"})
    assert missing.status_code == 422


def test_opportunity_search_is_fuzzy_with_meta(seeded: Api) -> None:
    params = {"location_id": LOCATION, "q": "villa", "limit": "1", "page": "2"}
    answer = seeded.client.get("/opportunities/search", params=params).json()
    assert ids(answer["opportunities"]) == ["o2"]
    assert answer["meta"]["total"] == 2
    wrong_name = seeded.client.get("/opportunities/search", params={"locationId": LOCATION})
    assert wrong_name.status_code == 422


def test_custom_record_search_is_fuzzy_over_searchable_properties(
    seeded: Api, sandbox: Sandbox
) -> None:
    body = {"locationId": LOCATION, "page": 1, "pageLimit": 10, "query": "A-1001",
            "searchAfter": []}
    search = f"/objects/{PROPERTY}/records/search"
    assert seeded.client.post(search, json=body).json()["records"] == []
    objects = sandbox.state.location(LOCATION).part(ObjectStore)
    objects.update_object(PROPERTY, {}, [f"{PROPERTY}.mls_number"])
    answer = seeded.client.post(search, json=body).json()
    assert ids(answer["records"]) == ["p1", "p2"] and answer["total"] == 2
    assert answer["records"][0]["properties"] == {"mls_number": "A-1001"}


def test_an_unknown_custom_object_is_404(seeded: Api) -> None:
    body = {"locationId": LOCATION, "page": 1, "pageLimit": 10, "query": "", "searchAfter": []}
    response = seeded.client.post("/objects/custom_objects.boat/records/search", json=body)
    assert response.status_code == 404
    assert "custom_objects.boat" in response.json()["message"]


def test_custom_record_search_needs_every_field(seeded: Api) -> None:
    response = seeded.client.post(f"/objects/{PROPERTY}/records/search",
                                  json={"locationId": LOCATION, "query": "x"})
    assert response.status_code == 422
    message = response.json()["message"]
    assert "searchAfter must be an array" in message
    assert any("pageLimit" in m for m in message)


def test_searches_count_in_the_location_rate_budget() -> None:
    clock = FakeClock()
    box = Sandbox(faults=FaultSettings(rate_max=3), clock=clock, sleep=clock.sleep)
    with make_client(SandboxTransport(box)) as client:
        answers = [
            client.get("/associations/", params={"locationId": LOCATION, "skip": 0, "limit": 10}),
            client.get("/businesses/", params={"locationId": LOCATION}),
            client.get("/opportunities/search", params={"location_id": LOCATION}),
            client.post("/contacts/search", json={"locationId": LOCATION, "pageLimit": 10}),
        ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]


def test_a_location_given_only_records_starts_like_a_fresh_one() -> None:
    seeded = SandboxState.from_json(
        {"locations": {LOCATION: {"records": {"contact": [{"id": "c1", "email": "a@b.c"}]}}}}
    )
    location = seeded.locations[LOCATION]
    assert [a.key for a in location.associations.values()] == [
        "BUSINESSES_CONTACTS_ASSOCIATION", "OPPORTUNITIES_CONTACTS_ASSOCIATION"
    ]
    assert location.properties == {"c1": {"email": "a@b.c"}}
    assert seeded.new_id() not in location.associations


@pytest.mark.parametrize("shape", ["wrapped", "terse", "minimal"])
def test_answer_shapes_leave_the_record_searches_alone(shape: str) -> None:
    box = Sandbox(faults=FaultSettings(rate_max=100_000, shape=shape))
    with make_client(SandboxTransport(box)) as client:
        client.post("/_sandbox/records", json={"locationId": LOCATION, "records": RECORDS})
        body = {"locationId": LOCATION, "pageLimit": 10}
        answer = client.post("/contacts/search", json=body).json()
    assert ids(answer["contacts"]) == ["c1", "c2", "c3"] and answer["total"] == 3


def test_a_token_without_the_contacts_scope_is_refused_like_ghl() -> None:
    box = Sandbox(faults=FaultSettings(rate_max=100_000,
                                       missing_scopes="contacts.readonly"))
    with make_client(SandboxTransport(box)) as client:
        refused = client.post("/contacts/search", json={"locationId": LOCATION, "pageLimit": 10})
        allowed = client.get("/businesses/", params={"locationId": LOCATION})
    assert refused.status_code == 401
    assert refused.json()["message"] == "The token is not authorized for this scope."
    assert allowed.status_code == 200


@pytest.mark.parametrize(
    ("path", "wrapper", "record_id"),
    [
        ("/contacts/c1", "contact", "c1"),
        ("/businesses/b2", "business", "b2"),
        ("/opportunities/o1", "opportunity", "o1"),
        (f"/objects/{PROPERTY}/records/p1", "record", "p1"),
    ],
)
def test_a_single_record_is_read_without_location(
    seeded: Api, path: str, wrapper: str, record_id: str
) -> None:
    answer = seeded.client.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.json()[wrapper]["id"] == record_id
    assert answer.json()[wrapper]["locationId"] == LOCATION


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/contacts/c_nobody", 400),
        ("/contacts/b1", 400),
        ("/businesses/c1", 400),
        ("/opportunities/o9", 400),
        (f"/objects/{PROPERTY}/records/p9", 404),
        ("/objects/custom_objects.car/records/p1", 404),
    ],
)
def test_an_unknown_single_record_is_400_or_404(seeded: Api, path: str, status: int) -> None:
    assert seeded.client.get(path).status_code == status
