"""Building the configured ``httpx.Client`` every GHL request goes through.

This module owns the transport policy: the fixed headers, TLS verification, refusing plain
HTTP to anything but loopback, reading the token from the environment, and the one-line
``-v`` request log. It never logs, stores or echoes the token itself.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import ssl
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ghlsync.client.bounded import ACCEPTED_ENCODINGS
from ghlsync.errors import UsageError
from ghlsync.plumbing.redaction import Redactor
from ghlsync.version import __version__

__all__ = [
    "API_VERSION",
    "DEFAULT_BASE_URL",
    "DEFAULT_TOKEN_ENV",
    "HTTP_LOGGER_NAME",
    "build_http_client",
    "check_base_url",
    "token_from_environment",
]

DEFAULT_BASE_URL = "https://services.leadconnectorhq.com"
DEFAULT_TOKEN_ENV = "GHL_TOKEN"
API_VERSION = "2021-07-28"
HTTP_LOGGER_NAME = "ghlsync.http"
# Keep a connection alive for every worker (--parallelism is at most 64): httpx keeps only 20
# by default, so busier runs would open (and the server accept) a connection per request.
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=64)
_CREDENTIALS = re.compile(r"//[^/?#]*@")


def token_from_environment(environ: Mapping[str, str], token_env: str | None) -> str:
    """The API token from ``token_env`` (or ``GHL_TOKEN``); errors name the variable only."""
    name = token_env or DEFAULT_TOKEN_ENV
    token = environ.get(name, "").strip()
    if not token:
        raise UsageError(f"no API token: set the environment variable {name}")
    if not _is_header_safe(token):
        raise UsageError(
            f"the token in {name} contains spaces or non-printable characters; "
            "check how the variable was set"
        )
    return token


def check_base_url(base_url: str) -> httpx.URL:
    """Parse ``base_url``; only https, or http to a loopback host, is accepted.

    A URL carrying credentials, a query or a fragment is refused; messages never repeat
    the credentials.
    """
    shown = _without_credentials(base_url)
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL:
        raise UsageError(f"invalid base URL {shown!r}") from None
    _refuse_extras(base_url, shown)
    if url.scheme == "https" and url.host:
        return url
    if url.scheme == "http" and _is_loopback(url.host):
        return url
    if url.scheme == "http":
        raise UsageError(
            f"refusing plain http:// base URL {shown!r}: use https:// "
            "(http is allowed only for loopback hosts such as 127.0.0.1)"
        )
    raise UsageError(f"unsupported base URL {shown!r}: expected an https:// URL")


def _refuse_extras(base_url: str, shown: str) -> None:
    if _CREDENTIALS.search(base_url):
        raise UsageError(
            f"refusing base URL {shown!r}: it carries a user name or password; "
            "the token comes from the environment, not the URL"
        )
    if "#" in base_url:
        raise UsageError(f"refusing base URL {shown!r}: it must not have a #fragment")
    if "?" in base_url:
        raise UsageError(f"refusing base URL {shown!r}: it must not have a ?query")


def _without_credentials(base_url: str) -> str:
    """``base_url`` with anything between ``//`` and ``@`` hidden."""
    return _CREDENTIALS.sub("//***@", base_url)


def build_http_client(
    base_url: str,
    token: str,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 30.0,
    verbose_log: logging.Logger | None = None,
) -> httpx.Client:
    """An ``httpx.Client`` for the GHL API with the required headers on every request."""
    url = check_base_url(base_url)
    inner = transport if transport is not None else _network_transport(url)
    if verbose_log is not None:
        inner = RequestLogTransport(inner, verbose_log, Redactor(token))
    return _CookielessClient(
        base_url=url,
        headers=_default_headers(token),
        transport=inner,
        timeout=timeout,
        verify=True,
        follow_redirects=False,
        event_hooks={"request": [_mark_json_body]},
    )


def _network_transport(url: httpx.URL) -> httpx.HTTPTransport:
    """TLS verified against the CA bundle. A plain-HTTP base URL (loopback only: the sandbox,
    a local proxy) gets a TLS context that trusts no certificate instead: no https connection
    can be made through it, and no bundle is parsed (about 0.1 s of CPU before the first
    request)."""
    if url.scheme == "http":
        return httpx.HTTPTransport(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), limits=LIMITS)
    return httpx.HTTPTransport(verify=True, limits=LIMITS)


class _NoCookies(httpx.Cookies):
    """A jar that keeps nothing: answers are not searched for ``Set-Cookie``."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _CookielessClient(httpx.Client):
    """An ``httpx.Client`` that neither keeps nor sends cookies: the API is authorised by
    its token and ghlsync needs no cookie, while looking through every answer for one cost
    about a tenth of the client's CPU per request."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        raise TypeError("ghlsync's API client keeps no cookies")


class RequestLogTransport(httpx.BaseTransport):
    """Logs one line per request attempt: ``METHOD /path?query status ms`` (never headers)."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        log: logging.Logger,
        clean: Callable[[str], str] = str,
    ) -> None:
        self._inner = inner
        self._log = log
        self._clean = clean

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
        except Exception as error:
            self._write(request, type(error).__name__, started)
            raise
        self._write(request, str(response.status_code), started)
        return response

    def close(self) -> None:
        self._inner.close()

    def _write(self, request: httpx.Request, outcome: str, started: float) -> None:
        elapsed_ms = (time.perf_counter() - started) * 1000
        target = self._clean(request.url.raw_path.decode("ascii", errors="replace"))
        self._log.info("%s %s %s %.0fms", request.method, target, outcome, elapsed_ms)


def _default_headers(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Version": API_VERSION,
        "Accept": "application/json",
        "Accept-Encoding": ACCEPTED_ENCODINGS,
        "User-Agent": f"ghlsync/{__version__}",
    }


def _mark_json_body(request: httpx.Request) -> None:
    has_body = request.headers.get("Content-Length", "0") != "0"
    if has_body and "Content-Type" not in request.headers:
        request.headers["Content-Type"] = "application/json"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_header_safe(token: str) -> bool:
    return all(33 <= ord(character) <= 126 for character in token)
