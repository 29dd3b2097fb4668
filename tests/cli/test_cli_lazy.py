"""The group's commands are built when named: listing them loads none."""

from __future__ import annotations

import sys

import click
import pytest

from ghlsync.cli import COMMANDS, cli, main
from ghlsync.cli.lazy import LazyCommands


def _fresh(monkeypatch: pytest.MonkeyPatch) -> LazyCommands:
    """Commands whose modules are not loaded yet (put back after the test)."""
    for name in COMMANDS:
        monkeypatch.delitem(sys.modules, f"ghlsync.cli.{name}", raising=False)
    return LazyCommands({name: f"ghlsync.cli.{name}" for name in COMMANDS})


def test_listing_and_membership_build_no_command(monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _fresh(monkeypatch)
    assert list(commands) == sorted(COMMANDS) and len(commands) == len(COMMANDS)
    assert "plan" in commands and "plna" not in commands
    assert [name for name in COMMANDS if f"ghlsync.cli.{name}" in sys.modules] == []


def test_a_named_command_is_built_once_from_its_module(monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _fresh(monkeypatch)
    plan = commands["plan"]
    assert isinstance(plan, click.Command) and plan.name == "plan"
    assert commands["plan"] is plan
    assert [name for name in COMMANDS if f"ghlsync.cli.{name}" in sys.modules] == ["plan"]


def test_every_listed_module_offers_the_command_of_its_name() -> None:
    assert {name: command.name for name, command in cli.commands.items()} == {
        name: name for name in COMMANDS
    }


def test_an_unknown_name_is_a_key_error_and_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(KeyError):
        _fresh(monkeypatch)["plna"]
    assert main(["plna"]) == 1
    assert "No such command 'plna'" in capsys.readouterr().err


def test_commands_can_be_added_and_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _fresh(monkeypatch)
    extra = click.Command("extra")
    commands["extra"] = extra
    assert commands["extra"] is extra and "extra" in list(commands)
    del commands["extra"], commands["show"]
    assert "extra" not in commands and "show" not in commands
    with pytest.raises(KeyError):
        del commands["show"]
