"""``ghlsync plan`` sends its first request as soon as it can and ends as soon as it has read:
it must not load what a text plan never uses (its import time is paid before the first
request or between the reads and the last one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.e2e.conftest import (
    BUSINESSES,
    LOCATION,
    OWNER_ASSOCIATION,
    TOKEN,
    Served,
    relations_yaml,
    write_config,
)

NEVER_LOADED = (
    "ghlsync.sandbox", "ghlsync.fleet", "ghlsync.commands.fleet",
    "ghlsync.kinds.documents", "ghlsync.kinds.associations.documents",
    "ghlsync.kinds.objects.value_documents", "ghlsync.kinds.custom_values.documents",
    "ghlsync.kinds.tags.documents", "ghlsync.engine.plan_document", "ghlsync.engine.planfile",
    "ghlsync.engine.freshness", "ghlsync.engine.checkup", "ghlsync.engine.doctor",
    "ghlsync.engine.executor", "ghlsync.engine.compare", "ghlsync.render.json",
    "ghlsync.render.markdown", "ghlsync.render.mermaid", "ghlsync.render.report",
    "ghlsync.render.comparison",
)
"""The sandbox, fleets, the plan-file (JSON) models, saved plans and their
freshness, doctor, the executor, comparing locations, and the renderers of other formats."""
PROBE = """
import json, sys
from ghlsync.cli import main
code = main(["plan", "--base-url", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _plan_in_a_fresh_interpreter(served: Served) -> tuple[int, str, set[str]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, served.url], cwd=served.workdir, capture_output=True,
        text=True, check=True, env={**environment, "GHL_TOKEN": TOKEN, "NO_COLOR": "1"},
    )
    *printed, last = done.stdout.splitlines()
    result = json.loads(last)
    return result["code"], "\n".join(printed), set(result["modules"])


def _loaded(modules: set[str], tops: tuple[str, ...]) -> set[str]:
    return {name for name in modules for top in tops if name == top or name.startswith(f"{top}.")}


def _planned_with_owner_label(served: Served, label: str) -> tuple[str, set[str]]:
    """Apply one relation, then plan a second one (whose records are checked) with the owner
    side labelled ``label`` in a fresh interpreter: what it printed and loaded."""
    pairs = {"property_owner": [("p1", "c1")], BUSINESSES: [("b1", "c1")]}
    write_config(served.workdir, f"version: 1\nlocation: {LOCATION}\n{OWNER_ASSOCIATION}"
                 + relations_yaml(pairs))
    assert served.run("apply", "--auto-approve").code == 0
    pairs["property_owner"].append(("p2", "c2"))
    write_config(served.workdir, f"version: 1\nlocation: {LOCATION}\n"
                 + OWNER_ASSOCIATION.replace("label: Owner", f"label: {label}")
                 + relations_yaml(pairs))
    served.hold({"custom_objects.property": ["p2"], "contact": ["c2"]})
    code, printed, modules = _plan_in_a_fresh_interpreter(served)
    assert code == 0
    assert "+ relation property_owner[p2 -> c2]" in printed  # the probe did plan
    return printed, modules


def test_a_text_plan_loads_no_plan_file_models_fleet_doctor_executor_or_other_renderers(
    served: Served,
) -> None:
    printed, modules = _planned_with_owner_label(served, "Landlord")

    assert '~ second.label = "Owner" -> "Landlord"' in printed
    assert _loaded(modules, NEVER_LOADED) == set()


def test_deepdiff_is_loaded_only_to_describe_an_association_update(served: Served) -> None:
    unchanged = _planned_with_owner_label(served, "Owner")[1]
    assert _loaded(unchanged, ("deepdiff",)) == set()
    printed, updated = _planned_with_owner_label(served, "Landlord")
    assert '~ second.label = "Owner" -> "Landlord"' in printed
    assert "deepdiff" in updated
