"""Plan files on disk: write, read back, refuse what cannot be applied, schema drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghlsync.engine import diff as build_plan
from ghlsync.engine.planfile import plan_schema, read_plan, write_plan
from ghlsync.errors import PlanFileError
from ghlsync.render.json import dump_json
from ghlsync.values.plan import Plan
from ghlsync.values.state import (
    DesiredAssociation,
    DesiredRelation,
    DesiredState,
    LiveAssociation,
    LiveRelation,
    LiveState,
    PruneSettings,
    ReadScope,
    RecordRef,
    Side,
    Source,
)

REPO = Path(__file__).resolve().parents[2]
SRC = Source("ghlsync.yaml", 3)


def small_plan() -> Plan:
    desired = DesiredState(
        location_id="loc_1",
        environment=None,
        config_path="ghlsync.yaml",
        config_digest="cfg",
        associations={
            "owner": DesiredAssociation("owner", Side("contact", "A"), Side("contact", "Z"), SRC)
        },
        relations=(DesiredRelation("owner", RecordRef("p1", "villa"), RecordRef("c1"), SRC),),
        prune=PruneSettings(associations=True),
    )
    live = LiveState(
        location_id="loc_1",
        associations={
            "owner": LiveAssociation("a1", "owner", Side("contact", "A"), Side("contact", "B")),
            "stale": LiveAssociation("a2", "stale", Side("contact", "S"), Side("contact", "T")),
        },
        relations={"r1": LiveRelation("r1", "a2", "p1", "c9")},
        scope=ReadScope({"p1": frozenset({"owner", "stale"})}),
    )
    return build_plan(desired, live)


def test_written_plan_reads_back_equal(tmp_path: Path) -> None:
    plan = small_plan()
    path = tmp_path / "plan.json"
    write_plan(plan, path)
    assert read_plan(path) == plan
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]
    assert path.read_text(encoding="utf-8").endswith("}\n")


def test_missing_file_is_a_plan_file_error(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match=r"cannot read plan file .*missing\.json"):
        read_plan(tmp_path / "missing.json")


def test_unwritable_destination_is_a_plan_file_error(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="cannot write plan file"):
        write_plan(small_plan(), tmp_path / "no_such_dir" / "plan.json")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "invalid JSON at line 1 column 2"),
        (b"\xff\xfe\x00", "not UTF-8 text"),
        (b'{"format_version": 1}', "invalid plan: "),
    ],
)
def test_unusable_files_name_the_path_and_problem(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    assert str(path) in str(caught.value) and expected in str(caught.value)


def test_newer_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    write_plan(small_plan(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format_version": 7}), encoding="utf-8")
    with pytest.raises(
        PlanFileError, match=r"plan file format 7 is newer .*\(1\); upgrade ghlsync"
    ):
        read_plan(path)


def test_checked_in_schema_matches_the_models() -> None:
    checked_in = (REPO / "schemas" / "plan.schema.json").read_text(encoding="utf-8")
    assert checked_in == dump_json(plan_schema()), (
        "schemas/plan.schema.json is stale: run `python -m ghlsync.schemas --write`"
    )
