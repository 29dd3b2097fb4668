"""Fixtures for the sandbox tests: a fake clock, a sandbox, and a client talking to it."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_helpers import Api, FakeClock, make_client

from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox(clock: FakeClock) -> Sandbox:
    # These tests read the answers in the spec's shape (the friendlier option, given explicitly).
    faults = FaultSettings(rate_max=100_000, shape="spec")
    return Sandbox(faults=faults, clock=clock, sleep=clock.sleep)


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with make_client(SandboxTransport(sandbox)) as client:
        yield client


@pytest.fixture
def api(client: httpx.Client) -> Api:
    return Api(client)
