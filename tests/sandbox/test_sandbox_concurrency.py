"""Sandbox.handle is safe to call from many threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sandbox_helpers import Api, make_client

from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport


def test_racing_duplicate_creates_make_each_relation_once() -> None:
    sandbox = Sandbox(faults=FaultSettings(rate_max=100_000))
    api = Api(make_client(SandboxTransport(sandbox)))
    association_id = api.association_id("property_owner")
    pairs = [(f"p{n % 25}", "c1") for n in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda pair: api.create_relation(association_id, *pair)
                                 .status_code, pairs))
    assert statuses.count(201) == 25
    assert statuses.count(400) == 175
    assert len(api.relations_of("c1", limit=100)) == 25
