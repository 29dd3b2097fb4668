"""Hostile servers on 127.0.0.1: one that trickles its answers, one whose relation listing
names another record's relation. Neither may hang ``ghlsync`` or make it write."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    LOCATION,
    Served,
    command_cost,
    owner_config,
    run_ghlsync,
    write_config,
)
from tests.e2e.e2e_proxy import Exchange, doctoring_proxy

TRICKLE_SECONDS = 0.5


class _TrickleHandler(BaseHTTPRequestHandler):
    """Answers every GET slowly: a byte every half second, in the headers or the body."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = json.dumps({"associations": [], "padding": "x" * 200}).encode()
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        if self.server.trickle_headers:  # type: ignore[attr-defined]
            self._trickle(head)
        else:
            self.wfile.write(head)
        self._trickle(body)

    def _trickle(self, data: bytes) -> None:
        for index in range(len(data)):
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            time.sleep(TRICKLE_SECONDS)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def _trickling_server(trickle_headers: bool) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TrickleHandler)
    server.daemon_threads = True
    server.trickle_headers = trickle_headers  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.mark.parametrize("trickle_headers", [False, True], ids=["body", "headers"])
def test_plan_against_a_trickling_server_fails_at_the_deadline(
    tmp_path: Path, trickle_headers: bool
) -> None:
    write_config(tmp_path, owner_config([("p1", "c1")]))
    with _trickling_server(trickle_headers) as url:
        began = time.perf_counter()
        result = run_ghlsync(
            tmp_path, "plan", "--base-url", url, env={"GHLSYNC_REQUEST_DEADLINE": "2"}
        )
        elapsed = time.perf_counter() - began
    assert result.code == 1, result.stdout + result.stderr
    assert "GET /associations/: no answer: no complete answer within 2 s" in result.stderr
    assert "GHLSYNC_REQUEST_DEADLINE" in result.stderr
    assert "Traceback" not in result.stderr
    # The server would need well over a minute to finish one answer.
    assert elapsed < 8 + command_cost(tmp_path, "plan")


EVIL = {
    "id": "r-evil",
    "associationId": "",
    "locationId": LOCATION,
    "firstRecordId": "p5",
    "secondRecordId": "c5",
}


def _listing_for_p1_also_carries_p5(exchange: Exchange) -> tuple[int, bytes] | None:
    if exchange.method != "GET" or not exchange.path.startswith("/associations/relations/p1?"):
        return None
    listing = json.loads(exchange.body)
    relations = listing["relations"]
    relations.append({**EVIL, "associationId": relations[0]["associationId"]})
    return exchange.status, json.dumps(listing).encode()


@pytest.mark.parametrize("command", [["plan"], ["apply", "--auto-approve"]])
def test_a_listing_naming_another_records_relation_is_refused_and_nothing_is_written(
    served: Served, command: list[str]
) -> None:
    write_config(served.workdir, owner_config([("p1", "c1"), ("p2", "c2")]))
    assert served.run("apply", "--auto-approve").code == 0
    write_config(served.workdir, owner_config([("p1", "c1")]))  # p2 -> c2 would be pruned
    before = served.state_dump()

    with doctoring_proxy(served.url, _listing_for_p1_also_carries_p5) as (url, log):
        result = run_ghlsync(served.workdir, *command, "--base-url", url)

    assert result.code == 1, result.stdout + result.stderr
    assert "GET /associations/relations/p1: HTTP 200: " in result.stderr
    assert "returned relation 'r-evil' ('p5' -> 'c5'), which does not involve it" in result.stderr
    assert set(log.methods()) == {"GET"}
    assert served.state_dump() == before


class _DeepHandler(BaseHTTPRequestHandler):
    """Answers every GET with 200 and JSON nested far deeper than any GHL answer."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = b"[" * 200_000 + b"]" * 200_000
        head = f"HTTP/1.1 {self.server.status} X\r\nContent-Length: {len(body)}\r\n\r\n"  # type: ignore[attr-defined]
        self.wfile.write(head.encode() + body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.mark.parametrize("status", [200, 400])
def test_a_deeply_nested_answer_is_an_error_not_a_traceback(tmp_path: Path, status: int) -> None:
    write_config(tmp_path, owner_config([("p1", "c1")]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DeepHandler)
    server.daemon_threads = True
    server.status = status  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        result = run_ghlsync(tmp_path, "plan", "--base-url", url)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert f"GET /associations/: HTTP {status}" in result.stderr
