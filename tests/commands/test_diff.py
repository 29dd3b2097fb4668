"""``ghlsync diff --format json`` and its step summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commands_fixtures import run


def test_json_diff_is_one_document_naming_each_difference(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "apply", "--auto-approve")
    code, out, _ = run(
        capsys, "diff", "--location", "loc_cmd", "--location", "loc_empty", "--format", "json"
    )
    assert code == 2
    document = json.loads(out)
    assert document["equal"] is False
    assert document["a"] == {"name": "loc_cmd", "location_id": "loc_cmd"}
    only_in_a = {d["key"] for d in document["associations"] if d["kind"] == "only_in_a"}
    assert only_in_a == {"car_driver", "property_owner"}
    car = next(d for d in document["associations"] if d["key"] == "car_driver")
    assert car["b"] is None
    assert car["a"]["first"] == {"object": "custom_objects.car", "label": "Car"}


def test_json_diff_of_equal_locations(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "diff", "--location", "loc_x", "--location", "loc_y", "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["equal"] is True and document["relations"] == []


def test_diff_appends_to_the_step_summary(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = workdir / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "apply", "--auto-approve")
    summary.unlink()
    assert run(capsys, "diff", "--location", "loc_cmd", "--location", "loc_empty")[0] == 2
    text = summary.read_text()
    assert text.startswith("## ghlsync diff\n\n```\nComparing loc_cmd")
    assert "Locations differ" in text
