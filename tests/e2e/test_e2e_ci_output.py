"""CI-grade output (issue 14): the installed command in a pipe, as in a CI log."""

from __future__ import annotations

import json
import re

from tests.e2e.conftest import Served, owner_config, write_config


def test_apply_in_a_log_lists_each_operation_and_writes_report_and_summary(
    served: Served,
) -> None:
    write_config(served.workdir, owner_config([("p1", "c1"), ("p2", "c1")]))
    summary = served.workdir / "summary.md"
    environment = {"GITHUB_STEP_SUMMARY": str(summary)}
    applied = served.run("apply", "--auto-approve", "--report", "report.json", env=environment)
    assert applied.code == 0, applied.stdout + applied.stderr
    lines = applied.stdout.splitlines()
    assert re.compile(r'^\+ association "property_owner": created \[id=\S+\]$').match(
        next(line for line in lines if line.startswith('+ association'))
    )
    created = [line for line in lines if line.startswith("+ relation property_owner[")]
    assert len(created) == 2 and all(": created [id=" in line for line in created)

    report = json.loads((served.workdir / "report.json").read_text())
    relation_ids = {o["created_id"] for o in report["operations"] if o["action"] == "create"}
    assert None not in relation_ids and len(relation_ids) == 3
    assert "Apply complete! 3 added" in summary.read_text()
    assert "\x1b[" not in applied.stdout


def test_force_color_colours_a_log(served: Served) -> None:
    write_config(served.workdir, owner_config([("p1", "c1")]))
    planned = served.run("plan", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert planned.code == 0
    assert "\x1b[32m+\x1b[0m" in planned.stdout
