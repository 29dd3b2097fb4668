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


SEEDED_LOCATIONS = ("loc_cmd", "loc_other", "loc_1", "loc_2", "loc_x", "loc_y")


def seed_custom_objects(workdir: Path, locations: tuple[str, ...] = SEEDED_LOCATIONS) -> None:
    """The custom objects CONFIG's associations join, existing in each location (GHL refuses
    associations to objects that do not exist)."""
    (workdir / "s.json").write_text(json.dumps(_seeded(locations)))


def _seeded(locations: tuple[str, ...]) -> dict[str, Any]:
    objects = [
        {"id": f"obj_{name}", "key": f"custom_objects.{name}", "standard": False,
         "type": "USER_DEFINED", "labels": {"singular": name.title(), "plural": f"{name}s"},
         "primaryDisplayProperty": f"custom_objects.{name}.name"}
        for name in ("property", "car")
    ]
    return {"version": 1, "next_id": 1,
            "locations": {loc: {"schema": {"objects": objects}, **_records(loc)}
                          for loc in locations}}


def _records(location: str) -> dict[str, Any]:
    return {"records": RECORDS} if location == "loc_cmd" else {}


def state_untouched(workdir: Path) -> bool:
    """Whether the sandbox state is still the seeded one (nothing was written)."""
    return bool(sandbox_state(workdir) == _seeded(SEEDED_LOCATIONS))


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
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("GHL_TOKEN", "GHL_BASE_URL", "GHLSYNC_SANDBOX_FAULTS"):
        monkeypatch.delenv(name, raising=False)
    write(tmp_path)
    seed_custom_objects(tmp_path)
    return tmp_path
