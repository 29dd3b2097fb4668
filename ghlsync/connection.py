"""Build the API client for a run: over the network, or against the embedded sandbox.

This is the only place an ``httpx.Client`` is built for the command line; everything below
receives a ready :class:`~ghlsync.client.GhlClient`, which carries the run's concurrency (its
``pool``): nothing else is told how many requests may run at once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from ghlsync.client import DEFAULT_BASE_URL, GhlClient, Pacer, RetrySettings, build_http_client
from ghlsync.client import token_from_environment as read_token
from ghlsync.errors import UsageError
from ghlsync.runner import TaskPool

__all__ = [
    "DEFAULT_PARALLELISM",
    "SANDBOX_BASE_URL",
    "ConnectionOptions",
    "connect",
    "retry_settings",
]

SANDBOX_BASE_URL = "https://sandbox.ghlsync.invalid"
DEFAULT_PARALLELISM = 32
SANDBOX_FAULTS_VARIABLE = "GHLSYNC_SANDBOX_FAULTS"
RETRY_BACKOFF_VARIABLE = "GHLSYNC_RETRY_BACKOFF"


@dataclass(frozen=True, slots=True)
class ConnectionOptions:
    base_url: str | None = None
    sandbox: Path | None = None
    sandbox_faults: str | None = None
    parallelism: int = DEFAULT_PARALLELISM
    verbose: bool = False


@contextmanager
def connect(
    options: ConnectionOptions,
    location_id: str,
    token_env: str | None,
    environ: Mapping[str, str] = os.environ,
) -> Iterator[GhlClient]:
    """A client for ``location_id``; closing it saves the sandbox state when there is one."""
    transport, base_url, token = _endpoint(options, token_env, environ)
    log = logging.getLogger("ghlsync.http") if options.verbose else None
    http = build_http_client(base_url, token, transport=transport, verbose_log=log)
    try:
        yield GhlClient(
            http,
            location_id,
            pacer=Pacer(),
            retry=retry_settings(environ),
            pool=TaskPool(options.parallelism),
        )
    finally:
        http.close()


def retry_settings(environ: Mapping[str, str] = os.environ) -> RetrySettings:
    """Production retry policy; GHLSYNC_RETRY_BACKOFF (seconds) shortens the first backoff."""
    raw = environ.get(RETRY_BACKOFF_VARIABLE, "").strip()
    if not raw:
        return RetrySettings()
    try:
        initial = float(raw)
    except ValueError:
        initial = -1.0
    if not 0 <= initial <= 60:
        raise UsageError(
            f"{RETRY_BACKOFF_VARIABLE} must be a number of seconds between 0 and 60, got {raw!r}"
        )
    return RetrySettings(initial_backoff=initial)


def _endpoint(
    options: ConnectionOptions, token_env: str | None, environ: Mapping[str, str]
) -> tuple[httpx.BaseTransport | None, str, str]:
    if options.sandbox is not None:
        from ghlsync.sandbox import FaultSettings, SandboxTransport  # only sandbox runs need it

        faults_spec = options.sandbox_faults or environ.get(SANDBOX_FAULTS_VARIABLE)
        faults = FaultSettings.parse(faults_spec) if faults_spec else None
        token = environ.get(token_env or "GHL_TOKEN") or "sandbox-token"
        return SandboxTransport.open(options.sandbox, faults), SANDBOX_BASE_URL, token
    base_url = options.base_url or environ.get("GHL_BASE_URL") or DEFAULT_BASE_URL
    return None, base_url, read_token(environ, token_env)
