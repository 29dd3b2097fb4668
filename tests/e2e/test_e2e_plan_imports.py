"""``ghlsync plan``, ``apply`` and ``diff`` send their first request as soon as they can and end
as soon as they have read: they must not load what they never use (its import time is paid
before the first request or between the reads and the last one)."""

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

PLAN_FILE_MODELS = (
    "ghlsync.kinds.documents", "ghlsync.kinds.associations.documents",
    "ghlsync.kinds.objects.value_documents", "ghlsync.kinds.custom_values.documents",
    "ghlsync.kinds.tags.documents", "ghlsync.engine.plan_document", "ghlsync.engine.planfile",
    "ghlsync.engine.freshness", "ghlsync.render.json",
)
"""The plan-file (JSON) models, saved plans and their freshness: for --format json, --out and
apply PLANFILE only."""
NEVER_LOADED = (
    "ghlsync.sandbox", "ghlsync.fleet", "ghlsync.commands.fleet",
    "ghlsync.engine.checkup", "ghlsync.engine.doctor", "ghlsync.render.markdown",
    "ghlsync.render.mermaid", *PLAN_FILE_MODELS,
)
"""The sandbox, fleets, doctor, the markdown renderers (no step summary
here) and the plan-file models."""
PLAN_NEVER_LOADS = (
    *NEVER_LOADED, "ghlsync.engine.executor", "ghlsync.engine.compare", "ghlsync.render.report",
    "ghlsync.render.comparison",
)
"""A plan also needs neither the executor nor the comparison of two locations."""
PROBE = """
import json, sys
from ghlsync.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _run_in_a_fresh_interpreter(
    served: Served, *args: str, never: tuple[str, ...]
) -> tuple[int, str, set[str]]:
    """Exit code, what was printed, and which of ``never`` (or their submodules) loaded."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GHL")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--base-url", served.url], cwd=served.workdir,
        capture_output=True, text=True, check=True,
        env={**environment, "GHL_TOKEN": TOKEN, "NO_COLOR": "1"},
    )
    *printed, last = done.stdout.splitlines()
    result = json.loads(last)
    loaded = {name for name in result["modules"] for top in never
              if name == top or name.startswith(f"{top}.")}
    return result["code"], "\n".join(printed), loaded


def test_a_text_plan_and_apply_load_no_plan_file_models_fleet_doctor_or_other_renderers(
    served: Served,
) -> None:
    pairs = {"property_owner": [("p1", "c1")], BUSINESSES: [("b1", "c1")]}
    write_config(served.workdir, f"version: 1\nlocation: {LOCATION}\n{OWNER_ASSOCIATION}"
                 + relations_yaml(pairs))
    assert served.run("apply", "--auto-approve").code == 0
    pairs["property_owner"].append(("p2", "c2"))  # a create whose records are checked
    write_config(served.workdir, f"version: 1\nlocation: {LOCATION}\n"
                 + OWNER_ASSOCIATION.replace("label: Owner", "label: Landlord")
                 + relations_yaml(pairs))
    served.hold({"custom_objects.property": ["p2"], "contact": ["c2"]})

    code, printed, loaded = _run_in_a_fresh_interpreter(served, "plan", never=PLAN_NEVER_LOADS)

    assert code == 0
    assert '~ second.label = "Owner" -> "Landlord"' in printed  # the probe did plan, and diff
    assert "+ relation property_owner[p2 -> c2]" in printed
    assert loaded == set()

    code, printed, loaded = _run_in_a_fresh_interpreter(
        served, "apply", "--auto-approve", never=NEVER_LOADED
    )
    assert code == 0
    assert "Apply complete! 1 added, 1 changed, 0 destroyed." in printed
    assert loaded == set()


def test_a_text_diff_of_two_locations_loads_no_executor_plan_file_models_or_fleet(
    served: Served,
) -> None:
    write_config(served.workdir, f"version: 1\nlocation: {LOCATION}\n{OWNER_ASSOCIATION}")
    never = (*NEVER_LOADED, "ghlsync.engine.executor", "ghlsync.render.report")

    code, printed, loaded = _run_in_a_fresh_interpreter(
        served, "diff", "--location", LOCATION, "--location", "loc_other", never=never
    )

    assert code == 0, printed
    assert loaded == set()


def test_deepdiff_is_loaded_only_to_describe_an_association_update(served: Served) -> None:
    write_config(served.workdir, f"version: 1\nlocation: {LOCATION}\n{OWNER_ASSOCIATION}")
    assert served.run("apply", "--auto-approve").code == 0

    code, _, loaded = _run_in_a_fresh_interpreter(served, "plan", never=("deepdiff",))
    assert code == 0
    assert loaded == set()

    write_config(served.workdir, f"version: 1\nlocation: {LOCATION}\n"
                 + OWNER_ASSOCIATION.replace("label: Owner", "label: Landlord"))
    code, printed, loaded = _run_in_a_fresh_interpreter(served, "plan", never=("deepdiff",))
    assert code == 0
    assert '~ second.label = "Owner" -> "Landlord"' in printed
    assert "deepdiff" in loaded
