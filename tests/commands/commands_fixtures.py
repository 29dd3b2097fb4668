"""A small file with aliases and two associations, run in-process on the embedded sandbox."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ghlsync.cli import main

CONFIG = """
version: 1
location: loc_cmd
associations:
  - key: property_owner
    first: {object: custom_objects.property, label: Property}
    second: {object: contact, label: Owner}
  - key: car_driver
    first: {object: custom_objects.car, label: Car}
    second: {object: contact, label: Driver}
records:
  villa: {default: p1}
  loft: {default: p2}
  jane: {default: c1}
  omar: {default: c2}
relations:
  property_owner:
    - [villa, jane]
    - [loft, omar]
  car_driver:
    - [car1, jane]
"""


def write(workdir: Path, text: str = CONFIG) -> None:
    (workdir / "ghlsync.yaml").write_text(textwrap.dedent(text).lstrip())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ghlsync in-process against the sandbox state ``s.json``; (code, stdout, stderr)."""
    code = main([*argv, "--sandbox", "s.json"])
    output = capsys.readouterr()
    return code, output.out, output.err


def sandbox_state(workdir: Path) -> Any:
    return json.loads((workdir / "s.json").read_text())


RECORDS = {
    "custom_objects.property": ["p1", "p2"],
    "custom_objects.car": ["car1"],
    "contact": ["c1", "c2"],
    "business": ["biz1"],
}
"""The records the file relates, held by the sandbox location ``s.json`` starts with."""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hold_records: Any) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("GHL_TOKEN", "GHL_BASE_URL", "GHLSYNC_SANDBOX_FAULTS"):
        monkeypatch.delenv(name, raising=False)
    write(tmp_path)
    hold_records(tmp_path / "s.json", "loc_cmd", RECORDS)
    return tmp_path
