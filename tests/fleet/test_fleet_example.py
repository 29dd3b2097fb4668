"""examples/fleet works as its README says: one command plans and applies six sub-accounts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "fleet"


def test_the_one_command_applies_the_fleet_and_a_replan_is_clean(tmp_path: Path) -> None:
    copy = tmp_path / "examples" / "fleet"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("*.state.json*", "plans"))
    block = re.findall(r"```sh\n(.*?)```", (EXAMPLE / "README.md").read_text(), re.DOTALL)[0]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    done = subprocess.run(["sh", "-ec", block], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Fleet: 6 member(s), 6 with changes, 0 failed." in done.stdout
    assert done.stdout.count(" applied\n") == 6
    again = subprocess.run(
        ["ghlsync", "plan", "--fleet", "--sandbox", "fleet.state.json", "--detailed-exitcode"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=120,
    )
    assert again.returncode == 0, again.stdout + again.stderr
