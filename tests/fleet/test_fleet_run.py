"""Plan and apply a fleet over the in-process sandbox: every gate first, canaries, isolation,
--max-failures, convergence."""

from __future__ import annotations

import json
from pathlib import Path

from ghlsync.fleet import FleetRun, apply_fleet, plan_fleet
from tests.fleet.fleet_helpers import (
    LOCATIONS,
    FailingWrites,
    associations,
    fleet_run,
    write_fleet,
)

PRUNING = """
version: 1
prune: { associations: true }
associations:
  - key: property_owner
    first: { object: business, label: Company }
    second: { object: contact, label: Owner }
fleet:
  company_id: comp_1
  agency_token_env: GHL_AGENCY_TOKEN
  members:
    acme: { location: loc_acme }
    globex: { location: loc_glbx }
    initech: { location: loc_init }
"""
OLD_ASSOCIATION = {
    "id": "old_1", "key": "old_key", "associationType": "USER_DEFINED",
    "firstObjectKey": "contact", "firstObjectLabel": "A",
    "secondObjectKey": "contact", "secondObjectLabel": "B",
}


def _fail_writes(run: FleetRun, locations: set[str]) -> None:
    inner = run.connection._transport
    assert inner is not None
    run.connection._transport = FailingWrites(inner, locations)


def _statuses(result: object) -> dict[str, str]:
    return {o.member.name: o.status.value for o in result.outcomes}  # type: ignore[attr-defined]


