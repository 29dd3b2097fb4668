"""Custom values and tags converge in one apply under transient faults and lost answers: a
create whose answer was lost is retried, answered "already exists" and adopted, never made
twice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ghlsync.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "agency" / "ghlsync.yaml"


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_agency_example_converges_without_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "ghlsync.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRAND", "Acme")
    monkeypatch.setenv("GHLSYNC_SANDBOX_FAULTS", f"fault_rate=0.2,lost_rate=0.4,seed={seed}")
    monkeypatch.setenv("GHLSYNC_RETRY_BACKOFF", "0.02")  # the same retries, less waiting
    assert main(["apply", "--sandbox", "state.json", "--auto-approve"]) == 0
    assert "The location now matches the configuration." in capsys.readouterr().out
    location = json.loads((tmp_path / "state.json").read_text())["locations"]["loc_agency"]
    assert sorted(v["name"] for v in location["customValues"]) == [
        "Booking link", "Brand name", "Support phone"
    ]
    assert sorted(t["name"] for t in location["tags"]) == ["hot-lead", "needs-callback", "vip"]
