"""Helpers for the objects tests: a sandbox-backed client and one plan/apply round."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import httpx

from ghlsync import engine
from ghlsync.client.api import GhlClient
from ghlsync.config import resolve
from ghlsync.engine.executor import ApplyReport
from ghlsync.kinds.file import load_document
from ghlsync.plumbing.runner import TaskPool
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport
from ghlsync.sandbox.state import SandboxState
from ghlsync.values.plan import Plan
from ghlsync.values.state import DesiredState, LiveState

BASE_URL = "https://sandbox.invalid"
HEADERS = {
    "Authorization": "Bearer test-token",
    "Version": "2021-07-28",
    "User-Agent": "ghlsync-tests",
    "Accept": "application/json",
}
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "schema" / "ghlsync.yaml"
EXAMPLE_SEED = EXAMPLE.with_name("sandbox-seed.json")
"""The records the example relates (a location holds only the records it lists)."""


def http_client(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(transport=SandboxTransport(sandbox), base_url=BASE_URL, headers=HEADERS)


def quiet_sandbox(faults: FaultSettings | None = None) -> Sandbox:
    """A sandbox holding the example's records."""
    state = SandboxState.load(EXAMPLE_SEED)
    return Sandbox(state, faults=faults or FaultSettings(rate_max=100_000))


def desired_from(path: Path, location: str | None = None) -> DesiredState:
    return resolve(load_document(path), None, location).desired


def write_config(tmp_path: Path, body: str, name: str = "ghlsync.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@dataclass
class Round:
    """One plan (and optionally apply) of a desired state against a sandbox location."""

    client: GhlClient
    desired: DesiredState

    def read(self) -> LiveState:
        return engine.read(self.client, self.desired)

    def plan(self) -> tuple[Plan, LiveState]:
        live = self.read()
        return engine.diff(self.desired, live), live

    def apply(self) -> tuple[Plan, ApplyReport]:
        plan, live = self.plan()
        return plan, engine.apply(self.client, plan, live)


def round_for(sandbox: Sandbox, desired: DesiredState) -> Round:
    client = GhlClient(http_client(sandbox), desired.location_id, pool=TaskPool(4),
                       agency_token="sandbox-agency-token")
    return Round(client, desired)
