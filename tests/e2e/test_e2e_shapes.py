"""The quickstart journey (plan, apply, plan again: ``No changes.``) in every answer shape.

Real locations do not answer exactly as the spec says; the sandbox can answer in each shape
seen or plausible (see ``ghlsync/sandbox/shapes.py``), over HTTP (``sandbox serve --shape``)
and in process (``--sandbox`` with ``GHLSYNC_SANDBOX_FAULTS=shape=...``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ghlsync.sandbox.shapes import SHAPES
from tests.e2e.conftest import Result, Served, run_ghlsync, serve_sandbox

QUICKSTART = Path(__file__).parents[2] / "examples" / "quickstart" / "ghlsync.yaml"
FAULTS_VARIABLE = "GHLSYNC_SANDBOX_FAULTS"


@pytest.fixture(params=sorted(SHAPES))
def shaped(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    yield from serve_sandbox(tmp_path, "--shape", request.param)


def _assert_quickstart_converges(run: Callable[..., Result]) -> None:
    planned = run("plan", "--detailed-exitcode")
    assert planned.code == 2, planned.stdout + planned.stderr
    assert "Plan: 9 to add, 0 to change, 0 to destroy." in planned.stdout
    applied = run("apply", "--auto-approve")
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "Apply complete! 9 added, 0 changed, 0 destroyed." in applied.stdout
    again = run("plan", "--detailed-exitcode")
    assert again.code == 0, again.stdout + again.stderr
    assert again.stdout.startswith("No changes.")


def test_quickstart_converges_over_http_in_every_shape(shaped: Served) -> None:
    shutil.copy(QUICKSTART, shaped.workdir / "ghlsync.yaml")
    _assert_quickstart_converges(shaped.run)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_quickstart_converges_in_process_in_every_shape(shape: str, tmp_path: Path) -> None:
    shutil.copy(QUICKSTART, tmp_path / "ghlsync.yaml")
    state = str(tmp_path / "state.json")
    environment = {FAULTS_VARIABLE: f"shape={shape}"}

    def run(*args: str) -> Result:
        return run_ghlsync(tmp_path, *args, "--sandbox", state, env=environment)

    _assert_quickstart_converges(run)


def test_a_token_without_the_read_scope_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(QUICKSTART, tmp_path / "ghlsync.yaml")
    state = tmp_path / "state.json"
    environment = {FAULTS_VARIABLE: "missing_scopes=associations.readonly"}
    planned = run_ghlsync(
        tmp_path, "plan", "--sandbox", str(state), env=environment, hold_records=False
    )
    assert planned.code == 1
    assert "not authorized for this scope" in planned.stderr
    assert "Traceback" not in planned.stderr
    assert not state.exists()


def test_an_unknown_shape_is_refused_before_serving(tmp_path: Path) -> None:
    refused = run_ghlsync(tmp_path, "sandbox", "serve", "--port", "0", "--shape", "odd")
    assert refused.code == 1
    assert "unknown sandbox shape 'odd'" in refused.stderr
    assert "captured" in refused.stderr and "Traceback" not in refused.stderr
