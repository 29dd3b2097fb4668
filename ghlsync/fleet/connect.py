"""Clients for a fleet run: one per member, each with its own pacer (limits are per location),
sharing one sandbox when there is one, and one agency client that mints location tokens."""

from __future__ import annotations

import logging
import os
import ssl
import threading
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from ghlsync.client.http import token_from_environment
from ghlsync.config.fleet_section import FleetModel
from ghlsync.connection import SANDBOX_BASE_URL, ConnectionOptions, retry_settings
from ghlsync.errors import UsageError
from ghlsync.fleet.members import Member
from ghlsync.fleet.tokens import (
    MINTED_PLACEHOLDER,
    LocationAuth,
    TokenMinter,
    list_sub_accounts,
)

if TYPE_CHECKING:
    from ghlsync.client import GhlClient
    from ghlsync.sandbox import SandboxTransport

__all__ = ["SANDBOX_AGENCY_TOKEN", "SANDBOX_MEMBER_TOKEN", "FleetConnection"]

SANDBOX_AGENCY_TOKEN = "sandbox-agency-token"
SANDBOX_MEMBER_TOKEN = "sandbox-token"


_AGENCY_POOL = httpx.Limits(max_connections=16, max_keepalive_connections=16)
_MEMBER_POOL = 32
"""Connections kept per member client, beyond its share of the fleet's requests in flight.

One TLS context serves every member (building one costs tens of milliseconds of CPU), but
each member has a connection pool of its own: the pool scans every connection it holds under
one lock at each request and answer, so one pool for the whole fleet cost more CPU per request
than the request itself, and serialised every member on that lock."""


