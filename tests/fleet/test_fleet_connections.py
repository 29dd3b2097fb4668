"""Member clients over the network: a connection pool each, one TLS context for all."""

from __future__ import annotations

from typing import Any

from ghlsync.config.fleet_section import FleetModel
from ghlsync.connection import ConnectionOptions
from ghlsync.fleet import FleetConnection
from ghlsync.fleet.members import Member


def _pool(client: Any) -> Any:
    return client._http._transport._pool


def test_each_member_has_its_own_connection_pool_on_one_tls_context() -> None:
    fleet = FleetModel.model_validate({"members": {"a": {"location": "loc_a"},
                                                   "b": {"location": "loc_b"}}})
    environ = {"TOKEN_A": "pit-aaaa-0123456789", "TOKEN_B": "pit-bbbb-0123456789"}
    options = ConnectionOptions(base_url="https://services.example.invalid", parallelism=4)
    with FleetConnection(options, fleet, environ) as connection:
        first = connection.client(Member("a", "loc_a", token_env="TOKEN_A"), read_only=True)
        second = connection.client(Member("b", "loc_b", token_env="TOKEN_B"), read_only=True)
        assert _pool(first) is not _pool(second)
        assert _pool(first)._ssl_context is _pool(second)._ssl_context
        assert _pool(first)._max_keepalive_connections == 4
