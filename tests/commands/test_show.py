"""``ghlsync show PLANFILE``: the saved plan, rendered offline exactly as ``plan`` printed it."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands_fixtures import CONFIG, run, write

from ghlsync.cli import main


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_show_prints_what_plan_printed(
    output_format: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "apply", "--auto-approve")
    write(workdir, CONFIG.replace("    - [loft, omar]\n", "    - [loft, jane]\n"))
    code, planned, _ = run(capsys, "plan", "--format", output_format, "--out", "p.json")
    assert code == 0 and "loft" in planned

    assert main(["show", "p.json", "--format", output_format]) == 0
    assert capsys.readouterr().out == planned


def test_show_needs_no_token_and_no_network(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "plan", "--out", "p.json")
    monkeypatch.setenv("GHL_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    assert main(["show", "p.json"]) == 0
    assert "Plan: 5 to add" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "p.json"), ("{not json", "p.json"), ('{"format_version": 1}', "p.json")],
)
def test_a_bad_plan_file_is_a_clear_error(
    content: str | None, expected: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if content is not None:
        (workdir / "p.json").write_text(content)
    assert main(["show", "p.json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and expected in err
    assert "Traceback" not in err


def test_markdown_with_association_changes_keeps_the_schema_picture(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, planned, _ = run(capsys, "plan", "--format", "markdown", "--out", "p.json")
    assert code == 0 and "```mermaid" in planned and "car_driver" in planned
    (workdir / "ghlsync.yaml").unlink()  # show needs the plan alone
    assert main(["show", "p.json", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == planned
