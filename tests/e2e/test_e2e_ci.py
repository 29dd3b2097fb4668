"""Safe in CI (issue 3): saved plans, stale and foreign plans refused, gates, verification,
machine-readable and pull-request plans: the installed command against the served sandbox."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.conftest import (
    BUSINESSES,
    LOCATION,
    TOKEN,
    Served,
    dump,
    owner_config,
    relations_yaml,
    write_config,
)

BASE = owner_config([("p1", "c1"), ("p2", "c1")])


@pytest.fixture
def ci(served: Served) -> Served:
    """The served sandbox with a generous rate limit, so several commands run back to back."""
    with served.api() as api:
        assert api.put("/_sandbox/faults", json={"rate_max": 100_000}).status_code == 200
    return served


def _apply(served: Served, *extra: str) -> None:
    applied = served.run("apply", "--auto-approve", *extra)
    assert applied.code == 0, applied.stdout + applied.stderr


def _seed(served: Served, *pairs: tuple[str, str]) -> None:
    """Create BASE's association and these relations through the API (faster than apply)."""
    association = {
        "locationId": LOCATION,
        "key": "property_owner",
        "firstObjectKey": "custom_objects.property",
        "firstObjectLabel": "Property",
        "secondObjectKey": "contact",
        "secondObjectLabel": "Owner",
    }
    with served.api() as api:
        created = api.post("/associations/", json=association)
    assert created.status_code == 201, created.text
    for first, second in pairs or (("p1", "c1"), ("p2", "c1")):
        _add_relation(served, "property_owner", first, second)


def _add_relation(served: Served, key: str, first: str, second: str) -> None:
    body = _relation_body(served, key, first, second)
    served.hold_pair(body["associationId"], first, second)
    with served.api() as api:
        created = api.post("/associations/relations", json=body)
    assert created.status_code == 201, created.text


def _relation_body(served: Served, key: str, first: str, second: str) -> dict[str, Any]:
    return {
        "locationId": LOCATION,
        "associationId": served.associations()[key]["id"],
        "firstRecordId": first,
        "secondRecordId": second,
    }


def _state(served: Served) -> str:
    return dump(served.state_dump())


def _saved_plan(served: Served) -> Path:
    planned = served.run("plan", "--out", "plan.json")
    assert planned.code == 0, planned.stderr
    return served.workdir / "plan.json"


# --- machine-readable and saved plans ---------------------------------------------------------


