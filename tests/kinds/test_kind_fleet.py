"""A fleet gives each member its own custom values from its ``vars``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghlsync.cli import main

FLEET = """version: 1
custom_values:
  brand_name: { name: Brand name, value: "${BRAND}" }
tags: [vip]
fleet:
  members:
    acme:   { location: loc_acme, token_env: GHL_TOKEN, vars: { BRAND: Acme } }
    globex: { location: loc_glbx, token_env: GHL_TOKEN, vars: { BRAND: Globex } }
"""


def test_each_member_gets_its_own_brand_and_then_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ghlsync.yaml").write_text(FLEET)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GHL_TOKEN", "pit-fleet-0123456789abcdef")
    assert main(["apply", "--fleet", "--sandbox", "state.json", "--auto-approve"]) == 0
    locations = json.loads((tmp_path / "state.json").read_text())["locations"]
    values = {loc: [v["value"] for v in data["customValues"]] for loc, data in locations.items()}
    assert values == {"loc_acme": ["Acme"], "loc_glbx": ["Globex"]}
    capsys.readouterr()
    assert main(["plan", "--fleet", "--sandbox", "state.json", "--detailed-exitcode"]) == 0
    assert "0 with changes" in capsys.readouterr().out
