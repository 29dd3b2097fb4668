"""Attacks on the served sandbox's admin endpoints: DNS rebinding, cross-site pages, forms."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sandbox_helpers import GOOD_HEADERS, LOCATION, Api

from ghlsync.sandbox import serve
from ghlsync.sandbox.guard import allowed_hosts, refuse_admin_request

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    urls: queue.Queue[str] = queue.Queue()
    thread = threading.Thread(
        target=serve, args=(tmp_path / "s.json", "127.0.0.1", 0, None, urls.put), daemon=True
    )
    thread.start()
    served = urls.get(timeout=5)
    with httpx.Client(base_url=served, headers=GOOD_HEADERS) as client:
        Api(client).association_id("property_owner")
    yield served
    httpx.post(served + "/_sandbox/shutdown", json={})
    thread.join(timeout=5)


def _keys(url: str) -> list[str]:
    with httpx.Client(base_url=url, headers=GOOD_HEADERS) as client:
        return [a.get("key", a["id"]) for a in Api(client).associations()]


def _port(url: str) -> str:
    return url.rsplit(":", 1)[1]


def test_a_rebound_host_name_cannot_wipe_the_state(url: str) -> None:
    before = _keys(url)
    answer = httpx.post(url + "/_sandbox/reset", json={},
                        headers={"Host": f"attacker.example:{_port(url)}"})
    assert answer.status_code == 403
    assert "admin requests must be sent to" in answer.json()["message"]
    assert _keys(url) == before


def test_a_wrong_port_in_host_is_refused(url: str) -> None:
    answer = httpx.get(url + "/_sandbox/state", headers={"Host": "127.0.0.1:1"})
    assert answer.status_code == 403


def test_a_cross_site_origin_is_refused(url: str) -> None:
    before = _keys(url)
    answer = httpx.put(url + "/_sandbox/state", json={"locations": {}},
                       headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403
    assert "cross-site" in answer.json()["message"]
    assert _keys(url) == before


def test_a_form_post_is_refused_even_from_the_same_origin(url: str) -> None:
    before = _keys(url)
    answer = httpx.post(url + "/_sandbox/reset", content=b"x=1",
                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                 "Origin": url})
    assert answer.status_code == 403
    assert "must be application/json" in answer.json()["message"]
    plain = httpx.post(url + "/_sandbox/shutdown", content=b"{}",
                       headers={"Content-Type": "text/plain"})
    assert plain.status_code == 403
    assert _keys(url) == before


def test_localhost_and_same_origin_json_requests_are_allowed(url: str) -> None:
    headers = {"Host": f"localhost:{_port(url)}", "Origin": f"http://localhost:{_port(url)}"}
    answer = httpx.get(url + "/_sandbox/state", headers=headers)
    assert answer.status_code == 200
    assert LOCATION in answer.json()["locations"]


def test_the_api_refuses_a_rebound_host_or_a_cross_site_origin(url: str) -> None:
    before = _keys(url)
    association = next(a for a in _associations(url) if a.get("key") == "property_owner")
    target = f"{url}/associations/{association['id']}"
    rebound = {**GOOD_HEADERS, "Host": f"attacker.example:{_port(url)}"}
    cross_site = {**GOOD_HEADERS, "Origin": "https://evil.example"}
    for headers in (rebound, cross_site):
        answer = httpx.delete(target, headers=headers)
        assert answer.status_code == 403, answer.text
    query = {"locationId": LOCATION, "skip": 0, "limit": 10}
    assert httpx.get(url + "/associations/", params=query, headers=rebound).status_code == 403
    assert _keys(url) == before


def test_the_api_answers_its_own_host_and_origin(url: str) -> None:
    headers = {**GOOD_HEADERS, "Host": f"localhost:{_port(url)}", "Origin": url}
    query = {"locationId": LOCATION, "skip": 0, "limit": 10}
    assert httpx.get(url + "/associations/", params=query, headers=headers).status_code == 200


def _associations(url: str) -> list[dict[str, str]]:
    with httpx.Client(base_url=url, headers=GOOD_HEADERS) as client:
        return Api(client).associations()


def test_an_empty_state_put_over_http_keeps_the_state(url: str) -> None:
    before = _keys(url)
    answer = httpx.put(url + "/_sandbox/state", content=b"",
                       headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert _keys(url) == before


def test_allowed_hosts_name_the_address_and_localhost_with_the_port() -> None:
    assert allowed_hosts("127.0.0.1", 80) == {"127.0.0.1:80", "localhost:80"}
    assert allowed_hosts("::1", 81) == {"[::1]:81", "localhost:81"}
    hosts = allowed_hosts("127.0.0.1", 80)
    assert refuse_admin_request("GET", {"Host": "127.0.0.1:80"}, hosts) is None
    assert refuse_admin_request("PUT", {"Host": "127.0.0.1:80"}, hosts) is not None
