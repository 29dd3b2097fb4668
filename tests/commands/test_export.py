"""``ghlsync export``: option errors are clear and send no request."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands_fixtures import run, state_untouched


def test_a_key_without_natural_keys_is_refused_before_any_request(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "export", "--key", "custom_objects.property=mls_number")
    assert code == 1 and out == ""
    assert "--key needs --natural-keys" in err
    assert state_untouched(workdir)


def test_export_refuses_to_follow_a_symlink_at_the_output(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = workdir / "elsewhere.txt"
    target.write_text("keep me\n")
    (workdir / "out.yaml").symlink_to(target)
    code, _, err = run(capsys, "export", "--location", "loc_cmd", "-o", "out.yaml")
    assert code != 0
    assert "it is a symbolic link" in err
    assert target.read_text() == "keep me\n"


def test_export_writes_atomically_leaving_no_temporary_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", "--location", "loc_cmd", "-o", "out.yaml")
    assert code == 0, err
    assert "version: 1" in (workdir / "out.yaml").read_text()
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".out.yaml")) == []
