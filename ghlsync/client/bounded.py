"""Reading an answer without trusting its size: streamed, decompressed here, and counted.

httpx would hold a whole body (or inflate a whole gzip chunk) before anyone could look at
its size. Here the raw stream is read piece by piece and inflated with a bounded output, so
an endless chunked stream, a huge body or a gzip bomb stops at ``GHLSYNC_MAX_BODY_MB``
(:mod:`ghlsync.client.limits`) holding at most that much. Only ``gzip`` and ``deflate`` (the
encodings ghlsync asks for) are accepted.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from typing import Any

import httpx

from ghlsync.client.limits import BODY_VARIABLE

__all__ = ["ACCEPTED_ENCODINGS", "BodyRefused", "absolute_url", "fetch_bounded"]

ACCEPTED_ENCODINGS = "gzip, deflate"
_GZIP_OR_ZLIB = 32 + zlib.MAX_WBITS
_DROPPED_HEADERS = ("content-encoding", "content-length", "transfer-encoding")
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


class BodyRefused(Exception):
    """The answer's body is too large or cannot be decoded; the message says which."""

    status: int | None = None


def fetch_bounded(
    http: httpx.Client,
    method: str,
    path: str,
    *,
    params: Any = None,
    json: Any = None,
    max_bytes: int,
    extra_headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """The answer to one request, its body read whole but never beyond ``max_bytes``."""
    url = absolute_url(http.base_url, path, params)
    request = http.build_request(method, url, json=json, headers=extra_headers)
    streamed = http.send(request, stream=True)
    try:
        content = _read(streamed, max_bytes)
    except BodyRefused as refused:
        refused.status = streamed.status_code
        raise
    finally:
        streamed.close()
    headers = streamed.headers.copy()
    for name in _DROPPED_HEADERS:  # the body is decoded now: they no longer describe it
        headers.pop(name, None)
    return httpx.Response(streamed.status_code, headers=headers, content=content, request=request)


def absolute_url(base_url: httpx.URL, path: str, params: Any) -> httpx.URL:
    """``path`` under ``base_url`` with ``params`` as its query, as httpx would send it, parsed
    once: given a relative path and params, httpx parses the URL three times, which cost more
    CPU than anything else ghlsync does per request."""
    query = _query(params) if params else None
    base = str(base_url)  # a base without a path has none, not "/"
    target = f"{base if base.endswith('/') else base + '/'}{path.lstrip('/')}"
    return httpx.URL(f"{target}?{query}" if query else target)


def _query(params: Any) -> str:
    """``params`` encoded as httpx encodes them; names and values that need no escaping
    (ids, numbers: most of them) are joined as they are."""
    if isinstance(params, tuple | list) and all(map(_unescaped_pair, params)):
        return "&".join(f"{name}={value}" for name, value in params)
    return str(httpx.QueryParams(params))


def _unescaped_pair(pair: object) -> bool:
    return (
        isinstance(pair, tuple) and len(pair) == 2
        and all(isinstance(part, str) and _UNRESERVED.fullmatch(part) for part in pair)
    )


class _Body:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def room(self) -> int:
        """How much more may be inflated at once: one byte past the limit proves it crossed."""
        return self.limit - self.size + 1

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.limit:
            megabytes = self.limit / (1024 * 1024)
            raise BodyRefused(
                f"the answer's body is larger than {megabytes:g} MB (decompressed); "
                f"stopped reading it (raise the limit with {BODY_VARIABLE})"
            )
        self.parts.append(piece)


def _read(response: httpx.Response, limit: int) -> bytes:
    body = _Body(limit)
    if response.is_stream_consumed:  # an in-process transport answered with a read body
        body.add(response.content)
        return response.content
    inflater = _inflater(response.headers.get("Content-Encoding", ""))
    for raw in response.iter_raw():
        if inflater is None:
            body.add(raw)
        else:
            _inflate(inflater, raw, body)
    if inflater is not None:
        body.add(inflater.flush())
    return b"".join(body.parts)


def _inflater(encoding: str) -> Any:
    names = [name.strip().lower() for name in encoding.split(",")]
    names = [name for name in names if name not in ("", "identity")]
    if not names:
        return None
    if names in (["gzip"], ["x-gzip"], ["deflate"]):
        return zlib.decompressobj(_GZIP_OR_ZLIB)
    shown = encoding[:60]
    raise BodyRefused(f"the answer uses a Content-Encoding ghlsync did not ask for: {shown!r}")


def _inflate(inflater: Any, raw: bytes, body: _Body) -> None:
    data = raw
    while data:
        try:
            piece = inflater.decompress(data, body.room())
        except zlib.error:
            raise BodyRefused("the answer's compressed body is corrupt") from None
        body.add(piece)
        data = inflater.unconsumed_tail
