"""``ghlsync plan``: --target, the step summary; ``apply PLANFILE`` keeps the plan's targets."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from commands_fixtures import run, sandbox_state, state_untouched

from ghlsync.cli import main


def _relation_listings(caplog: pytest.LogCaptureFixture) -> int:
    return sum("/associations/relations/" in r.getMessage() for r in caplog.records)


def test_target_plans_only_that_association(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "plan", "--target", "car_driver")
    assert code == 0
    assert 'association "car_driver"' in out and "property_owner" not in out
    assert "Plan: 2 to add, 0 to change, 0 to destroy." in out


def test_target_reads_only_the_records_of_its_association(
    workdir: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    run(capsys, "apply", "--auto-approve")
    caplog.set_level(logging.INFO)
    run(capsys, "plan", "-v")
    everything = _relation_listings(caplog)
    caplog.clear()
    assert run(capsys, "plan", "--target", "car_driver", "-v")[0] == 0
    assert 0 < _relation_listings(caplog) < everything


def test_an_unknown_target_is_a_clear_error_and_reads_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "apply", "--auto-approve", "--target", "nope")
    assert code == 1 and out == ""
    assert "--target nope: not an association or custom value or object or tag key of" in err
    assert "(associations: car_driver, property_owner; custom_values: none; objects: none; " \
        "tags: none)" in err
    assert state_untouched(workdir)


def test_a_saved_plan_records_its_targets_and_apply_keeps_to_them(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "plan", "--target", "car_driver", "--out", "p.json")[0] == 0
    assert json.loads((workdir / "p.json").read_text())["targets"] == ["car_driver"]
    code, out, _ = run(capsys, "apply", "p.json")
    assert code == 0, out
    assert "Apply complete! 2 added" in out
    code, out, _ = run(capsys, "plan")
    assert "Plan: 3 to add" in out  # property_owner and its relations are still to do


def test_apply_of_a_saved_plan_refuses_other_targets(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "plan", "--target", "car_driver", "--out", "p.json")
    code, _, err = run(capsys, "apply", "p.json", "--target", "property_owner")
    assert code == 1
    assert "made for --target car_driver, not --target property_owner" in err
    assert "nothing was changed" in err
    assert run(capsys, "plan", "--detailed-exitcode")[0] == 2


def test_step_summary_gets_the_markdown_plan(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = workdir / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "plan")
    assert summary.read_text().startswith("## ghlsync plan\n\n")
    assert "5 to add" in summary.read_text()


def test_empty_step_summary_variable_writes_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "")
    assert run(capsys, "plan")[0] == 0
    assert sorted(p.name for p in workdir.iterdir()) == ["ghlsync.yaml", "s.json", "s.json.lock"]


def test_json_plan_stays_a_single_document_with_targets(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--sandbox", "s.json", "--format", "json", "--target", "car_driver"]) == 0
    assert json.loads(capsys.readouterr().out)["targets"] == ["car_driver"]


def test_a_live_association_shows_its_cardinality_in_every_plan_format(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "apply", "--auto-approve")[0] == 0
    state = sandbox_state(workdir)
    for association in state["locations"]["loc_cmd"]["associations"]:
        if association.get("key") == "car_driver":
            association["firstObjectToSecondObjectCardinality"] = "MANY_TO_MANY"
    (workdir / "s.json").write_text(json.dumps(state))
    config = (workdir / "ghlsync.yaml").read_text()
    (workdir / "ghlsync.yaml").write_text(config.replace("label: Driver", "label: Chauffeur"))
    code, out, _ = run(capsys, "plan")
    assert code == 0
    heading = "  # association.car_driver will be updated in-place\n"
    assert f"{heading}  # cardinality: MANY_TO_MANY\n" in out
    code, out, _ = run(capsys, "plan", "--format", "markdown")
    assert "<br>cardinality: MANY_TO_MANY |" in out
    assert '"~ car_driver: Car ↔ Chauffeur, cardinality: MANY_TO_MANY"' in out


def test_a_targeted_apply_does_not_claim_the_whole_location_matches(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "apply", "--auto-approve", "--target", "car_driver")
    assert code == 0, err
    assert "The location now matches the configuration." not in out
    assert "The targeted part of the location (car_driver) now matches" in out
    assert "only --target car_driver was applied" in err
    assert "Run `ghlsync plan` without --target" in err


def test_apply_complete_comes_after_the_verification(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "apply", "--auto-approve")
    assert code == 0
    verifying = out.index("Verifying: reading the location again")
    assert verifying < out.index("Apply complete!") < out.index("now matches the configuration.")
