"""A hostile GHL server on loopback, for tests: scripted answers, bounded, self-stopping.

A test gives a script (method, path -> :class:`Answer`) and points ``ghlsync --base-url`` at
:attr:`HostileServer.url`. An answer may be huge, endless (a generator of chunks), gzip-encoded
or carry any header; the server sends at most ``max_sent_bytes`` per answer and stops by
itself after ``lifetime`` seconds, so a test that goes wrong cannot hang or fill the machine.
Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

__all__ = ["Answer", "HostileServer", "endless", "gzip_bomb", "hostile_server", "json_answer"]

MEGABYTE = 1024 * 1024


@dataclass
class Answer:
    """What to send. ``body`` bytes go out with a Content-Length; an iterable goes chunked,
    unless ``headers`` give a Content-Length (then its chunks are sent as one plain body)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b"{}"
    headers: dict[str, str] = field(default_factory=dict)


Script = Callable[[str, str], Answer]


def json_answer(payload: Any, status: int = 200, **headers: str) -> Answer:
    return Answer(status, json.dumps(payload).encode(), {"Content-Type": "application/json",
                                                          **headers})


def endless(chunk: bytes = b" " * 65536) -> Iterator[bytes]:
    """A body that never ends (the server's own bounds still stop it)."""
    return itertools.repeat(chunk)


def gzip_bomb(megabytes: int) -> bytes:
    """``megabytes`` of zeros, gzip-compressed to about a thousandth of that (built a
    megabyte at a time, so the test process itself stays small)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MEGABYTE)
    parts = [packer.compress(zeros) for _ in range(megabytes)]
    return b"".join([*parts, packer.flush()])


@dataclass
class HostileServer:
    url: str
    requests: list[tuple[str, str]]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: Script, max_sent_bytes: int, deadline: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.max_sent_bytes = max_sent_bytes
        self.deadline = deadline
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up on an endless answer is the point, not a failure


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        server = cast(_Server, self.server)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, MEGABYTE))
        with server.lock:
            server.requests.append((self.command, self.path))
        answer = server.script(self.command, self.path)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        try:
            if isinstance(answer.body, bytes):
                self._send_whole(answer.body)
            else:
                plain = "Content-Length" in answer.headers
                self._send_chunked(answer.body, server, plain)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def _send_whole(self, body: bytes) -> None:
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        view = memoryview(body)
        for start in range(0, len(body), MEGABYTE):
            self.wfile.write(view[start:start + MEGABYTE])

    def _send_chunked(self, chunks: Iterable[bytes], server: _Server, plain: bool) -> None:
        if not plain:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = 0
        for chunk in chunks:
            if sent > server.max_sent_bytes or time.monotonic() > server.deadline:
                self.close_connection = True
                return
            self.wfile.write(chunk if plain else b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        if not plain:
            self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def hostile_server(
    script: Script, *, lifetime: float = 60.0, max_sent_bytes: int = 1024 * MEGABYTE
) -> Iterator[HostileServer]:
    """Serve ``script`` on 127.0.0.1 until the block ends or ``lifetime`` runs out."""
    server = _Server(script, max_sent_bytes, time.monotonic() + lifetime)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    timer = threading.Timer(lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    host, port = server.server_address[:2]
    try:
        yield HostileServer(f"http://{host!s}:{port}", server.requests)
    finally:
        timer.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
