"""``ghlsync schema``: the packaged schemas, printed as they were generated."""

from __future__ import annotations

import json

import pytest

from ghlsync.cli import main
from ghlsync.schemas import render_file_schema, render_plan_schema


def test_prints_the_configuration_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == render_file_schema()
    assert "read_token_env" in json.loads(out)["$defs"]["EnvironmentModel"]["properties"]


def test_plan_prints_the_plan_file_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--plan"]) == 0
    assert capsys.readouterr().out == render_plan_schema()


def test_an_unknown_option_is_a_usage_error_not_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "--yaml"]) == 1
    assert "No such option '--yaml'" in capsys.readouterr().err
