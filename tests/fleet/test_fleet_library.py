"""``Project.plan_fleet``: {member name: Plan}, each appliable with ``Project.apply``."""

from __future__ import annotations

from pathlib import Path

import pytest

import ghlsync
from tests.fleet.fleet_helpers import associations, environ, write_fleet


def test_plan_fleet_gives_a_plan_per_member_that_apply_takes(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    project = ghlsync.load(config, environ(OWNER_LABEL="unused"))
    plans = project.plan_fleet(only=["canary", "globex"], sandbox=state)
    assert sorted(plans) == ["acme", "globex"]
    assert plans["globex"].summary == {"add": 1, "change": 0, "destroy": 0}
    report = project.apply(plans["globex"])
    assert report.ok
    assert associations(state, "loc_glbx")["property_owner"]["secondObjectLabel"] == "Landlord"
    assert associations(state, "loc_acme") == {}


def test_a_file_without_a_fleet_says_so(tmp_path: Path) -> None:
    config = tmp_path / "ghlsync.yaml"
    config.write_text("version: 1\nlocation: loc_1\n")
    with pytest.raises(ghlsync.GhlsyncError, match="declares no fleet"):
        ghlsync.load(config, {}).plan_fleet()


def test_members_that_cannot_be_planned_are_all_named(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path, locations={"loc_acme": {}})
    project = ghlsync.load(config, environ(OWNER_LABEL="x"))
    with pytest.raises(ghlsync.GhlsyncError) as raised:
        project.plan_fleet(sandbox=state)
    assert "globex (loc_glbx)" in str(raised.value) and "initech (loc_init)" in str(raised.value)


def test_a_fleet_file_loads_without_its_member_variables_but_plans_only_as_a_fleet(
    tmp_path: Path,
) -> None:
    config, state = write_fleet(tmp_path)
    project = ghlsync.load(config, environ())
    assert sorted(project.plan_fleet(sandbox=state)) == ["acme", "globex", "initech"]
    with pytest.raises(ghlsync.GhlsyncError, match="only its fleet members' vars give"):
        project.plan(location="loc_acme", sandbox=state)


def test_other_problems_still_fail_the_load(tmp_path: Path) -> None:
    config, _ = write_fleet(tmp_path)
    config.write_text(config.read_text().replace("version: 1", "version: 2"))
    with pytest.raises(ghlsync.ConfigError):
        ghlsync.load(config, environ())
