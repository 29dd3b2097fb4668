"""``ghlsync validate --format json``: one document, valid or not; the same exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ghlsync.cli import main


def test_a_valid_file_as_json(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "file": "ghlsync.yaml",
        "valid": True,
        "associations": 2,
        "relations": 3,
        "problems": [],
        "warnings": [],
    }


def test_an_invalid_file_as_json_lists_each_problem_and_exits_one(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "bad.yaml").write_text("version: 1\nlocation: x\ntoken: abc\nassociations: 3\n")
    assert main(["validate", "-c", "bad.yaml", "--format", "json"]) == 1
    output = capsys.readouterr()
    document = json.loads(output.out)
    assert document["valid"] is False
    assert [p["line"] for p in document["problems"]] == [3, 4]
    assert "abc" not in output.out
    assert "bad.yaml:3" in output.err


def test_unset_variables_are_warnings_in_json(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GHL_LOCATION_ID", raising=False)
    (workdir / "v.yaml").write_text("version: 1\nlocation: ${GHL_LOCATION_ID}\n")
    assert main(["validate", "-c", "v.yaml", "--format", "json"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert warnings == ["GHL_LOCATION_ID is not set here; plan and apply will need it"]


def test_several_files_as_json_are_one_array_and_any_invalid_exits_one(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "bad.yaml").write_text("version: 1\nlocation: x\ntoken: abc\n")
    assert main(["validate", "ghlsync.yaml", "bad.yaml", "--format", "json"]) == 1
    documents = json.loads(capsys.readouterr().out)
    assert [(d["file"], d["valid"]) for d in documents] == [
        ("ghlsync.yaml", True),
        ("bad.yaml", False),
    ]
