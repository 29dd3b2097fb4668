"""Object and field writes under transient faults and lost answers converge, in one apply or
at most one more, without duplicates, and the next plan shows no changes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from schema_helpers import EXAMPLE, Round, desired_from, http_client, quiet_sandbox

from ghlsync.client.api import GhlClient
from ghlsync.client.pacing import Pacer
from ghlsync.client.retry import RetrySettings
from ghlsync.engine.executor import OutcomeStatus
from ghlsync.plumbing.runner import TaskPool
from ghlsync.sandbox import FaultSettings, Sandbox
from ghlsync.sandbox.object_store import ObjectStore
from ghlsync.values.state import DesiredState


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


def _round(sandbox: Sandbox, desired: DesiredState) -> Round:
    clock = _Clock()
    client = GhlClient(
        http_client(sandbox),
        desired.location_id,
        pacer=Pacer(clock=clock, sleep=clock.sleep),
        retry=RetrySettings(sleep=clock.sleep),
        pool=TaskPool(4),
        agency_token="sandbox-agency-token",
    )
    return Round(client, desired)


def _converge(sandbox: Sandbox, desired: DesiredState) -> int:
    """Apply until nothing fails (at most twice); the number of applies it took."""
    for runs in (1, 2):
        _, report = _round(sandbox, desired).apply()
        if not report.with_status(OutcomeStatus.FAILED):
            return runs
    return 3


def _assert_no_duplicates(sandbox: Sandbox) -> None:
    store = sandbox.state.location("loc_schema").part(ObjectStore)
    keys = Counter(f["fieldKey"] for f in store.fields.values())
    folders = Counter((f["objectKey"], f["name"]) for f in store.folders.values())
    assert max(keys.values()) == 1 and max(folders.values()) == 1


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_schema_writes_converge_under_faults_and_lost_answers(seed: int, tmp_path: Path) -> None:
    faults = FaultSettings(fault_rate=0.2, lost_rate=0.3, seed=seed, rate_max=100_000)
    sandbox = quiet_sandbox(faults)
    desired = desired_from(EXAMPLE)
    assert _converge(sandbox, desired) <= 2
    _assert_no_duplicates(sandbox)
    changed = EXAMPLE.read_text().replace("Pending, Sold]", "Pending, Sold, Withdrawn]")
    changed = changed.replace("name: Bedrooms", "name: Rooms").replace(
        "      mls_number: { name: MLS number, type: TEXT, folder: Listing }\n", ""
    ).replace("searchable: [address, mls_number]", "searchable: [address]")
    changed = changed.replace("fields: false", "fields: true")
    (tmp_path / "changed.yaml").write_text(changed)
    desired = desired_from(tmp_path / "changed.yaml")
    assert _converge(sandbox, desired) <= 2
    plan, _ = _round(sandbox, desired).plan()
    assert not plan.has_changes, [c.address for c in plan.object_changes]
    _assert_no_duplicates(sandbox)
