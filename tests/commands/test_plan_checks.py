"""Plan refuses, before any write, what GHL would refuse halfway through apply."""

from __future__ import annotations

import json
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
