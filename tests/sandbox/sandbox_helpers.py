"""Helpers shared by the sandbox tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

from typing import Any

import httpx

LOCATION = "loc_test"
SYSTEM_KEYS = ["BUSINESSES_CONTACTS_ASSOCIATION", "OPPORTUNITIES_CONTACTS_ASSOCIATION"]
BASE_URL = "https://sandbox.invalid"
GOOD_HEADERS = {
    "Authorization": "Bearer test-token",
    "Version": "2021-07-28",
    "User-Agent": "ghlsync-tests",
    "Accept": "application/json",
}
AGENCY = {"Authorization": "Bearer sandbox-agency-token"}
"""The headers of a request sent with the token the sandbox knows as the agency's."""


class FakeClock:
    """A clock the test moves by hand; ``sleep`` advances it and remembers the naps."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.naps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.naps.append(seconds)
        self.now += seconds


class Api:
    """Thin helpers over a client so tests read as GHL calls."""

    def __init__(self, client: httpx.Client, location: str = LOCATION) -> None:
        self.client = client
        self.location = location
        self._objects: set[str] = set()

    def create_association(
        self, key: str, first: str = "custom_objects.property", second: str = "contact"
    ) -> httpx.Response:
        """Create it (its custom objects first: GHL refuses associations to missing ones)."""
        for object_key in {first, second}:
            self.create_object(object_key)
        body = {
            "locationId": self.location,
            "key": key,
            "firstObjectKey": first,
            "firstObjectLabel": first.title(),
            "secondObjectKey": second,
            "secondObjectLabel": second.title() if second != first else f"Other {first}",
        }
        return self.client.post("/associations/", json=body)

    def create_object(self, object_key: str) -> None:
        """Create a custom object (with the agency token) unless it exists; others exist."""
        if not object_key.startswith("custom_objects.") or object_key in self._objects:
            return
        name = object_key.removeprefix("custom_objects.")
        body = {
            "locationId": self.location, "key": object_key,
            "labels": {"singular": name.title(), "plural": f"{name.title()}s"},
            "primaryDisplayPropertyDetails": {
                "key": f"{object_key}.name", "name": "Name", "dataType": "TEXT"
            },
        }
        response = self.client.post("/objects/", json=body, headers=AGENCY)
        assert response.status_code in (201, 400), response.text
        self._objects.add(object_key)

    def association_id(self, key: str, **objects: str) -> str:
        response = self.create_association(key, **objects)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def create_relation(
        self, association_id: str, first: str, second: str, *, seed: bool = True
    ) -> httpx.Response:
        """Create a relation; ``seed``: first make the location hold both records."""
        if seed:
            self.hold_records(association_id, first, second)
        body = {
            "locationId": self.location,
            "associationId": association_id,
            "firstRecordId": first,
            "secondRecordId": second,
        }
        return self.client.post("/associations/relations", json=body)

    def hold_records(self, association_id: str, first: str, second: str) -> None:
        """Add the records to the location, under the association's side objects (admin)."""
        self._add_records({})  # a new location is created, with its system associations
        state = self.client.get("/_sandbox/state").json()["locations"][self.location]
        found = [a for a in state.get("associations", []) if a["id"] == association_id]
        if not found:
            return
        sides = (found[0]["firstObjectKey"], found[0]["secondObjectKey"])
        records: dict[str, list[str]] = {}
        for object_key, record_id in zip(sides, (first, second), strict=True):
            records.setdefault(object_key, []).append(record_id)
        self._add_records(records)

    def _add_records(self, records: dict[str, list[str]]) -> None:
        body = {"locationId": self.location, "records": records, "add": True}
        answer = self.client.post("/_sandbox/records", json=body)
        assert answer.status_code == 200, answer.text

    def relations_of(
        self, record_id: str, **params: str | int | list[str]
    ) -> list[dict[str, Any]]:
        query: dict[str, str | int | list[str]] = {
            "locationId": self.location, "skip": 0, "limit": 100, **params
        }
        response = self.client.get(f"/associations/relations/{record_id}", params=query)
        assert response.status_code == 200, response.text
        relations: list[dict[str, Any]] = response.json()["relations"]
        return relations

    def associations(self, skip: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        query: dict[str, str | int] = {"locationId": self.location, "skip": skip, "limit": limit}
        response = self.client.get("/associations/", params=query)
        assert response.status_code == 200, response.text
        associations: list[dict[str, Any]] = response.json()["associations"]
        return associations


def make_client(transport: httpx.BaseTransport) -> httpx.Client:
    return httpx.Client(transport=transport, base_url=BASE_URL, headers=GOOD_HEADERS)