def test_json_plans_of_the_same_state_are_byte_identical(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    write_config(ci.workdir, BASE.replace("[p2, c1]", "[p3, c1]"))
    first = ci.run("plan", "--format", "json")
    second = ci.run("plan", "--format", "json")
    assert first.code == second.code == 0
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    assert document["summary"] == {"add": 1, "change": 0, "destroy": 1}
    assert [c["address"] for c in document["changes"]] == [
        "relation.property_owner[p2,c1]",
        "relation.property_owner[p3,c1]",
    ]
    assert [c["reason"] for c in document["changes"]] == ["not declared", "not in location"]
    assert [c["source"] for c in document["changes"]] == ["ghlsync.yaml:8", "ghlsync.yaml:10"]


def test_saved_plan_applies_exactly_without_prompting(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    plan_file = _saved_plan(ci)

    applied = ci.run("apply", str(plan_file), stdin="")
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "Do you want to perform" not in applied.stdout
    assert "Apply complete! 3 added, 0 changed, 0 destroyed." in applied.stdout
    assert ci.relations("c1") == {("property_owner", "p1", "c1"), ("property_owner", "p2", "c1")}


@pytest.mark.parametrize("change", ["in-scope relation", "label"])
def test_stale_saved_plan_is_refused_and_changes_nothing(ci: Served, change: str) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    write_config(ci.workdir, BASE.replace("[p2, c1]", "[p3, c1]"))
    plan_file = _saved_plan(ci)
    if change == "label":
        association = ci.associations()["property_owner"]
        body = {"firstObjectLabel": "Home", "secondObjectLabel": "Owner"}
        with ci.api() as api:
            updated = api.put(f"/associations/{association['id']}", json=body)
        assert updated.status_code == 200, updated.text
    else:
        _add_relation(ci, "property_owner", "p1", "c7")
    before = _state(ci)

    refused = ci.run("apply", str(plan_file))
    assert refused.code == 1
    assert "saved plan is stale" in refused.stderr
    assert "nothing was changed" in refused.stderr
    assert _state(ci) == before


def test_changes_outside_the_planned_scope_do_not_make_a_plan_stale(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    write_config(ci.workdir, BASE.replace("[p2, c1]", "[p3, c1]"))
    plan_file = _saved_plan(ci)
    _add_relation(ci, "property_owner", "p7", "c8")  # neither record is in the plan's scope
    applied = ci.run("apply", str(plan_file))
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "Apply complete! 1 added, 0 changed, 1 destroyed." in applied.stdout
    assert ci.relations("p7") == {("property_owner", "p7", "c8")}


def test_saved_plan_for_another_location_is_refused(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    plan_file = _saved_plan(ci)
    before = _state(ci)
    refused = ci.run("apply", str(plan_file), "--location", "loc_other", hold_records=False)
    assert refused.code == 1
    assert f"for location {LOCATION}, but the configuration targets loc_other" in refused.stderr
    assert _state(ci) == before


def test_plan_file_of_a_newer_format_is_refused(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    plan_file = _saved_plan(ci)
    document = json.loads(plan_file.read_text())
    plan_file.write_text(json.dumps({**document, "format_version": 99}))
    before = _state(ci)
    refused = ci.run("apply", str(plan_file))
    assert refused.code == 1
    assert "plan file format 99 is newer than this ghlsync understands" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _state(ci) == before


# --- safety gates -----------------------------------------------------------------------------


def _many_relations(count: int) -> str:
    rows = "\n".join(f"    - [p{i}, c1]" for i in range(count))
    return BASE.split("relations:")[0] + f"relations:\n  property_owner:\n{rows}\n"


def _assert_gated(served: Served, warning: str, *apply_args: str) -> None:
    """plan warns and exits 0; apply refuses and changes nothing; --allow-destroy passes."""
    planned = served.run("plan")
    assert planned.code == 0, planned.stderr
    shown = planned.stdout + planned.stderr
    assert "--allow-destroy" in shown and warning in shown
    before = _state(served)
    refused = served.run("apply", *apply_args)
    assert refused.code == 1
    assert "refusing to apply without --allow-destroy" in refused.stderr
    assert warning in refused.stderr
    assert _state(served) == before
    allowed = served.run("apply", *apply_args, "--allow-destroy")
    assert allowed.code == 0, allowed.stdout + allowed.stderr
    assert "Apply complete!" in allowed.stdout
    assert _state(served) != before


def test_gate_association_delete_with_prune(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    pruning = f"version: 1\nlocation: {LOCATION}\nprune: {{associations: true}}\n"
    write_config(ci.workdir, pruning + relations_yaml({BUSINESSES: [("b1", "c1")]}))
    warning = "association.property_owner would be deleted; GHL deletes all of its relations"
    _assert_gated(ci, warning, "--auto-approve")
    assert "property_owner" not in ci.associations()


def test_gate_association_replace_names_its_known_relations(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    listings = BASE.replace("custom_objects.property", "custom_objects.listing")
    write_config(ci.workdir, listings.replace("[p", "[l"))  # records of the new object
    planned = ci.run("plan")
    assert "GHL deletes its 2 relations" in planned.stdout
    warning = "association.property_owner would be replaced; GHL deletes its 2"
    _assert_gated(ci, warning, "--auto-approve")
    assert ci.associations()["property_owner"]["firstObjectKey"] == "custom_objects.listing"


def test_gate_relation_delete_fraction(ci: Served) -> None:
    _seed(ci, *((f"p{i}", "c1") for i in range(10)))
    write_config(ci.workdir, _many_relations(6))
    _assert_gated(ci, "4 of 10 in-scope relations (40%) would be deleted", "--auto-approve")
    assert len(ci.relations("c1")) == 6


def test_relation_deletes_under_the_fraction_are_not_gated(ci: Served) -> None:
    _seed(ci, *((f"p{i}", "c1") for i in range(10)))
    write_config(ci.workdir, _many_relations(7))
    planned = ci.run("plan")
    assert "Plan: 0 to add, 0 to change, 3 to destroy." in planned.stdout
    assert "--allow-destroy" not in planned.stdout + planned.stderr


def test_saved_plan_with_gated_changes_needs_allow_destroy(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    write_config(ci.workdir, BASE.replace("label: Property", "label: Home").replace(
        "object: contact", "object: business").replace(", c1]", ", b1]"))
    plan_file = _saved_plan(ci)
    _assert_gated(ci, "association.property_owner would be replaced", str(plan_file))


# --- verification after apply -----------------------------------------------------------------


def test_verification_catches_writes_that_did_not_stick(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    _add_relation(ci, "property_owner", "p1", "c9")
    write_config(ci.workdir, BASE.replace("[p2, c1]", "[p2, c1]\n    - [p3, c1]"))
    with ci.api() as api:
        assert api.put("/_sandbox/faults", json={"dropped_rate": 1.0}).status_code == 200

    applied = ci.run("apply", "--auto-approve")
    assert applied.code == 1
    assert "Applied: 1 added, 0 changed, 1 destroyed." in applied.stdout
    assert "Apply complete!" not in applied.stdout  # the verification said otherwise
    remaining = applied.stdout.split("does not match the configuration after applying:")[1]
    assert "+ relation property_owner[p3 -> c1]" in remaining
    assert "- relation property_owner[p1 -> c9]" in remaining
    assert "does not match the file after apply" in applied.stderr


def test_verification_reads_a_cover_of_the_changed_records_only(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    write_config(ci.workdir, owner_config([(f"p{i}", "c1") for i in range(1, 7)]))

    applied = ci.run("apply", "--auto-approve", "-v")
    assert applied.code == 0, applied.stderr
    assert "The location now matches the configuration." in applied.stdout
    requests = re.findall(r"^(GET|POST|DELETE) (\S+) ", applied.stderr, re.M)
    plan_reads = 1 + 7  # associations; p1..p6 and c1
    record_reads = 4  # p3..p6, which no relation listing showed, are read once before writing
    writes = 4
    assert len(requests) == plan_reads + record_reads + writes + 1  # verification: c1 alone
    assert requests[-1][1].startswith("/associations/relations/c1?")


def test_saved_plan_verification_catches_an_undone_change(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    _add_relation(ci, "property_owner", "p1", "c9")
    plan_file = _saved_plan(ci)
    recreate = _relation_body(ci, "property_owner", "p1", "c9")
    request = {"method": "POST", "path": "/associations/relations", "json": recreate}
    with ci.api() as api:
        scheduled = api.post("/_sandbox/inject", json={"after_writes": 1, "request": request})
    assert scheduled.status_code == 200, scheduled.text

    applied = ci.run("apply", str(plan_file))
    assert applied.code == 1
    remaining = applied.stdout.split("does not match the configuration after applying:")[1]
    assert "- relation property_owner[p1 -> c9]" in remaining
    assert "the location does not match the file after apply" in applied.stderr


# --- pull-request markdown --------------------------------------------------------------------


def test_markdown_plan_for_a_few_hundred_relations(ci: Served) -> None:
    write_config(ci.workdir, BASE)
    _seed(ci)
    pairs = "\n".join(f"    - [p{i}, b{j}]" for i in range(20) for j in range(15))
    replaced = BASE.replace("object: contact", "object: business").split("relations:")[0]
    write_config(ci.workdir, replaced + f"relations:\n  property_owner:\n{pairs}\n")

    rendered = ci.run("plan", "--format", "markdown")
    assert rendered.code == 0, rendered.stderr
    text = rendered.stdout
    assert text.startswith("**Plan:** 301 to add, 0 to change, 1 to destroy on location")
    head = text[: text.index("### ")]
    assert "[!WARNING]" in head and "association.property_owner` will be replaced" in head
    assert "`apply` will need `--allow-destroy`" in head
    assert "### Schema after this plan" in text and "```mermaid" in text
    assert len(text) < 60_000
    _assert_balanced_markdown(text)


def _assert_balanced_markdown(text: str) -> None:
    assert text.count("<details>") == text.count("</details>")
    assert text.count("```") % 2 == 0
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.rstrip().endswith("|"), line
            assert len(re.findall(r"(?<!\\)\|", line)) == 5, line


# --- the GitHub recipe's own shell steps, against the sandbox ---------------------------------

RECIPE = Path(__file__).resolve().parents[2] / "examples/ci/github-actions.yml"
PRODUCTION = f"""
version: 1
environments:
  production: {{location: {LOCATION}, token_env: GHL_TOKEN_PRODUCTION}}
relations:
  BUSINESSES_CONTACTS_ASSOCIATION:
    - [b1, c1]
"""


def _recipe_step(job: str, name: str) -> str:
    steps = yaml.safe_load(RECIPE.read_text())["jobs"][job]["steps"]
    return str(next(step["run"] for step in steps if step.get("name") == name))


def _run_step(served: Served, script: str, fake_bin: Path) -> subprocess.CompletedProcess[str]:
    served.hold({"business": ["b1"], "contact": ["c1"]})  # the records PRODUCTION relates
    environment = {
        "PATH": f"{fake_bin}:{Path(sys.executable).parent}:{os.environ['PATH']}",
        "GHL_BASE_URL": served.url,
        "GHL_TOKEN_PRODUCTION": TOKEN,
        "GITHUB_OUTPUT": str(served.workdir / "github-output"),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=served.workdir, env=environment,
        capture_output=True, text=True, timeout=60,
    )


def _fake_gh(directory: Path) -> Path:
    """A ``gh`` that logs its arguments and finds no open issue."""
    directory.mkdir()
    gh = directory / "gh"
    gh.write_text(f'#!/bin/sh\necho "$*" >> {directory}/gh.log\n')
    gh.chmod(0o755)
    return directory


def test_github_plan_step_then_apply_of_its_plan(ci: Served) -> None:
    write_config(ci.workdir, PRODUCTION)
    step = _run_step(ci, _recipe_step("plan", "Plan"), _fake_gh(ci.workdir / "bin"))
    assert step.returncode == 0, step.stderr
    assert (ci.workdir / "github-output").read_text() == "status=0\n"
    assert (ci.workdir / "plan.md").read_text().startswith("**Plan:** 1 to add")
    assert TOKEN not in step.stdout + step.stderr + (ci.workdir / "plan.json").read_text()

    applied = ci.run("apply", "plan.json", env={"GHL_TOKEN_PRODUCTION": TOKEN})
    assert applied.code == 0, applied.stderr
    assert ci.relations("b1") == {(BUSINESSES, "b1", "c1")}


def test_github_drift_step_fails_and_files_an_issue(ci: Served) -> None:
    write_config(ci.workdir, PRODUCTION)
    fake_bin = _fake_gh(ci.workdir / "bin")
    drifted = _run_step(ci, _recipe_step("drift", "Drift check"), fake_bin)
    assert drifted.returncode == 2
    assert "no longer matches ghlsync.yaml" in drifted.stdout
    log = (fake_bin / "gh.log").read_text()
    assert "issue create --title ghlsync: production drifted" in log
    assert (ci.workdir / "drift.md").read_text().startswith("**Plan:** 1 to add")

    _add_relation(ci, BUSINESSES, "b1", "c1")
    (fake_bin / "gh.log").unlink()
    matched = _run_step(ci, _recipe_step("drift", "Drift check"), fake_bin)
    assert matched.returncode == 0, matched.stderr
    assert not (fake_bin / "gh.log").exists()


def test_a_saved_plan_takes_its_token_from_the_chosen_environment(served: Served) -> None:
    write_config(
        served.workdir,
        f"""
        version: 1
        environments:
          production: {{location: {LOCATION}, token_env: GHL_TOKEN_PRODUCTION}}
        relations:
          BUSINESSES_CONTACTS_ASSOCIATION:
            - [b1, c1]
        """,
    )
    # A token shaped like a real one: output scrubs every 8-character piece of a token, so a
    # token spelling "production" would hide the environment's name.
    production_token = "pit-5e0c1d7a-40b2-4f39-8a61-c2d94e7b3f08"
    only_production = {"GHL_TOKEN": "", "GHL_TOKEN_PRODUCTION": production_token}
    planned = served.run("plan", "--env", "production", "--out", "plan.json", env=only_production)
    assert planned.code == 0, planned.stderr

    other_env = served.run("apply", "plan.json", "--env", "staging", env=only_production)
    assert other_env.code == 1
    assert "for environment 'production', not 'staging'" in other_env.stderr

    without_production_token = served.run("apply", "plan.json", env={"GHL_TOKEN": "other"})
    assert without_production_token.code == 1
    assert "GHL_TOKEN_PRODUCTION" in without_production_token.stderr

    applied = served.run("apply", "plan.json", env=only_production)  # the plan names its env
    assert applied.code == 0, applied.stderr
    assert (BUSINESSES, "b1", "c1") in served.relations("c1")
