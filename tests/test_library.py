"""The Python library (README, "Python library"), run against the embedded sandbox."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import ghlsync
from tests.conftest import write_records

CONFIG = """
version: 1
location: loc_lib
associations:
  - key: property_owner
    first: {object: custom_objects.property, label: Property}
    second: {object: contact, label: Owner}
records:
  villa: {default: p1}
  jane: {default: c1}
relations:
  property_owner:
    - [villa, jane]
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hold_records: Any) -> Path:
    for name in ("GHL_TOKEN", "GHL_BASE_URL", "GHLSYNC_SANDBOX_FAULTS"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(CONFIG).lstrip(), encoding="utf-8")
    (tmp_path / "state.json").write_text(json.dumps(SEEDED))  # the location has the object
    for state in ("state.json", "s.json"):  # the location holds the records the file relates
        hold_records(tmp_path / state, "loc_lib", {"custom_objects.property": ["p1"],
                                                   "contact": ["c1"]})
    return path


SEEDED = {"locations": {"loc_lib": {"schema": {"objects": [
    {"id": "obj_property", "key": "custom_objects.property", "standard": False,
     "labels": {"singular": "Property", "plural": "Properties"}},
]}}}}


def test_the_public_face_is_pinned() -> None:
    assert ghlsync.__all__ == [
        "ConfigError",
        "GhlsyncError",
        "Plan",
        "Project",
        "Report",
        "SafetyError",
        "StalePlanError",
        "__version__",
        "load",
    ]
    for name in ghlsync.__all__:
        assert getattr(ghlsync, name) is not None


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = ghlsync.nope  # type: ignore[attr-defined]


def test_every_error_is_a_ghlsync_error() -> None:
    for name in ("ConfigError", "SafetyError", "StalePlanError"):
        assert issubclass(getattr(ghlsync, name), ghlsync.GhlsyncError)


def test_importing_ghlsync_loads_nothing_else() -> None:
    code = "import sys, ghlsync; print(sorted(m for m in sys.modules if m.startswith('ghlsync') " \
        "or m.split('.')[0] in ('pydantic', 'httpx', 'yaml', 'click')))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "['ghlsync', 'ghlsync.version']"


class _NoInput(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        raise AssertionError("the library read standard input")

    def readline(self, size: int | None = -1) -> str:
        raise AssertionError("the library read standard input")


def test_the_readme_example_plans_applies_and_converges(
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", _NoInput())
    state = tmp_path / "state.json"
    project = ghlsync.load(config)
    plan = project.plan(sandbox=state)
    assert plan.summary == {"add": 2, "change": 0, "destroy": 0}
    assert plan.has_changes
    document = plan.to_dict()
    assert document["location_id"] == "loc_lib"
    assert [c["address"] for c in document["changes"]] == [
        "association.property_owner",
        "relation.property_owner[p1,c1]",
    ]
    report = project.apply(plan, allow_destroy=False)
    assert report.ok
    assert report.to_dict()["counts"] == {"done": 2, "failed": 0, "not_done": 0}
    again = project.plan(sandbox=state)
    assert not again.has_changes and again.summary == {"add": 0, "change": 0, "destroy": 0}
    assert capsys.readouterr() == ("", "")


def test_a_plan_made_stale_is_refused_and_changes_nothing(config: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    project = ghlsync.load(config)
    first, second = project.plan(sandbox=state), project.plan(sandbox=state)
    project.apply(first)
    before = state.read_bytes()
    with pytest.raises(ghlsync.StalePlanError, match="stale"):
        project.apply(second)
    assert state.read_bytes() == before


def test_a_destructive_plan_needs_allow_destroy(config: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    ghlsync.load(config).apply(ghlsync.load(config).plan(sandbox=state))
    changed = config.read_text().replace("second: {object: contact", "second: {object: business")
    config.write_text(changed.replace("jane: {default: c1}", "jane: {default: b1}"))
    write_records(state, "loc_lib", {"business": ["b1"]})
    project = ghlsync.load(config)
    plan = project.plan(sandbox=state)
    before = state.read_bytes()
    with pytest.raises(ghlsync.SafetyError, match="allow-destroy"):
        project.apply(plan)
    assert state.read_bytes() == before
    assert project.apply(plan, allow_destroy=True).ok


def test_a_wrong_file_lists_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "ghlsync.yaml"
    path.write_text("version: 1\nlocation: loc\nassociations: 3\n", encoding="utf-8")
    with pytest.raises(ghlsync.ConfigError) as raised:
        ghlsync.load(path)
    assert [str(p).startswith(f"{path}:3:") for p in raised.value.problems] == [True]


def test_targets_narrow_the_plan(config: Path, tmp_path: Path) -> None:
    text = config.read_text() + textwrap.dedent("""
        objects:
          custom_objects.property:
            labels: {singular: Property, plural: Properties}
            primary_property: {key: address, name: Address, type: TEXT}
    """)
    config.write_text(text)
    plan = ghlsync.load(config).plan(sandbox=tmp_path / "s.json", targets=["property_owner"])
    assert all(c["kind"] in ("association", "relation") for c in plan.to_dict()["changes"])
    assert plan.to_dict()["targets"] == ["property_owner"]


def test_a_given_token_is_used_and_never_shown(config: Path, tmp_path: Path) -> None:
    secret = "pit-library-secret-0123456789"
    plan = ghlsync.load(config).plan(token=secret, sandbox=tmp_path / "s.json")
    assert secret not in repr(plan) and secret not in json.dumps(plan.to_dict())


def test_fleets_are_not_planned_yet(config: Path) -> None:
    with pytest.raises(ghlsync.GhlsyncError, match="fleet"):
        ghlsync.load(config).plan_fleet(only=["canary"])
