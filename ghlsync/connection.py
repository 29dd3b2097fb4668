"""Build the API client for a run: over the network, or against the embedded sandbox.

This is the only place an ``httpx.Client`` is built for the command line; everything below
receives a ready :class:`~ghlsync.client.GhlClient`, which carries the run's concurrency (its
``pool``): nothing else is told how many requests may run at once.

The HTTP client, the retry policy, the sandbox and logging are imported only when a client is
built, and the command line imports this module only when a command that connects runs:
``validate`` (run by pre-commit on every commit) must not pay for httpx, logging nor this.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ghlsync.errors import UsageError
from ghlsync.values.connection_defaults import DEFAULT_PARALLELISM
from ghlsync.values.token_variables import AGENCY_TOKEN_ENV

if TYPE_CHECKING:
    import httpx

    from ghlsync.client import GhlClient, RetrySettings

__all__ = [
    "AGENCY_TOKEN_ENV",
    "DEFAULT_PARALLELISM",
    "DEFAULT_TOKEN_ENV",
    "SANDBOX_BASE_URL",
    "ConnectionOptions",
    "GhlClient",
    "TokenVariables",
    "agency_token",
    "api_token",
    "connect",
    "retry_settings",
]

SANDBOX_BASE_URL = "https://sandbox.ghlsync.invalid"
DEFAULT_TOKEN_ENV = "GHL_TOKEN"
SANDBOX_AGENCY_TOKEN = "sandbox-agency-token"
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
    *,
    read_token_env: str | None = None,
) -> Iterator[GhlClient]:
    """A client for ``location_id``; closing it saves the sandbox state when there is one.

    Read-only commands pass the environment's ``read_token_env`` too (see :func:`api_token`).
    The agency token (``GHL_AGENCY_TOKEN``, optional) is used for the Agency-Access requests
    only (creating a custom object); against the sandbox it defaults to the one the sandbox
    knows as the agency's.
    """
    import logging

    from ghlsync.client import GhlClient, Pacer, build_http_client
    from ghlsync.client.deadline import request_deadline
    from ghlsync.client.limits import limits_from_environment
    from ghlsync.plumbing.runner import TaskPool

    variables = TokenVariables(token_env, read_token_env)
    agency = agency_token(environ, sandbox=options.sandbox is not None)
    transport, base_url, token = _endpoint(options, variables, environ, agency)
    _register_tokens(variables, environ)
    log = logging.getLogger("ghlsync.http") if options.verbose else None
    limits = limits_from_environment(environ)
    retry = replace(
        retry_settings(environ), announce=_note_on_stderr, max_server_wait=limits.max_wait
    )
    http = build_http_client(base_url, token, transport=transport, verbose_log=log)
    try:
        yield GhlClient(
            http,
            location_id,
            pacer=Pacer(max_wait=limits.max_wait),
            retry=retry,
            pool=TaskPool(options.parallelism),
            deadline=request_deadline(environ),
            limits=limits,
            agency_token=agency,
        )
    finally:
        http.close()


def _register_tokens(variables: TokenVariables, environ: Mapping[str, str]) -> None:
    """Every token this run can see (GHL_TOKEN, the write and the read-only one, whichever is
    sent) is scrubbed from everything ghlsync prints or writes from now on (``redaction.py``).
    The sandbox's stand-in token is no secret and is not registered."""
    from ghlsync.plumbing.redaction import register

    names = (DEFAULT_TOKEN_ENV, variables.write, variables.read, AGENCY_TOKEN_ENV)
    register(environ.get(name, "").strip() for name in names if name)


def retry_settings(environ: Mapping[str, str] = os.environ) -> RetrySettings:
    """Production retry policy; GHLSYNC_RETRY_BACKOFF (seconds) shortens the first backoff."""
    from ghlsync.client import RetrySettings

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


def _note_on_stderr(line: str) -> None:
    """A retry notice: on stderr, so that stdout stays the plan or the JSON document."""
    click.echo(line, err=True)


@dataclass(frozen=True, slots=True)
class TokenVariables:
    """Where an environment's tokens live: ``token_env`` and, optionally, ``read_token_env``."""

    write: str | None = None
    read: str | None = None


def agency_token(environ: Mapping[str, str], *, sandbox: bool = False) -> str | None:
    """The agency token from GHL_AGENCY_TOKEN; None when unset (the sandbox's own then)."""
    from ghlsync.client import token_from_environment

    if not environ.get(AGENCY_TOKEN_ENV, "").strip():
        return SANDBOX_AGENCY_TOKEN if sandbox else None
    return token_from_environment(environ, AGENCY_TOKEN_ENV)


def _endpoint(
    options: ConnectionOptions,
    variables: TokenVariables,
    environ: Mapping[str, str],
    agency: str | None,
) -> tuple[httpx.BaseTransport | None, str, str]:
    from ghlsync.client import DEFAULT_BASE_URL

    if options.sandbox is not None:
        from ghlsync.sandbox import FaultSettings, SandboxTransport  # only sandbox runs need it

        faults_spec = options.sandbox_faults or environ.get(SANDBOX_FAULTS_VARIABLE)
        faults = FaultSettings.parse(faults_spec) if faults_spec else FaultSettings()
        faults = faults.updated({"agency_token": agency or SANDBOX_AGENCY_TOKEN})
        token = environ.get(variables.write or DEFAULT_TOKEN_ENV) or "sandbox-token"
        return SandboxTransport.open(options.sandbox, faults), SANDBOX_BASE_URL, token
    base_url = options.base_url or environ.get("GHL_BASE_URL") or DEFAULT_BASE_URL
    return None, base_url, api_token(variables, environ)


def api_token(variables: TokenVariables, environ: Mapping[str, str]) -> str:
    """The read-only token when one is declared and set, else the environment's token.

    With neither set, the error names the read-only variable: that is the one a read-only
    job (a pull request's plan) is meant to hold.
    """
    from ghlsync.client import token_from_environment as read_token

    write_is_set = bool(environ.get(variables.write or DEFAULT_TOKEN_ENV, "").strip())
    if variables.read is None or (write_is_set and not environ.get(variables.read, "").strip()):
        return read_token(environ, variables.write)
    return read_token(environ, variables.read)
