"""The state file: loading, saving, validation, the seed, and indexes at 100,000 relations."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sandbox_helpers import LOCATION, SYSTEM_KEYS, Api, make_client

from ghlsync.errors import UsageError
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxState, SandboxTransport
from ghlsync.sandbox.entities import Relation


def test_missing_file_is_an_empty_state(tmp_path: Path) -> None:
    state = SandboxState.load(tmp_path / "absent.json")
    assert state.locations == {}
    assert state.to_json() == {"version": 1, "next_id": 1, "locations": {}}


def test_invalid_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(UsageError, match=r"broken\.json is not valid JSON"):
        SandboxState.load(path)


def test_unreadable_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read sandbox state"):
        SandboxState.load(tmp_path)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "top level must be a JSON object"),
        ({"version": 2}, "unsupported version 2"),
        ({"locations": {"l": {"associations": [{"id": "a"}]}}}, "missing field 'key'"),
        ({"locations": {"l": {"relations": [
            {"id": "r", "associationId": "nope", "firstRecordId": "a", "secondRecordId": "b"}
        ]}}}, "unknown association"),
        ({"locations": {"l": {"records": {"contact": ["x"], "business": ["x"]}}}},
         "listed under two objects"),
        ({"locations": {"l": {"records": {"contact": "x"}}}}, "must be a list"),
    ],
)
def test_invalid_state_names_the_file_and_problem(
    tmp_path: Path, data: object, problem: str
) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps(data))
    with pytest.raises(UsageError) as caught:
        SandboxState.load(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_state_is_saved_on_close_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "sandbox.json"
    with make_client(SandboxTransport.open(path)) as client:
        api = Api(client)
        association_id = api.association_id("property_owner")
        api.create_relation(association_id, "p1", "c1")
    saved = json.loads(path.read_text())
    assert saved["version"] == 1
    assert [a.get("key", a["id"]) for a in saved["locations"][LOCATION]["associations"]] == [
        *SYSTEM_KEYS, "property_owner"]
    with make_client(SandboxTransport.open(path)) as client:
        api = Api(client)
        assert [r["firstRecordId"] for r in api.relations_of("c1")] == ["p1"]
        assert api.create_relation(association_id, "p1", "c1").status_code == 400
        fresh_id = api.association_id("property_agent")
    assert fresh_id not in {association_id}
    lock = path.with_name("sandbox.json.lock")
    assert sorted(tmp_path.joinpath("nested").iterdir()) == [path, lock]


def test_close_does_not_write_when_nothing_changed(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    with make_client(SandboxTransport.open(path)) as client:
        client.get("/associations/seedless-id")
    assert not path.exists()


def test_hand_written_ids_are_never_reissued(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    path.write_text(json.dumps({"version": 1, "next_id": 1, "locations": {LOCATION: {
        "associations": [{"id": "65a000000000000000000001", "key": "mine",
                          "firstObjectKey": "contact", "firstObjectLabel": "A",
                          "secondObjectKey": "contact", "secondObjectLabel": "B"}]}}}))
    with make_client(SandboxTransport.open(path)) as client:
        new_id = Api(client).association_id("other", first="contact")
    assert new_id == "65a000000000000000000002"


def _big_state(relation_count: int) -> SandboxState:
    state = SandboxState()
    location = state.location(LOCATION)
    association_id = next(iter(location.associations))
    for n in range(relation_count):
        contact, business = f"c{n // 2}", f"b{n % 5000}"
        location.add_relation(Relation(f"r{n}", association_id, contact, business))
    first, second = location.associations[association_id].first_object_key, "contact"
    location.set_records({first: [f"c{n}" for n in range(relation_count // 2)],
                          second: [f"b{n}" for n in range(5000)]})
    return state


def test_listing_one_record_among_100000_relations_is_fast() -> None:
    sandbox = Sandbox(_big_state(100_000), FaultSettings(rate_max=1000))
    api = Api(make_client(SandboxTransport(sandbox)))
    started = time.perf_counter()
    relations = api.relations_of("c777")
    duplicate = api.create_relation(relations[0]["associationId"], "c777", "b1554", seed=False)
    elapsed = time.perf_counter() - started
    assert [r["secondRecordId"] for r in relations] == ["b1554", "b1555"]
    assert duplicate.status_code == 400
    assert elapsed < 0.05
    assert len(api.relations_of("b1554", limit=100)) == 20


PREVIOUS_VERSION = Path(__file__).with_name("previous_state.json")
"""A state file written by the sandbox before its resources had modules of their own: an
object with a folder, fields and a searchable property, a contact field, a custom value, a
tag, records with properties, an association and a relation."""


def test_a_state_file_of_the_previous_version_loads_serves_and_saves_unchanged(
    tmp_path: Path,
) -> None:
    written = PREVIOUS_VERSION.read_text(encoding="utf-8")
    path = tmp_path / "state.json"
    path.write_text(written, encoding="utf-8")
    state = SandboxState.load(path)
    assert json.dumps(state.to_json(), indent=1) + "\n" == written
    with make_client(SandboxTransport(Sandbox(state, FaultSettings(shape="spec")))) as client:
        listed = client.get("/locations/loc_old/customValues").json()["customValues"]
        assert [v["fieldKey"] for v in listed] == ["{{ custom_values.support_phone }}"]
        assert client.get("/locations/loc_old/tags").json()["tags"][0]["name"] == "vip"
        home = client.get("/objects/custom_objects.home", params={"locationId": "loc_old"})
        assert home.json()["object"]["searchableProperties"] == ["custom_objects.home.mls"]
        page = {"locationId": "loc_old", "skip": 0, "limit": 10}
        relations = client.get("/associations/relations/c_1", params=page).json()["relations"]
        assert [r["firstRecordId"] for r in relations] == ["h_1"]
        created = client.post("/locations/loc_old/tags", json={"name": "new"}).json()["tag"]
    assert created["id"] == "65a00000000000000000000a"
