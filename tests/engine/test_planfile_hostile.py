"""read_plan refuses hostile plan files with PlanFileError: no hang, no RecursionError."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ghlsync.engine import planfile
from ghlsync.engine.planfile import read_plan
from ghlsync.errors import PlanFileError


def test_deeply_nested_json_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(PlanFileError, match=r"not a plan file \(JSON nested too deeply\)$"):
        read_plan(path)


def test_a_plan_file_over_the_bound_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planfile, "MAX_PLAN_BYTES", 1024)
    path = tmp_path / "plan.json"
    path.write_text("{}" + " " * 1024)
    with pytest.raises(PlanFileError, match=r"plan file .* is larger than .* MB: refused$"):
        read_plan(path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_a_plan_file() -> None:
    with pytest.raises(PlanFileError, match="plan file is not a regular file"):
        read_plan("/dev/zero")


@pytest.mark.skipif(sys.platform == "win32", reason="needs mkfifo")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    with pytest.raises(PlanFileError, match="plan file is not a regular file"):
        read_plan(fifo)


def test_a_directory_is_not_a_plan_file(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="plan file is a directory"):
        read_plan(tmp_path)


def test_an_integer_of_5000_digits_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"format_version": ' + "9" * 5000 + "}")
    with pytest.raises(PlanFileError, match="a number too long to read"):
        read_plan(path)
