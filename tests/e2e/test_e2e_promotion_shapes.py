"""The promotion walk-through (examples/promotion/README.md) in every sandbox answer shape.

Run in process (``--sandbox`` with ``GHLSYNC_SANDBOX_FAULTS=shape=...``), which is faster than
serving; ``test_e2e_natural_keys.py`` walks the same example over HTTP.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ghlsync.sandbox.shapes import SHAPES
from tests.e2e.conftest import Result, run_ghlsync

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "promotion"
STAGING, PRODUCTION = ("--env", "staging"), ("--env", "production")
BOTH = ("--env", "staging", "--env", "production")
RunFunction = Callable[..., Result]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_promotion_walk_through_works_in_every_shape(shape: str, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "ghlsync.yaml", tmp_path / "ghlsync.yaml")
    shutil.copy(EXAMPLE / "sandbox-seed.json", tmp_path / "promo.json")

    def run(*args: str) -> Result:
        result = run_ghlsync(tmp_path, *args, "--sandbox", "promo.json",
                             env={"GHLSYNC_SANDBOX_FAULTS": f"shape={shape}"})
        assert "Traceback" not in result.stderr
        return result

    _promote(run)
    _diverge_and_converge(run, tmp_path / "ghlsync.yaml")
    _export_and_replan(run)


def _promote(run: RunFunction) -> None:
    for environment in (STAGING, PRODUCTION):
        applied = run("apply", *environment, "--auto-approve")
        assert applied.code == 0, applied.stdout + applied.stderr
        assert "Apply complete! 7 added, 0 changed, 0 destroyed." in applied.stdout
        again = run("plan", *environment, "--detailed-exitcode")
        assert again.code == 0 and again.stdout.startswith("No changes."), again.stdout
    assert "sunset_villa(77b1cc02) -> jane(c_prd_9)" in applied.stdout


def _diverge_and_converge(run: RunFunction, config: Path) -> None:
    config.write_text(config.read_text().replace("label: Owner }", "label: Landlord }"))
    assert run("apply", *STAGING, "--auto-approve").code == 0
    differs = run("diff", *BOTH)
    assert differs.code == 2, differs.stdout + differs.stderr
    assert 'association "property_owner" labels differ' in differs.stdout
    assert run("apply", *PRODUCTION, "--auto-approve").code == 0
    same = run("diff", *BOTH)
    assert same.code == 0 and "No differences." in same.stdout, same.stdout + same.stderr


def _export_and_replan(run: RunFunction) -> None:
    exported = run("export", *STAGING, "--records-from", "ghlsync.yaml", "--natural-keys",
                   "-o", "exported.yaml")
    assert exported.code == 0, exported.stderr
    promoted = run("plan", "-c", "exported.yaml", *PRODUCTION, "--detailed-exitcode")
    assert promoted.code == 0 and "No changes." in promoted.stdout, promoted.stdout