def test_plan_fleet_plans_every_member_with_its_own_vars(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    with fleet_run(config, state) as run:
        result = plan_fleet(run)
    assert _statuses(result) == dict.fromkeys(LOCATIONS, "planned")
    labels = {
        o.member.name: o.plan.changes[0].after.second.label  # type: ignore[union-attr]
        for o in result.outcomes
    }
    assert labels == {"acme": "Owner", "globex": "Landlord", "initech": "Owner"}
    assert result.has_changes and result.ok


def test_apply_fleet_applies_every_member_and_a_rerun_converges(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    with fleet_run(config, state) as run:
        result = apply_fleet(run)
    assert _statuses(result) == dict.fromkeys(LOCATIONS, "applied")
    for location in LOCATIONS.values():
        assert set(associations(state, location)) == {"property_owner"}
    with fleet_run(config, state) as run:
        again = apply_fleet(run)
    assert again.ok and not again.has_changes


def test_one_members_gate_stops_every_write_to_every_member(tmp_path: Path) -> None:
    places = {loc: {} for loc in LOCATIONS.values()}
    places["loc_glbx"] = {"associations": [OLD_ASSOCIATION]}
    config, state = write_fleet(tmp_path, PRUNING, locations=places)
    before = state.read_text()
    with fleet_run(config, state) as run:
        result = apply_fleet(run)
    assert _statuses(result) == {"acme": "not run", "globex": "refused", "initech": "not run"}
    assert result.stopped is not None and "globex" in result.stopped
    assert not result.ok
    assert json.loads(state.read_text()) == json.loads(before)


def test_with_allow_destroy_the_same_fleet_applies(tmp_path: Path) -> None:
    places = {loc: {} for loc in LOCATIONS.values()}
    places["loc_glbx"] = {"associations": [OLD_ASSOCIATION]}
    config, state = write_fleet(tmp_path, PRUNING, locations=places)
    with fleet_run(config, state) as run:
        result = apply_fleet(run, allow_destroy=True)
    assert result.ok
    assert "old_key" not in associations(state, "loc_glbx")


def test_a_record_reference_missing_in_one_member_stops_every_write(tmp_path: Path) -> None:
    config_text = PRUNING.replace("prune: { associations: true }\n", "") + """
records:
  jane: { object: contact, email: jane@example.com }
  omar: { object: contact, email: omar@example.com }
relations:
  buddies:
    - [jane, omar]
"""
    config_text = config_text.replace("associations:\n", """associations:
  - key: buddies
    first: { object: contact, label: Buddy }
    second: { object: contact, label: Pal }
""", 1)
    people = {"contact": [{"id": "c_jane", "email": "jane@example.com"},
                          {"id": "c_omar", "email": "omar@example.com"}]}
    places = {loc: {"records": people} for loc in LOCATIONS.values()}
    places["loc_init"] = {"records": {"contact": people["contact"][:1]}}
    config, state = write_fleet(tmp_path, config_text, locations=places)
    before = state.read_text()
    with fleet_run(config, state) as run:
        result = apply_fleet(run)
    assert _statuses(result) == {"acme": "not run", "globex": "not run", "initech": "refused"}
    initech = next(o for o in result.outcomes if o.member.name == "initech")
    assert initech.error is not None and "omar@example.com" in initech.error
    assert json.loads(state.read_text()) == json.loads(before)


def test_a_failed_canary_leaves_the_rest_untouched(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    with fleet_run(config, state) as run:
        _fail_writes(run, {"loc_acme"})
        result = apply_fleet(run, canary=["acme"])
    assert _statuses(result) == {"acme": "failed", "globex": "not run", "initech": "not run"}
    assert result.stopped == "a canary member failed"
    assert associations(state, "loc_glbx") == associations(state, "loc_init") == {}


def test_a_members_failure_is_isolated(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    with fleet_run(config, state) as run:
        _fail_writes(run, {"loc_glbx"})
        result = apply_fleet(run, canary=["acme"])
    assert _statuses(result) == {"acme": "applied", "globex": "failed", "initech": "applied"}
    assert not result.ok and result.stopped is None
    assert set(associations(state, "loc_init")) == {"property_owner"}


def test_max_failures_stops_starting_members(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    with fleet_run(config, state, members_at_once=1) as run:
        _fail_writes(run, set(LOCATIONS.values()))
        result = apply_fleet(run, max_failures=1)
    assert _statuses(result) == {"acme": "failed", "globex": "not run", "initech": "not run"}
    assert result.stopped == "1 member(s) failed (--max-failures 1)"


def test_without_max_failures_every_member_is_tried(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    with fleet_run(config, state, members_at_once=1) as run:
        _fail_writes(run, set(LOCATIONS.values()))
        result = apply_fleet(run)
    assert set(_statuses(result).values()) == {"failed"}


def test_a_member_that_cannot_get_a_token_fails_alone(tmp_path: Path) -> None:
    places = {"loc_acme": {}, "loc_glbx": {}}  # loc_init is no sub-account of this agency
    config, state = write_fleet(tmp_path, locations=places)
    with fleet_run(config, state) as run:
        result = plan_fleet(run)
    assert _statuses(result) == {"acme": "planned", "globex": "planned", "initech": "failed"}
    initech = next(o for o in result.outcomes if o.member.name == "initech")
    assert initech.error is not None and "Location not found" in initech.error


def test_minted_tokens_are_reused_between_plan_and_apply(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    with fleet_run(config, state) as run:
        apply_fleet(run)
        assert run.connection.tokens_minted == 3


def test_members_are_planned_at_the_same_time(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    seen: set[int] = set()
    with fleet_run(config, state, members_at_once=3) as run:
        inner = run.connection._transport
        assert inner is not None

        class Watch(FailingWrites):
            def handle_request(self, request):  # type: ignore[no-untyped-def]
                import threading
                import time

                seen.add(threading.get_ident())
                time.sleep(0.05)
                return super().handle_request(request)

        run.connection._transport = Watch(inner, set())  # type: ignore[arg-type]
        plan_fleet(run)
    assert len(seen) >= 2


def test_the_text_output_names_a_members_failed_operations(tmp_path: Path) -> None:
    import io

    from ghlsync.fleet.render import render_fleet_text

    config, state = write_fleet(tmp_path)
    with fleet_run(config, state) as run:
        _fail_writes(run, {"loc_glbx"})
        result = apply_fleet(run)
    out = io.StringIO()
    render_fleet_text(result, out, color=False)
    assert "Error: some operations failed or were not done\n  association.property_owner: " \
        "POST /associations/: HTTP 400: refused" in out.getvalue()


def test_an_excluded_key_is_neither_applied_nor_pruned(tmp_path: Path) -> None:
    text = PRUNING.replace("""associations:
""", """associations:
  - key: old_key
    first: { object: contact, label: A2 }
    second: { object: contact, label: B2 }
""", 1).replace("globex: { location: loc_glbx }",
                "globex: { location: loc_glbx, exclude: [old_key] }")
    places = {loc: {} for loc in LOCATIONS.values()}
    places["loc_glbx"] = {"associations": [OLD_ASSOCIATION]}
    config, state = write_fleet(tmp_path, text, locations=places)
    with fleet_run(config, state) as run:
        result = apply_fleet(run)
    assert result.ok, [o.error for o in result.outcomes]
    assert associations(state, "loc_glbx")["old_key"]["firstObjectLabel"] == "A"
    assert associations(state, "loc_acme")["old_key"]["firstObjectLabel"] == "A2"


def test_an_interruption_after_planning_writes_nothing(tmp_path: Path) -> None:
    config, state = write_fleet(tmp_path)
    before = state.read_text()
    with fleet_run(config, state) as run:
        result = apply_fleet(run, approve=lambda _planned: run.stop.set())
    assert result.interrupted and not result.ok
    assert set(_statuses(result).values()) == {"not run"}
    assert json.loads(state.read_text()) == json.loads(before)
