"""The HTTP server: real sockets on 127.0.0.1, lost answers, persistence, clean shutdown."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sandbox_helpers import GOOD_HEADERS, LOCATION, SYSTEM_KEYS, Api

from ghlsync.errors import UsageError
from ghlsync.sandbox import FaultSettings, serve

pytestmark = pytest.mark.timeout(30)


class Running:
    def __init__(self, url: str, thread: threading.Thread) -> None:
        self.url = url
        self.thread = thread

    def stop(self) -> None:
        httpx.post(self.url + "/_sandbox/shutdown", json={})
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


def _start(state_path: Path | None, faults: FaultSettings | None = None) -> Running:
    urls: queue.Queue[str] = queue.Queue()
    thread = threading.Thread(
        target=serve, args=(state_path, "127.0.0.1", 0, faults, urls.put), daemon=True
    )
    thread.start()
    return Running(urls.get(timeout=5), thread)


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "served.json"


@pytest.fixture
def running(state_path: Path) -> Iterator[Running]:
    server = _start(state_path)
    yield server
    if server.thread.is_alive():
        server.stop()


def test_serves_the_api_over_real_http(running: Running) -> None:
    assert running.url.startswith("http://127.0.0.1:")
    assert not running.url.endswith(":0")
    with httpx.Client(base_url=running.url, headers=GOOD_HEADERS) as client:
        api = Api(client)
        association_id = api.association_id("property_owner")
        created = api.create_relation(association_id, "p1", "c1")
        assert created.status_code == 201
        assert created.headers["X-RateLimit-Max"] == "100"
        created_id = created.json()["relationId"]  # the default shape: as real locations
        assert [r["relationId"] for r in api.relations_of("c1")] == [created_id]
        assert client.get("/associations/", params={"locationId": LOCATION},
                          headers={"User-Agent": ""}).status_code == 403


def test_lost_answer_closes_the_connection_after_committing(running: Running) -> None:
    with httpx.Client(base_url=running.url, headers=GOOD_HEADERS) as client:
        api = Api(client)
        api.associations()
        assert client.put("/_sandbox/faults", json={"lost_rate": 1}).status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            api.create_association("property_owner", first="contact")
        assert [a.get("key", a["id"]) for a in api.associations()][-1] == "property_owner"


def test_state_is_flushed_while_running_and_on_shutdown(
    running: Running, state_path: Path
) -> None:
    with httpx.Client(base_url=running.url, headers=GOOD_HEADERS) as client:
        Api(client).association_id("property_owner")
    deadline = time.monotonic() + 5
    while not state_path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "property_owner" in state_path.read_text()
    with httpx.Client(base_url=running.url, headers=GOOD_HEADERS) as client:
        Api(client).association_id("property_agent")
    running.stop()
    keys = [a["key"] for a in json.loads(state_path.read_text())["locations"][LOCATION][
        "associations"]]
    assert keys == [*SYSTEM_KEYS, "property_owner", "property_agent"]


def test_state_is_loaded_on_start(running: Running, state_path: Path) -> None:
    with httpx.Client(base_url=running.url, headers=GOOD_HEADERS) as client:
        Api(client).association_id("property_owner")
    running.stop()
    again = _start(state_path)
    with httpx.Client(base_url=again.url, headers=GOOD_HEADERS) as client:
        assert [a.get("key", a["id"]) for a in Api(client).associations()][-1] == "property_owner"
    again.stop()


def test_refuses_non_loopback_hosts() -> None:
    with pytest.raises(UsageError, match="only loopback"):
        serve(None, "0.0.0.0", 0, None)
    with pytest.raises(UsageError, match="only loopback"):
        serve(None, "example.com", 0, None)


def test_port_in_use_is_a_usage_error(running: Running) -> None:
    port = int(running.url.rsplit(":", 1)[1])
    with pytest.raises(UsageError, match=f"cannot listen on 127.0.0.1:{port}"):
        serve(None, "127.0.0.1", port, None)


def test_sigterm_flushes_and_returns(state_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from ghlsync.sandbox import serve; "
        "serve(Path(sys.argv[1]), '127.0.0.1', 0, None); print('stopped', flush=True)"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(state_path)], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("ghlsync sandbox listening on http://127.0.0.1:")
        assert line.rstrip().endswith(f"(state: {state_path})")
        url = line.split()[4]
        with httpx.Client(base_url=url, headers=GOOD_HEADERS) as client:
            Api(client).association_id("property_owner")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stdout.read().strip() == "stopped"
    finally:
        if process.poll() is None:
            process.kill()
    assert "property_owner" in state_path.read_text()


def test_many_clients_connecting_at_once_are_all_queued() -> None:
    """The listen backlog holds 32 parallel clients even before the server accepts one."""
    from ghlsync.sandbox.app import Sandbox
    from ghlsync.sandbox.server import _SandboxServer

    server = _SandboxServer(("127.0.0.1", 0), Sandbox(), threading.Event())
    connected = []
    try:
        for _ in range(32):
            try:
                connected.append(socket.create_connection(server.socket.getsockname(), 0.5))
            except OSError:
                break
        assert len(connected) == 32
    finally:
        for connection in connected:
            connection.close()
        server.server_close()


def test_a_lone_surrogate_in_a_request_is_refused_and_the_server_lives_on(
    running: Running, state_path: Path
) -> None:
    fields = {"locationId": LOCATION, "key": "k-SURROGATE", "firstObjectKey": "contact",
              "firstObjectLabel": "A", "secondObjectKey": "contact", "secondObjectLabel": "B"}
    body = json.dumps(fields).replace("-SURROGATE", "\\ud800")
    with httpx.Client(base_url=running.url, headers=GOOD_HEADERS) as client:
        refused = client.post("/associations/", content=body,
                              headers={"Content-Type": "application/json"})
        assert refused.status_code == 400
        assert "lone surrogate" in refused.text
        time.sleep(1.2)  # past a state flush
        assert Api(client).create_association("after").status_code == 201
    running.stop()
    assert "after" in state_path.read_text()
