"""A loopback HTTP proxy in front of the served sandbox that can doctor answers.

End-to-end tests point ``--base-url`` at it to show how ``ghlsync`` copes with answers the
sandbox itself would never give (an unexpected wrapper, a server that echoes the token), and
to see every request the command sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast

import httpx


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    authorization: str
    status: int
    body: bytes


# Given what the upstream answered, return (status, body) to send instead, or None to relay.
Doctor = Callable[[Exchange], "tuple[int, bytes] | None"]


@dataclass
class ProxyLog:
    exchanges: list[Exchange] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def methods(self) -> list[str]:
        with self.lock:
            return [exchange.method for exchange in self.exchanges]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str, doctor: Doctor, log: ProxyLog) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = httpx.Client(base_url=upstream, timeout=10)
        self.doctor = doctor
        self.log = log


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def _relay(self) -> None:
        server = cast(_Server, self.server)
        length = int(self.headers.get("Content-Length") or 0)
        content = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        answer = server.upstream.request(self.command, self.path, headers=headers, content=content)
        exchange = Exchange(
            self.command,
            self.path,
            self.headers.get("Authorization", ""),
            answer.status_code,
            answer.content,
        )
        with server.log.lock:
            server.log.exchanges.append(exchange)
        status, body = server.doctor(exchange) or (answer.status_code, answer.content)
        self.send_response(status)
        self.send_header("Content-Type", answer.headers.get("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _relay

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def doctoring_proxy(upstream: str, doctor: Doctor) -> Iterator[tuple[str, ProxyLog]]:
    """Serve the proxy; yields its URL and the log of every exchange."""
    log = ProxyLog()
    server = _Server(upstream, doctor, log)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}", log
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        server.upstream.close()
