"""Hostile input through the real command: refused with exit 1, a clear message, no traceback,
and no HTTP request; hostile labels cannot hide anything in the pull-request comment."""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    LOCATION,
    TOKEN,
    Result,
    Served,
    owner_config,
    run_ghlsync,
    was_contacted,
    write_config,
)

Port = tuple[str, socket.socket]


def _refused(result: Result, message: str) -> None:
    assert result.code == 1, (result.stdout, result.stderr)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert TOKEN not in result.stderr + result.stdout


def _plan(workdir: Path, port: Port, *args: str, env: dict[str, str] | None = None) -> Result:
    return run_ghlsync(workdir, "plan", *args, "--base-url", port[0], env=env)


@pytest.mark.parametrize(
    ("body", "env", "message"),
    [
        ("version: 1\nlocation: ${GHL_TOKEN}\n", {}, "ghlsync.yaml:2: location: ${GHL_TOKEN} "
         "holds an API token"),
        ("version: 1\nenvironments:\n  prod: {location: l, token_env: GHL_TOKEN_PRODUCTION}\n"
         "managed_records: ['${GHL_TOKEN_PRODUCTION}']\n", {"GHL_TOKEN_PRODUCTION": TOKEN},
         "ghlsync.yaml:4: managed_records[0]: ${GHL_TOKEN_PRODUCTION} holds an API token"),
        ("version: 1\nlocation: ../../admin\n", {}, "ghlsync.yaml:2: location: '../../admin' is "
         "not a valid id"),
        (owner_config([("p1?x=1", "c1")]), {}, "ghlsync.yaml:9: relations.property_owner[0][0]: "
         "'p1?x=1' is not a valid id"),
    ],
    ids=["ghl-token", "token-env", "location-path", "record-query"],
)
def test_hostile_configuration_is_refused_before_any_request(
    tmp_path: Path, silent_port: Port, body: str, env: dict[str, str], message: str
) -> None:
    write_config(tmp_path, body)
    _refused(_plan(tmp_path, silent_port, env=env), message)
    assert not was_contacted(silent_port[1])


def test_validate_refuses_a_token_variable_offline(tmp_path: Path) -> None:
    write_config(tmp_path, "version: 1\nlocation: ${GHL_TOKEN}\n")
    _refused(run_ghlsync(tmp_path, "validate"), "location: ${GHL_TOKEN} holds an API token")


def test_alias_bomb_is_refused_quickly(tmp_path: Path, silent_port: Port) -> None:
    bomb = "version: 1\nlocation: &s " + "x" * 1_000_000 + "\nmanaged_records: ["
    (tmp_path / "ghlsync.yaml").write_text(bomb + ", ".join(["*s"] * 900_000) + "]\n")
    _refused(_plan(tmp_path, silent_port), "document too large once its YAML aliases are expanded")
    assert not was_contacted(silent_port[1])


def test_deep_nesting_is_refused_without_a_crash(tmp_path: Path, silent_port: Port) -> None:
    write_config(tmp_path, "version: 1\nlocation: " + "[" * 300_000 + "]" * 300_000 + "\n")
    _refused(_plan(tmp_path, silent_port), "nested more than 64 levels deep")
    assert not was_contacted(silent_port[1])


@pytest.mark.skipif(sys.platform == "win32", reason="needs /dev/zero and mkfifo")
def test_devices_fifos_and_directories_are_refused(tmp_path: Path, silent_port: Port) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for config, message in [
        ("/dev/zero", "is not a regular file"),
        (str(fifo), "is not a regular file"),
        (str(tmp_path), "is a directory"),
    ]:
        _refused(_plan(tmp_path, silent_port, "-c", config), message)
    assert not was_contacted(silent_port[1])


def test_deeply_nested_plan_file_is_refused(tmp_path: Path, silent_port: Port) -> None:
    (tmp_path / "plan.json").write_text("[" * 200_000 + "]" * 200_000)
    result = run_ghlsync(tmp_path, "apply", "plan.json", "--base-url", silent_port[0])
    _refused(result, "not a plan file (JSON nested too deeply)")
    assert not was_contacted(silent_port[1])


@pytest.mark.parametrize("location", ["a/b", "..", "loc?x=1", "loc#f", "loc%2F", " "])
def test_unsafe_location_option_is_a_usage_error(
    tmp_path: Path, silent_port: Port, location: str
) -> None:
    write_config(tmp_path, owner_config([("p1", "c1")]))
    _refused(_plan(tmp_path, silent_port, "--location", location), "--location ")
    assert not was_contacted(silent_port[1])


def test_hostile_label_cannot_hide_the_relations_to_delete(served: Served) -> None:
    write_config(served.workdir, owner_config([("p1", "c1"), ("p2", "c1")]))
    assert served.run("apply", "--auto-approve").code == 0
    hostile = owner_config([("p1", "c1")]).replace(
        "label: Owner}", "label: \"Owner <!-- | `x` \\n ## end\"}"
    )
    write_config(served.workdir, hostile.replace("version: 1", "version: 1\nprune: {}"))
    rendered = served.run("plan", "--format", "markdown")
    assert rendered.code == 0, rendered.stderr
    text = rendered.stdout
    assert "Owner &lt;!-- \\| \\`x\\`   ## end" in text and "<!--" not in text
    assert "### Relations to delete (1)" in text
    assert "| property_owner | `p2` | `c1` |" in text
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows)
    unchanged = {("property_owner", "p1", "c1"), ("property_owner", "p2", "c1")}
    assert served.relations("c1") == unchanged
    assert f"`{LOCATION}`" in text
