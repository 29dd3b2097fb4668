"""``plan --fleet`` / ``apply --fleet`` / ``doctor --fleet`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghlsync.cli import main
from ghlsync.fleet import FleetResult, Member, MemberOutcome, MemberStatus
from ghlsync.fleet.render import render_fleet_markdown
from ghlsync.values.plan import Plan
from tests.fleet.fleet_helpers import AGENCY_TOKEN, CONFIG, associations, write_fleet


@pytest.fixture
def fleet_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GHL_AGENCY_TOKEN", AGENCY_TOKEN)
    monkeypatch.delenv("OWNER_LABEL", raising=False)
    return write_fleet(tmp_path)


def _cli(state: Path, *args: str) -> int:
    return main([*args, "--sandbox", str(state)])


def test_plan_fleet_exit_codes_and_the_summary_table(
    fleet_dir: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, state = fleet_dir
    assert _cli(state, "plan", "--fleet") == 0
    assert _cli(state, "plan", "--fleet", "--detailed-exitcode") == 2
    out = capsys.readouterr().out
    assert "== globex (loc_glbx) ==" in out
    assert "globex   loc_glbx  1    0       0        planned" in out
    assert "Fleet: 3 member(s), 3 with changes, 0 failed." in out
    assert AGENCY_TOKEN not in out


def test_a_failed_member_makes_plan_exit_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GHL_AGENCY_TOKEN", AGENCY_TOKEN)
    _, state = write_fleet(tmp_path, locations={"loc_acme": {}, "loc_glbx": {}})
    assert _cli(state, "plan", "--fleet", "--detailed-exitcode") == 1
    assert "initech  loc_init  -    -       -        failed" in capsys.readouterr().out


def test_plan_out_writes_a_plan_per_member_and_the_index(
    fleet_dir: tuple[Path, Path], tmp_path: Path
) -> None:
    _, state = fleet_dir
    assert _cli(state, "plan", "--fleet", "--only", "canary", "--out", "plans") == 0
    index = json.loads((tmp_path / "plans" / "fleet.json").read_text())
    assert [(m["name"], m["plan_file"], m["summary"]) for m in index["members"]] == [
        ("acme", "acme.json", {"add": 1, "change": 0, "destroy": 0})
    ]
    assert json.loads((tmp_path / "plans" / "acme.json").read_text())["location_id"] == "loc_acme"


def test_json_format_carries_each_members_plan(
    fleet_dir: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, state = fleet_dir
    assert _cli(state, "plan", "--fleet", "--shard", "2/2", "--format", "json") == 0
    document = json.loads(capsys.readouterr().out)
    assert [m["name"] for m in document["members"]] == ["globex"]
    assert document["members"][0]["plan"]["location_id"] == "loc_glbx"
    assert document["summary"] == {"members": 1, "with_changes": 1, "failed": 0}


def test_apply_fleet_with_a_canary_and_a_report(
    fleet_dir: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, state = fleet_dir
    code = _cli(state, "apply", "--fleet", "--canary", "canary", "--auto-approve",
                "--report", "report.json")
    assert code == 0, capsys.readouterr().err
    report = json.loads((tmp_path / "report.json").read_text())
    assert {m["name"]: m["status"] for m in report["members"]} == dict.fromkeys(
        ["acme", "globex", "initech"], "applied")
    assert set(associations(state, "loc_init")) == {"property_owner"}


def test_apply_fleet_without_a_terminal_or_approval_writes_nothing(
    fleet_dir: tuple[Path, Path]
) -> None:
    _, state = fleet_dir
    assert _cli(state, "apply", "--fleet") == 1
    assert associations(state, "loc_acme") == {}


@pytest.mark.parametrize("args", [
    ["plan", "--fleet", "--env", "x"],
    ["plan", "--only", "acme"],
    ["apply", "--canary", "acme"],
    ["plan", "--fleet", "--shard", "3/2"],
    ["plan", "--fleet", "--only", "ghost"],
])
def test_usage_errors_exit_one_and_send_nothing(
    fleet_dir: tuple[Path, Path], args: list[str]
) -> None:
    _, state = fleet_dir
    before = state.read_text()
    assert _cli(state, *args) == 1
    assert state.read_text() == before


def test_members_all_lists_the_agencys_sub_accounts(
    fleet_dir: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config, state = fleet_dir
    text = CONFIG.replace('"${OWNER_LABEL}"', "Owner")
    text = text[: text.index("  members:")] + "  members: all\n"
    config.write_text(text)
    assert _cli(state, "plan", "--fleet", "--format", "json") == 0
    names = [m["name"] for m in json.loads(capsys.readouterr().out)["members"]]
    assert names == ["loc_acme", "loc_glbx", "loc_init"]


def test_doctor_fleet_checks_every_member(
    fleet_dir: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, state = fleet_dir
    assert _cli(state, "doctor", "--fleet") == 0
    assert "Fleet doctor: 3 member(s), 0 failing" in capsys.readouterr().out


def test_the_markdown_comment_has_the_table_first_and_stays_under_its_cap() -> None:
    plan = Plan(location_id="loc_x", environment=None, changes=(), config_digest="c",
                live_digest="l")
    outcomes = [
        MemberOutcome(Member(f"m{i:03d}", f"loc_{i}"), MemberStatus.FAILED, plan,
                      error="<script>" + "x" * 3000)
        for i in range(100)
    ]
    import io

    out = io.StringIO()
    render_fleet_markdown(FleetResult(outcomes), out, max_chars=20_000)
    text = out.getvalue()
    assert len(text) <= 20_000
    assert text.index("| Member |") < text.index("<details>")
    assert "<script>" not in text
    assert text.count("| `m") == 100


def test_apply_fleet_dir_applies_the_reviewed_plans_when_still_exact(
    fleet_dir: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, state = fleet_dir
    assert _cli(state, "plan", "--fleet", "--only", "globex", "--only", "acme",
                "--out", "plans") == 0
    assert _cli(state, "apply", "--fleet", "plans") == 0, capsys.readouterr().err
    assert set(associations(state, "loc_glbx")) == {"property_owner"}
    assert associations(state, "loc_init") == {}  # not in the saved plans


def test_apply_fleet_dir_refuses_everything_when_one_plan_is_stale(
    fleet_dir: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, state = fleet_dir
    assert _cli(state, "plan", "--fleet", "--out", "plans") == 0
    globex = tmp_path / "plans" / "globex.json"
    stale = json.loads(globex.read_text())
    config.write_text(config.read_text().replace("OWNER_LABEL: Landlord", "OWNER_LABEL: Lessor"))
    capsys.readouterr()
    assert _cli(state, "apply", "--fleet", "plans") == 1
    out = capsys.readouterr().out
    assert "globex   loc_glbx  1    0       0        refused" in out
    assert associations(state, "loc_acme") == {}
    assert json.loads(globex.read_text()) == stale


def test_a_directory_without_fleet_is_a_usage_error(
    fleet_dir: tuple[Path, Path], tmp_path: Path
) -> None:
    _, state = fleet_dir
    (tmp_path / "plans").mkdir()
    assert _cli(state, "apply", "plans") == 1


def test_a_members_server_error_is_inert_in_the_comment_and_on_the_terminal() -> None:
    import io

    from ghlsync.fleet.render import render_fleet_text

    hostile = "denied @org/team see www.evil.example owner/repo#1 \u202egnp.exe \x1b[31mred"
    failed = MemberOutcome(Member("m1", "loc_1"), MemberStatus.FAILED, None, error=hostile)
    comment, terminal = io.StringIO(), io.StringIO()
    render_fleet_markdown(FleetResult([failed]), comment)
    render_fleet_text(FleetResult([failed]), terminal, color=False)
    for live in ("@org", "www.evil", "repo#1", "\u202e", "\x1b"):
        assert live not in comment.getvalue()
    assert "\u202e" not in terminal.getvalue() and "\x1b" not in terminal.getvalue()
