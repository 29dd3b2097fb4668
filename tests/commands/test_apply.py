"""``ghlsync apply``: lines per operation in logs, the JSON report, the step summary, gates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from commands_fixtures import CONFIG, run, sandbox_state, write

REPLACED = CONFIG.replace(
    "object: custom_objects.car, label: Car", "object: business, label: Car"
).replace("[car1, jane]", "[biz1, jane]")


def test_off_a_terminal_each_finished_operation_gets_a_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "apply", "--auto-approve")
    assert code == 0
    assert re.search(r'^\+ association "car_driver": created \[id=[^\]]+\]$', out, re.M)
    created = r"^\+ relation property_owner\[villa\(p1\) -> jane\(c1\)\]: created \[id=[^\]]+\]$"
    assert re.search(created, out, re.M)
    assert out.count(": created [id=") == 5
    assert out.index(": created [id=") < out.index("Apply complete! 5 added")


def test_report_file_lists_every_operation_with_the_ids_created(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "apply", "--auto-approve", "--report", "r.json")[0] == 0
    report = json.loads((workdir / "r.json").read_text())
    assert report["complete"] is True and report["location_id"] == "loc_cmd"
    assert report["counts"] == {"done": 5, "failed": 0, "not_done": 0}
    live_ids = {a["id"] for a in sandbox_state(workdir)["locations"]["loc_cmd"]["associations"]}
    created = {o["created_id"] for o in report["operations"] if o["address"].startswith("assoc")}
    assert created <= live_ids and len(created) == 2
    operation = next(o for o in report["operations"] if "[p1,c1]" in o["address"])
    assert operation["status"] == "done" and operation["created_id"]
    assert operation["description"] == "relation property_owner[villa(p1) -> jane(c1)]"


def test_report_file_with_nothing_to_do_is_complete_and_empty(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "apply", "--auto-approve")
    assert run(capsys, "apply", "--auto-approve", "--report", "r.json")[0] == 0
    report = json.loads((workdir / "r.json").read_text())
    assert report["operations"] == [] and report["complete"] is True


def test_an_unwritable_report_is_a_clear_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "apply", "--auto-approve", "--report", "no/such/dir/r.json")
    assert code == 1
    assert "cannot write the apply report no/such/dir/r.json" in err


def test_allow_destroy_warning_is_not_printed_once_it_was_given(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "apply", "--auto-approve")
    write(workdir, REPLACED)
    code, out, err = run(capsys, "apply", "--auto-approve")
    assert code == 1 and "apply will need --allow-destroy" in out
    assert "refusing to apply without --allow-destroy" in err

    code, out, _ = run(capsys, "apply", "--auto-approve", "--allow-destroy")
    assert code == 0, out
    assert "--allow-destroy" not in out
    assert '~ first.object = "custom_objects.car" -> "business"  # forces replacement' in out


def test_step_summary_gets_the_plan_and_the_result(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = workdir / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n")
    assert "## ghlsync apply: plan" in text and "5 to add" in text
    assert "## ghlsync apply\n" in text and "Apply complete! 5 added" in text
    assert '+ association "car_driver": created [id=' in text


def test_deleted_relations_show_the_aliases_the_file_defines(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "apply", "--auto-approve")
    write(workdir, CONFIG.replace("    - [loft, omar]\n", "    - [loft, jane]\n"))
    code, out, _ = run(capsys, "apply", "--auto-approve")
    assert code == 0
    assert "  - relation property_owner[loft(p2) -> omar(c2)]\n" in out
    assert "- relation property_owner[loft(p2) -> omar(c2)]: destroyed\n" in out
