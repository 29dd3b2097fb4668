"""Serve the sandbox over HTTP on a loopback address (``ghlsync sandbox serve``)."""

from __future__ import annotations

import ipaddress
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

import httpx

from ghlsync.errors import UsageError
from ghlsync.plumbing.signals import relay_signals
from ghlsync.sandbox.admin import ADMIN_PREFIX
from ghlsync.sandbox.app import Sandbox, is_lost_answer
from ghlsync.sandbox.faults import FaultSettings
from ghlsync.sandbox.guard import allowed_hosts, refuse_admin_request, refuse_foreign_request
from ghlsync.sandbox.state import SandboxState
from ghlsync.sandbox.storage import StateFileLock
from ghlsync.sandbox.wire import json_response

__all__ = ["FLUSH_INTERVAL_SECONDS", "SHUTDOWN_PATH", "serve"]

FLUSH_INTERVAL_SECONDS = 0.5
SHUTDOWN_PATH = "/_sandbox/shutdown"


class _SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024  # the listen backlog: a fleet's members connect at once

    def __init__(self, address: tuple[str, int], sandbox: Sandbox, stop: threading.Event) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.sandbox = sandbox
        self.stop = stop
        super().__init__(address, _RelayHandler)
        host, port = self.socket.getsockname()[:2]
        self.admin_hosts = allowed_hosts(host, port)

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"


class _RelayHandler(BaseHTTPRequestHandler):
    """Turns each HTTP request into an httpx.Request for Sandbox.handle, and back."""

    protocol_version = "HTTP/1.1"
    server_version = "ghlsync-sandbox"
    # Headers and body go out in separate writes: without TCP_NODELAY the body waits for the
    # client's delayed ACK, about 40 ms per request on keep-alive connections.
    disable_nagle_algorithm = True

    def _relay(self) -> None:
        server = cast(_SandboxServer, self.server)
        request = self._as_httpx_request(server.url)
        refusal = _refusal(request, server.admin_hosts)
        if refusal is not None:
            self._write(json_response(403, {"statusCode": 403, "message": refusal}))
            return
        if request.url.path.rstrip("/") == SHUTDOWN_PATH and request.method == "POST":
            self._write(json_response(200, {"shutdown": True}))
            server.stop.set()
            return
        response = server.sandbox.handle(request)
        if is_lost_answer(response):
            self.close_connection = True
            return
        self._write(response)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _relay

    def _as_httpx_request(self, base_url: str) -> httpx.Request:
        length = int(self.headers.get("Content-Length") or 0)
        content = self.rfile.read(length) if length > 0 else b""
        return httpx.Request(
            self.command, base_url + self.path, headers=list(self.headers.items()), content=content
        )

    def _write(self, response: httpx.Response) -> None:
        self.send_response(response.status_code)
        for name, value in response.headers.multi_items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.content)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the sandbox does not log every request."""


def _refusal(request: httpx.Request, hosts: frozenset[str]) -> str | None:
    """Why a request is refused before it reaches the sandbox: DNS rebinding and cross-site
    pages (every endpoint), and cross-site forms (admin endpoints); see ``sandbox/guard.py``."""
    if request.url.path.startswith(ADMIN_PREFIX):
        return refuse_admin_request(request.method, request.headers, hosts)
    return refuse_foreign_request(request.headers, hosts)


def serve(
    state_path: Path | None,
    host: str,
    port: int,
    faults: FaultSettings | None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until SIGINT/SIGTERM or ``POST /_sandbox/shutdown``; persist the state file."""
    _require_loopback(host)
    lock = StateFileLock(state_path) if state_path is not None else None
    try:
        _serve_state(lock.state_path if lock else None, host, port, faults, ready)
    finally:
        if lock is not None:
            lock.release()


def _serve_state(
    state_path: Path | None,
    host: str,
    port: int,
    faults: FaultSettings | None,
    ready: Callable[[str], None] | None,
) -> None:
    state = SandboxState.load(state_path) if state_path is not None else SandboxState()
    sandbox = Sandbox(state, faults)
    stop = threading.Event()
    server = _bind(host, port, sandbox, stop)
    save = _saver(sandbox, state_path)
    try:
        with _stop_on_signals(stop):
            _announce(server.url, state_path, ready)
            _run(server, stop, save)
    finally:
        server.server_close()
        save()


def _announce(url: str, state_path: Path | None, ready: Callable[[str], None] | None) -> None:
    if ready is not None:
        ready(url)
        return
    shown = state_path if state_path is not None else "in memory, not saved"
    print(f"ghlsync sandbox listening on {url} (state: {shown})", flush=True)


def _require_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise UsageError(
            f"refusing to serve the sandbox on {host!r}: only loopback addresses "
            "(127.0.0.1, ::1, localhost) are allowed"
        )


def _bind(host: str, port: int, sandbox: Sandbox, stop: threading.Event) -> _SandboxServer:
    try:
        return _SandboxServer((host, port), sandbox, stop)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def _saver(sandbox: Sandbox, state_path: Path | None) -> Callable[[], None]:
    def save() -> None:
        if state_path is not None:
            sandbox.save_if_changed(state_path)

    return save


def _run(server: _SandboxServer, stop: threading.Event, save: Callable[[], None]) -> None:
    serving = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    serving.start()
    try:
        while not stop.wait(FLUSH_INTERVAL_SECONDS):
            save()
    finally:
        server.shutdown()
        serving.join()


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set ``stop`` (only possible from the main thread)."""
    with relay_signals((signal.SIGINT, signal.SIGTERM), lambda _signum: stop.set()):
        yield
