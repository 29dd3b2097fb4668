"""The command line in-process: exit codes, messages, and the embedded sandbox (--sandbox)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import click
import pytest

from ghlsync.cli import cli, main
from ghlsync.version import __version__

CONFIG = """
version: 1
location: loc_cli
associations:
  - key: property_owner
    first: {object: custom_objects.property, label: Property}
    second: {object: contact, label: Owner}
relations:
  property_owner:
    - [p1, c1]
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hold_records: Any) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("GHL_TOKEN", "GHL_BASE_URL", "GHLSYNC_SANDBOX_FAULTS"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "ghlsync.yaml").write_text(textwrap.dedent(CONFIG))
    for state in ("s.json", "state.json"):
        hold_records(tmp_path / state, "loc_cli", {"custom_objects.property": ["p1"],
                                                   "contact": ["c1"]})
    return tmp_path


def test_version_and_help_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    assert main(["plan", "--help"]) == 0
    assert "--detailed-exitcode" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [["plan", "--no-such-flag"], ["frobnicate"], ["plan", "--format", "yaml"], ["apply", "a", "b"]],
)
def test_usage_errors_exit_one_never_two(
    argv: list[str], workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    assert "Error:" in capsys.readouterr().err


def test_no_arguments_shows_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 1
    output = capsys.readouterr()
    assert "validate" in output.out + output.err


def test_validate_reports_valid_file(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "ghlsync.yaml: valid (1 associations, 1 relations)." in capsys.readouterr().out


def test_validate_reports_every_problem_with_file_and_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "bad.yaml").write_text("version: 1\nlocation: x\ntoken: abc\nassociations: 3\n")
    assert main(["validate", "-c", "bad.yaml"]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:3" in err and "GHL_TOKEN" in err
    assert "bad.yaml:4" in err
    assert "abc" not in err
    assert "Traceback" not in err


def test_missing_token_is_an_error_before_any_request(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--base-url", "http://127.0.0.1:9"]) == 1
    assert "GHL_TOKEN" in capsys.readouterr().err


def test_plain_http_is_refused_for_remote_hosts(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GHL_TOKEN", "pit-secret")
    assert main(["plan", "--base-url", "http://example.com"]) == 1
    err = capsys.readouterr().err
    assert "http://" in err and "pit-secret" not in err


def test_sandbox_plan_apply_plan(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    property_object = {"id": "obj_property", "key": "custom_objects.property", "standard": False,
                       "labels": {"singular": "Property", "plural": "Properties"}}
    records = {"custom_objects.property": ["p1"], "contact": ["c1"]}  # the ones it relates
    seeded = {"locations": {"loc_cli": {"schema": {"objects": [property_object]},
                                        "records": records}}}
    (workdir / "state.json").write_text(json.dumps(seeded))  # GHL joins existing objects only
    assert main(["plan", "--sandbox", "state.json", "--detailed-exitcode"]) == 2
    assert "Plan: 2 to add, 0 to change, 0 to destroy." in capsys.readouterr().out
    assert main(["apply", "--sandbox", "state.json", "--auto-approve"]) == 0
    assert "Apply complete! 2 added" in capsys.readouterr().out
    assert main(["plan", "--sandbox", "state.json", "--detailed-exitcode"]) == 0
    assert capsys.readouterr().out.startswith("No changes.")
    state = json.loads((workdir / "state.json").read_text())
    assert "loc_cli" in state["locations"]


def test_json_plan_goes_alone_to_stdout(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--sandbox", "s.json", "--format", "json", "--out", "p.json"]) == 0
    output = capsys.readouterr()
    document = json.loads(output.out)
    assert document["summary"] == {"add": 2, "change": 0, "destroy": 0}
    assert document["location_id"] == "loc_cli"
    assert "p.json" in output.err
    assert json.loads((workdir / "p.json").read_text()) == document


def test_markdown_plan_has_summary_first_and_a_schema_picture(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--sandbox", "s.json", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert "2 to add" in text.split("\n\n")[0]
    assert "```mermaid" in text


def test_unknown_environment_lists_known_ones(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--sandbox", "s.json", "--env", "prod"]) == 1
    assert "unknown environment 'prod'" in capsys.readouterr().err


def test_apply_without_terminal_refuses_and_changes_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with open("/dev/null") as no_terminal:
        monkeypatch.setattr("sys.stdin", no_terminal)
        assert main(["apply", "--sandbox", "s.json"]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert main(["plan", "--sandbox", "s.json", "--detailed-exitcode"]) == 2


def test_diff_needs_two_targets(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--location", "a", "--sandbox", "s.json"]) == 1
    assert "two locations" in capsys.readouterr().err


def test_graph_prints_mermaid(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph"]) == 0
    out = capsys.readouterr().out
    assert "flowchart LR" in out and "property_owner" in out


def test_graph_as_markdown_is_fenced_and_the_default_stays_bare(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", "--format", "markdown"]) == 0
    fenced = capsys.readouterr().out
    assert fenced.startswith("```mermaid\n") and fenced.endswith("\n```\n")
    assert main(["graph"]) == 0
    assert capsys.readouterr().out == fenced.removeprefix("```mermaid\n").removesuffix("```\n")


def test_sandbox_serve_refuses_a_public_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "serve", "--host", "0.0.0.0", "--port", "0"]) == 1
    assert "loopback" in capsys.readouterr().err


def test_bad_rate_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "serve", "--rate", "fast"]) == 1
    assert "N/MS" in capsys.readouterr().err


def test_validate_stands_in_for_unset_variables_and_says_so(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GHL_LOCATION_ID", raising=False)
    (workdir / "v.yaml").write_text("version: 1\nlocation: ${GHL_LOCATION_ID}\n")
    assert main(["validate", "-c", "v.yaml"]) == 0
    assert "GHL_LOCATION_ID is not set here; plan and apply will need it" in capsys.readouterr().err
    assert main(["plan", "-c", "v.yaml", "--sandbox", "s.json"]) == 1
    assert "v.yaml:2" in capsys.readouterr().err


def test_validate_still_rejects_a_malformed_reference(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "v.yaml").write_text("version: 1\nlocation: ${1bad}\n")
    assert main(["validate", "-c", "v.yaml"]) == 1
    assert "v.yaml:2" in capsys.readouterr().err


def _commands() -> list[tuple[str, click.Command]]:
    listed: list[tuple[str, click.Command]] = []
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            listed += [(f"{name} {sub}", c) for sub, c in command.commands.items()]
        listed.append((name, command))
    return listed


def test_command_summaries_are_not_cut_off(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    listing = capsys.readouterr().out.split("Commands:")[1]
    assert "..." not in listing
    assert "Make the location match the file." in listing


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_every_option_has_help(name: str, command: click.Command) -> None:
    undocumented = [
        p.name for p in command.params if isinstance(p, click.Option) and not p.help
    ]
    assert undocumented == [], f"{name}: options without help"


def test_top_level_help_gives_an_example_and_shell_completion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "Example:\n    ghlsync validate" in text
    assert '_GHLSYNC_COMPLETE=bash_source ghlsync' in text


@pytest.mark.parametrize(
    "name", ["validate", "plan", "apply", "show", "export", "diff", "graph", "schema"]
)
def test_help_gives_an_example_and_the_exit_codes(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([name, "--help"]) == 0
    text = capsys.readouterr().out
    assert f"Example:\n    ghlsync {name}" in text
    assert "Exit codes:\n    0 " in text


@pytest.mark.parametrize("name", ["plan", "apply", "export", "diff"])
def test_token_variables_and_a_separate_sandbox_section(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([name, "--help"]) == 0
    text = capsys.readouterr().out
    assert "GHL_TOKEN, or the token_env of the chosen --env" in text
    options, sandbox = text.split("Sandbox options")
    assert "--sandbox" not in options and "--sandbox-faults" in sandbox
    assert "--base-url" in options and "--color / --no-color" in options


def test_color_forces_ansi_when_not_on_a_terminal(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "--sandbox", "s.json", "--color"]) == 0
    assert "\x1b[32m+\x1b[0m" in capsys.readouterr().out
    assert main(["plan", "--sandbox", "s.json"]) == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_force_color_and_no_color(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["plan", "--sandbox", "s.json"]) == 0
    assert "\x1b[" in capsys.readouterr().out
    assert main(["plan", "--sandbox", "s.json", "--no-color"]) == 0
    assert "\x1b[" not in capsys.readouterr().out
