"""Plan refuses, before any write, what GHL would refuse halfway through apply."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from commands_fixtures import run, sandbox_state, write

BCA = "BUSINESSES_CONTACTS_ASSOCIATION"
KEPT = """
version: 1
location: loc_cmd
prune: {relations: false}
relations:
  BUSINESSES_CONTACTS_ASSOCIATION:
    - [biz1, con3]
"""


def seed(workdir: Path, relations: list[dict[str, str]], records: dict[str, Any]) -> None:
    location = {"relations": relations, "records": records}
    state = {"version": 1, "locations": {"loc_cmd": location}}
    (workdir / "s.json").write_text(json.dumps(state))


def test_a_kept_relation_counts_against_the_limit(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = {"id": "r1", "associationId": BCA, "firstRecordId": "biz2", "secondRecordId": "con3"}
    seed(workdir, [kept], {"business": ["biz1", "biz2"], "contact": ["con3"]})
    write(workdir, KEPT)
    code, _, err = run(capsys, "plan")
    assert code == 1
    assert (
        f"ghlsync.yaml:6: relations.{BCA}: con3 would be linked to 2 business records "
        f"(biz1, biz2; 1 already in the location), but {BCA} allows at most 1"
    ) in err
    code, _, err = run(capsys, "apply", "--auto-approve")
    assert code == 1
    assert [r["firstRecordId"] for r in sandbox_state(workdir)["locations"]["loc_cmd"]
            ["relations"]] == ["biz2"]


def test_a_relation_to_a_missing_record_is_refused_and_nothing_is_deleted(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from commands_fixtures import CONFIG

    assert run(capsys, "apply", "--auto-approve")[0] == 0
    before = sandbox_state(workdir)
    write(workdir, CONFIG.replace("- [villa, jane]", "- [villa, c_missing]"))
    for command in (["plan"], ["apply", "--auto-approve"]):
        code, out, err = run(capsys, *command)
        assert code == 1, out
        assert (
            "ghlsync.yaml:17: relations.property_owner: contact record c_missing does not "
            "exist in location loc_cmd; nothing was changed"
        ) in err
        assert sandbox_state(workdir) == before


def test_records_seen_live_are_not_read_again(
    workdir: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """Only records no relation listing showed are read, once each."""
    caplog.set_level(logging.INFO)
    assert run(capsys, "apply", "--auto-approve", "-v")[0] == 0
    reads = [m for m in caplog.messages if "/contacts/c" in m or "/records/car1" in m]
    assert len([m for m in reads if "/contacts/c1" in m]) == 1
    assert any("GET /objects/custom_objects.car/records/car1" in m for m in reads)
    caplog.clear()
    write(workdir, KEPT_LIVE)
    assert run(capsys, "plan", "-v")[0] == 0
    assert not [m for m in caplog.messages if "/contacts/c" in m]


KEPT_LIVE = """
version: 1
location: loc_cmd
associations:
  - key: property_owner
    first: {object: custom_objects.property, label: Property}
    second: {object: contact, label: Owner}
relations:
  property_owner:
    - [p1, c1]
    - [p2, c1]
    - [p1, c2]
"""
