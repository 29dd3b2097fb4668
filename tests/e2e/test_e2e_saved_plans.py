"""A saved plan is a reviewed expectation, never an authority: every edit of the file, and every
change of the configuration, target or location since, is refused with nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LOCATION, Served, dump, owner_config, write_config

BASE = owner_config([("p1", "c1"), ("p2", "c1")])
Document = dict[str, Any]


@pytest.fixture
def seeded(served: Served) -> Served:
    """The location after applying BASE, with the file then asking to swap p2 for p3."""
    with served.api() as api:
        assert api.put("/_sandbox/faults", json={"rate_max": 100_000}).status_code == 200
    write_config(served.workdir, BASE)
    applied = served.run("apply", "--auto-approve")
    assert applied.code == 0, applied.stdout + applied.stderr
    write_config(served.workdir, BASE.replace("[p2, c1]", "[p3, c1]"))
    return served


def _plan(served: Served, *args: str) -> Path:
    planned = served.run("plan", "--out", "plan.json", *args)
    assert planned.code == 0, planned.stderr
    return served.workdir / "plan.json"


def _edit(path: Path, edit: Callable[[Document], None]) -> None:
    document = json.loads(path.read_text())
    edit(document)
    path.write_text(json.dumps(document))


def _refused(served: Served, *args: str) -> str:
    before = dump(served.state_dump())
    refused = served.run("apply", *args)
    assert refused.code == 1, refused.stdout + refused.stderr
    assert "nothing was changed" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert dump(served.state_dump()) == before
    return refused.stderr


def _add_foreign_delete(document: Document) -> None:
    delete = dict(document["changes"][0])
    delete["address"] = "relation.property_owner[p9,c9]"
    delete["before"] = {
        "association_key": "property_owner",
        "first": {"id": "p9", "alias": None},
        "second": {"id": "c9", "alias": None},
        "id": "65a0ffffffffffffffffffff",
    }
    document["changes"].append(delete)
    document["summary"]["destroy"] += 1


def _retarget_delete(document: Document) -> None:
    for change in document["changes"]:
        if change["action"] == "delete":
            change["before"]["id"] = "65a0eeeeeeeeeeeeeeeeeeee"


def _drop_creates(document: Document) -> None:
    document["changes"] = [c for c in document["changes"] if c["action"] != "create"]
    document["summary"]["add"] = 0


EDITS: dict[str, Callable[[Document], None]] = {
    "a delete added for an out-of-scope relation": _add_foreign_delete,
    "a planned delete pointed at another relation id": _retarget_delete,
    "planned creates removed": _drop_creates,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_plan_file_is_refused(seeded: Served, edit: str) -> None:
    plan_file = _plan(seeded)
    _edit(plan_file, EDITS[edit])
    assert "saved plan is stale" in _refused(seeded, str(plan_file))


def test_emptied_gates_do_not_skip_allow_destroy(seeded: Served) -> None:
    pruning = f"version: 1\nlocation: {LOCATION}\nprune: {{associations: true}}\n"
    write_config(seeded.workdir, pruning)
    plan_file = _plan(seeded)
    _edit(plan_file, lambda document: document.update(needs_allow_destroy=[]))
    assert "saved plan is stale" in _refused(seeded, str(plan_file))


def test_the_configuration_must_be_the_one_planned_from(seeded: Served) -> None:
    plan_file = _plan(seeded)
    write_config(seeded.workdir, BASE)
    stderr = _refused(seeded, str(plan_file))
    assert "is not the one the saved plan was made from" in stderr


def test_a_plan_for_no_environment_is_not_applied_with_another(seeded: Served) -> None:
    environments = (
        "environments:\n"
        f"  production: {{ location: {LOCATION}, token_env: GHL_TOKEN }}\n"
    )
    swapped = BASE.replace("[p2, c1]", "[p3, c1]")
    body = swapped.replace("version: 1\n", f"version: 1\n{environments}")
    write_config(seeded.workdir, body)
    plan_file = _plan(seeded)
    stderr = _refused(seeded, str(plan_file), "--env", "production")
    assert "made for no environment, not 'production'" in stderr


def test_an_unedited_plan_applies_and_says_it_matches(seeded: Served) -> None:
    plan_file = _plan(seeded)
    applied = seeded.run("apply", str(plan_file))
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "The location now matches the configuration." in applied.stdout
    expected = {("property_owner", "p1", "c1"), ("property_owner", "p3", "c1")}
    assert seeded.relations("c1") == expected