class _Shared(httpx.BaseTransport):
    """One transport under many clients: closing a client leaves it open."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        return None


class FleetConnection:
    """Opens member clients for a fleet; closing it closes them all (and saves the sandbox)."""

    def __init__(
        self,
        options: ConnectionOptions,
        fleet: FleetModel,
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        self._options = options
        self._fleet = fleet
        self._environ = environ
        self._stack = ExitStack()
        self._sandbox: SandboxTransport | None = None
        self._transport: httpx.BaseTransport | None = None
        self._tls: ssl.SSLContext | None = None
        self._minter: TokenMinter | None = None
        self._auths: dict[str, LocationAuth] = {}
        self._lock = threading.RLock()

    def __enter__(self) -> FleetConnection:
        if self._options.sandbox is not None:
            from ghlsync.sandbox import FaultSettings, SandboxTransport

            spec = self._options.sandbox_faults or self._environ.get("GHLSYNC_SANDBOX_FAULTS")
            faults = FaultSettings.parse(spec) if spec else None
            self._sandbox = SandboxTransport.open(self._options.sandbox, faults)
            self._stack.callback(self._sandbox.close)
            self._transport = _Shared(self._sandbox)
        else:
            self._tls = httpx.create_ssl_context()
            network = httpx.HTTPTransport(verify=self._tls, limits=_AGENCY_POOL)
            self._stack.callback(network.close)
            self._transport = _Shared(network)
        return self

    def _member_transport(self, parallelism: int) -> httpx.BaseTransport | None:
        """The shared sandbox, or a connection pool of the member's own (closed with its
        client) on the fleet's TLS context."""
        if self._tls is None:
            return self._transport
        size = max(parallelism, 1)
        limits = httpx.Limits(max_connections=max(size, _MEMBER_POOL),
                              max_keepalive_connections=size)
        return httpx.HTTPTransport(verify=self._tls, limits=limits)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stack.close()

    @property
    def base_url(self) -> str:
        if self._sandbox is not None:
            return SANDBOX_BASE_URL
        return self._options.base_url or self._environ.get("GHL_BASE_URL") or _default_base()

    @property
    def tokens_minted(self) -> int:
        return 0 if self._minter is None else self._minter.minted

    def sub_accounts(self) -> list[str]:
        """``members: all``: every sub-account of the agency."""
        assert self._fleet.company_id is not None
        return list_sub_accounts(self._agency(), self._fleet.company_id)

    @property
    def parallelism(self) -> int:
        return self._options.parallelism

    def client(
        self, member: Member, *, read_only: bool, parallelism: int | None = None
    ) -> GhlClient:
        """A client for ``member`` (closed with the connection). Its token: the member's
        ``token_env`` (``read_token_env`` for reads, when set), else one minted for it."""
        from ghlsync.client import GhlClient, Pacer, build_http_client
        from ghlsync.client.deadline import request_deadline
        from ghlsync.client.limits import limits_from_environment
        from ghlsync.plumbing.runner import TaskPool

        with self._lock:
            token, auth = self._credentials(member, read_only)
        limits = limits_from_environment(self._environ)
        log = logging.getLogger("ghlsync.http") if self._options.verbose else None
        pool = TaskPool(parallelism or self._options.parallelism)
        transport = self._member_transport(pool.parallelism)
        http = build_http_client(self.base_url, token, transport=transport, verbose_log=log)
        if auth is not None:
            http.auth = auth
        with self._lock:
            self._stack.callback(http.close)
        retry = replace(retry_settings(self._environ), max_server_wait=limits.max_wait)
        return GhlClient(
            http,
            member.location,
            pacer=Pacer(max_wait=limits.max_wait),
            retry=retry,
            pool=pool,
            deadline=request_deadline(self._environ),
            limits=limits,
            agency_token=self._object_token(),
        )

    def _object_token(self) -> str | None:
        """The agency token for the Agency-Access requests (creating a custom object): the
        fleet's, else ``GHL_AGENCY_TOKEN`` as for one location."""
        from ghlsync.connection import agency_token

        variable = self._fleet.agency_token_env
        if variable is not None and (self._sandbox is not None or self._environ.get(variable)):
            with self._lock:
                return self._agency_token(variable)
        return agency_token(self._environ, sandbox=self._sandbox is not None)

    def _credentials(self, member: Member, read_only: bool) -> tuple[str, httpx.Auth | None]:
        variable = _token_variable(member, read_only, self._environ)
        if variable is not None:
            return self._member_token(variable), None
        auth = self._auths.get(member.location)
        if auth is None:
            auth = self._auths[member.location] = LocationAuth(self._agency(), member.location)
        return MINTED_PLACEHOLDER, auth

    def _member_token(self, variable: str) -> str:
        from ghlsync.plumbing.redaction import register

        if self._sandbox is not None and not self._environ.get(variable, "").strip():
            return SANDBOX_MEMBER_TOKEN
        token = token_from_environment(self._environ, variable)
        register([token])
        return token

    def _agency(self) -> TokenMinter:
        if self._minter is not None:
            return self._minter
        from ghlsync.client import build_http_client

        if self._fleet.agency_token_env is None or self._fleet.company_id is None:
            raise UsageError("minting a location token needs fleet.company_id and "
                             "fleet.agency_token_env in the file")
        token = self._agency_token(self._fleet.agency_token_env)
        log = logging.getLogger("ghlsync.http") if self._options.verbose else None
        http = build_http_client(self.base_url, token, transport=self._transport, verbose_log=log)
        self._stack.callback(http.close)
        self._minter = TokenMinter(http, self._fleet.company_id)
        return self._minter

    def _agency_token(self, variable: str) -> str:
        from ghlsync.plumbing.redaction import register

        if self._sandbox is not None:
            # the sandbox's own agency token: no secret, and registering it would scrub it
            # from the state file the sandbox saves
            agency = self._sandbox.sandbox.state.agency
            fallback = agency.token if agency is not None else SANDBOX_AGENCY_TOKEN
            return self._environ.get(variable, "").strip() or fallback
        token = token_from_environment(self._environ, variable)
        register([token])
        return token


def _token_variable(member: Member, read_only: bool, environ: Mapping[str, str]) -> str | None:
    """The variable holding the member's token; None: mint one."""
    if read_only and member.read_token_env and environ.get(member.read_token_env, "").strip():
        return member.read_token_env
    return member.token_env


def _default_base() -> str:
    from ghlsync.client import DEFAULT_BASE_URL

    return DEFAULT_BASE_URL
