"""The fleet CI recipes: they parse, their ghlsync commands exist with those flags, they split
the fleet with --shard over a matrix / `parallel`, and secrets reach only ghlsync's steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ci_recipes import (
    ROOT,
    _flags_of,
    _ghlsync_commands,
    _load,
    _resolve,
)

GITHUB = ROOT / "examples/ci/github-actions-fleet.yml"
GITLAB = ROOT / "examples/ci/gitlab-ci-fleet.yml"


def _scripts() -> list[str]:
    github = [step["run"] for job in _load(GITHUB)["jobs"].values()
              for step in job["steps"] if "run" in step]
    gitlab = [line for name, job in _load(GITLAB).items() if isinstance(job, dict)
              for line in job.get("script", []) if name.startswith("fleet:")]
    return github + gitlab


COMMANDS = [command for script in _scripts() for command in _ghlsync_commands(script)]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_every_command_exists_with_its_flags(args: list[str]) -> None:
    command, rest = _resolve(list(args))
    flags = _flags_of(command)
    assert all(w.split("=")[0] in flags for w in rest if w.startswith("-")), args
    command.make_context(f"ghlsync {args[0]}", list(rest))


def test_the_fleet_is_split_by_a_matrix_and_by_parallel() -> None:
    github = _load(GITHUB)["jobs"]
    assert github["fleet-plan"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    assert github["fleet-apply"]["needs"] == "fleet-canary"
    gitlab = _load(GITLAB)
    assert gitlab["fleet:plan"]["parallel"] == gitlab["fleet:apply"]["parallel"] == 4
    used = [" ".join(c) for c in COMMANDS]
    assert "plan --fleet --shard $SHARD/4 --format markdown --out plans" in used
    assert any("--shard $CI_NODE_INDEX/$CI_NODE_TOTAL" in c and c.startswith("apply") for c in used)
    assert "apply --fleet --only canary --auto-approve --report canary-report.json" in used


def test_the_agency_token_reaches_only_the_steps_that_run_ghlsync() -> None:
    for job in _load(GITHUB)["jobs"].values():
        assert "GHL_AGENCY_TOKEN" not in str(job.get("env", {}))
        for step in job["steps"]:
            if "GHL_AGENCY_TOKEN" in str(step.get("env", {})):
                assert "ghlsync" in step["run"]
    assert "env -u GHL_AGENCY_TOKEN pip install" in _load(GITLAB)["default"]["before_script"][0]
    for path in (GITHUB, GITLAB):
        text = Path(path).read_text()
        assert "set -x" not in text and "echo $GHL_AGENCY_TOKEN" not in text
