"""The sandbox's custom value and tag resources behave like GHL's (``locations.json``)."""

from __future__ import annotations

import httpx
from sandbox_helpers import LOCATION, make_client

from ghlsync.sandbox import FaultSettings, Sandbox, SandboxState, SandboxTransport
from ghlsync.sandbox.resources.custom_values import CustomValues
from ghlsync.sandbox.resources.tags import Tags

VALUES = f"/locations/{LOCATION}/customValues"
TAGS = f"/locations/{LOCATION}/tags"


def _create_value(client: httpx.Client, name: str = "Support phone", value: str = "+1") -> dict:
    response = client.post(VALUES, json={"name": name, "value": value})
    assert response.status_code == 201, response.text
    created: dict = response.json()["customValue"]
    return created


def test_a_custom_value_gets_the_key_its_name_gives(client: httpx.Client) -> None:
    created = _create_value(client, "Support  Phone #1", "+1 555 0100")
    assert created["fieldKey"] == "{{ custom_values.support_phone_1 }}"
    assert created["locationId"] == LOCATION and created["value"] == "+1 555 0100"
    listed = client.get(VALUES).json()
    assert listed == {"customValues": [created]}
    assert client.get(f"{VALUES}/{created['id']}").json() == {"customValue": created}


def test_a_custom_value_is_renamed_and_revalued_in_place_keeping_its_key(
    client: httpx.Client,
) -> None:
    created = _create_value(client)
    answer = client.put(f"{VALUES}/{created['id']}", json={"name": "Support PHONE", "value": "2"})
    assert answer.status_code == 200
    assert answer.json()["customValue"] == {**created, "name": "Support PHONE", "value": "2"}


def test_custom_value_bodies_are_strict(client: httpx.Client) -> None:
    unknown = client.post(VALUES, json={"name": "A", "value": "b", "fieldKey": "x"})
    assert unknown.status_code == 422
    assert "property fieldKey should not exist" in unknown.json()["message"]
    missing = client.post(VALUES, json={"name": "A"})
    assert missing.status_code == 422 and "value should not be empty" in missing.json()["message"]
    created = _create_value(client)
    partial = client.put(f"{VALUES}/{created['id']}", json={"value": "only"})
    assert partial.status_code == 422 and "name must be a string" in partial.json()["message"]


def test_a_second_custom_value_of_one_key_is_refused(client: httpx.Client) -> None:
    _create_value(client, "Brand name")
    again = client.post(VALUES, json={"name": "brand-name", "value": "x"})
    assert again.status_code == 400 and "brand_name" in again.json()["message"]


def test_a_deleted_custom_value_is_gone(client: httpx.Client) -> None:
    created = _create_value(client)
    assert client.delete(f"{VALUES}/{created['id']}").json() == {"succeded": True}
    assert client.get(VALUES).json() == {"customValues": []}
    assert client.delete(f"{VALUES}/{created['id']}").status_code == 400


def test_tags_are_created_listed_renamed_and_deleted(client: httpx.Client) -> None:
    created = client.post(TAGS, json={"name": "vip"})
    assert created.status_code == 200, created.text
    tag = created.json()["tag"]
    assert tag == {"id": tag["id"], "name": "vip", "locationId": LOCATION}
    assert client.post(TAGS, json={"name": "vip"}).status_code == 400
    assert client.post(TAGS, json={"name": "x", "color": "red"}).status_code == 422
    renamed = client.put(f"{TAGS}/{tag['id']}", json={"name": "VIP"}).json()["tag"]
    assert client.get(TAGS).json() == {"tags": [renamed]}
    assert client.delete(f"{TAGS}/{tag['id']}").json() == {"succeded": True}
    assert client.get(TAGS).json() == {"tags": []}


def test_a_token_without_the_tag_scope_is_refused() -> None:
    sandbox = Sandbox(faults=FaultSettings(rate_max=100_000, missing_scopes="locations/tags.write"))
    with make_client(SandboxTransport(sandbox)) as client:
        assert client.get(TAGS).status_code == 200
        refused = client.post(TAGS, json={"name": "vip"})
        assert refused.status_code == 401
        assert client.post(VALUES, json={"name": "A", "value": "b"}).status_code == 201


def test_custom_values_and_tags_survive_the_state_file(
    client: httpx.Client, sandbox: Sandbox
) -> None:
    created = _create_value(client)
    tag = client.post(TAGS, json={"name": "vip"}).json()["tag"]
    stored = sandbox.state.to_json()
    assert stored["locations"][LOCATION]["customValues"] == [created]
    assert stored["locations"][LOCATION]["tags"] == [tag]
    reloaded = SandboxState.from_json(stored)
    location = reloaded.locations[LOCATION]
    assert location.part(CustomValues).items == {created["id"]: created}
    assert location.part(Tags).items == {tag["id"]: tag}
    assert reloaded.new_id() not in (created["id"], tag["id"])


def test_custom_value_and_tag_queries_take_no_property(client: httpx.Client) -> None:
    """Their official operations list no query parameter: any is refused, as GHL does."""
    for path in (VALUES, TAGS):
        refused = client.get(path, params={"limit": "5"})
        assert refused.status_code == 422, path
        assert refused.json()["message"] == ["property limit should not exist"]
