"""The core journeys, run as a user would: the real command over real HTTP."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import (
    BUSINESSES,
    LOCATION,
    OWNER_ASSOCIATION,
    TOKEN,
    Served,
    dump,
    relations_yaml,
    run_on_terminal,
    was_contacted,
    write_config,
)

BASE = f"version: 1\nlocation: {LOCATION}\n{OWNER_ASSOCIATION}" + relations_yaml(
    {"property_owner": [("p1", "c1"), ("p2", "c1")], BUSINESSES: [("b1", "c1")]}
)


def test_create_from_empty_then_plan_shows_no_changes(served: Served) -> None:
    write_config(served.workdir, BASE)
    planned = served.run("plan", "--detailed-exitcode")
    assert planned.code == 2, planned.stderr
    assert '+ association "property_owner" {' in planned.stdout
    assert "+ relation property_owner[p1 -> c1]" in planned.stdout
    assert "Plan: 4 to add, 0 to change, 0 to destroy." in planned.stdout

    applied = served.run("apply", "--auto-approve")
    assert applied.code == 0, applied.stderr
    assert "Apply complete! 4 added, 0 changed, 0 destroyed." in applied.stdout
    assert "now matches" in applied.stdout
    assert served.relations("c1") == {
        ("property_owner", "p1", "c1"),
        ("property_owner", "p2", "c1"),
        (BUSINESSES, "b1", "c1"),
    }

    again = served.run("plan", "--detailed-exitcode")
    assert again.code == 0
    assert again.stdout.startswith("No changes.")


def test_label_change_is_an_in_place_update(served: Served) -> None:
    write_config(served.workdir, BASE)
    assert served.run("apply", "--auto-approve").code == 0
    before_id = served.associations()["property_owner"]["id"]
    write_config(served.workdir, BASE.replace("label: Owner", "label: Landlord"))

    planned = served.run("plan")
    assert "# association.property_owner will be updated in-place" in planned.stdout
    assert '~ second.label = "Owner" -> "Landlord"' in planned.stdout
    assert "Plan: 0 to add, 1 to change, 0 to destroy." in planned.stdout

    assert served.run("apply", "--auto-approve").code == 0
    after = served.associations()["property_owner"]
    assert (after["id"], after["secondObjectLabel"]) == (before_id, "Landlord")
    assert ("property_owner", "p1", "c1") in served.relations("c1")


def test_object_change_is_a_gated_replacement(served: Served) -> None:
    write_config(served.workdir, BASE)
    assert served.run("apply", "--auto-approve").code == 0
    old_id = served.associations()["property_owner"]["id"]
    changed = BASE.replace("object: custom_objects.property", "object: custom_objects.listing")
    changed = changed.replace("[p1, c1]", "[l1, c1]").replace("[p2, c1]", "[l2, c1]")  # listings
    write_config(served.workdir, changed)

    planned = served.run("plan")
    assert "must be replaced (first.object changed)" in planned.stdout
    assert '-/+ association "property_owner"' in planned.stdout
    assert "--allow-destroy" in planned.stdout + planned.stderr

    refused = served.run("apply", "--auto-approve")
    assert refused.code == 1
    assert "--allow-destroy" in refused.stderr
    assert served.associations()["property_owner"]["id"] == old_id

    replaced = served.run("apply", "--auto-approve", "--allow-destroy")
    assert replaced.code == 0, replaced.stdout + replaced.stderr
    association = served.associations()["property_owner"]
    assert association["id"] != old_id
    assert association["firstObjectKey"] == "custom_objects.listing"
    assert ("property_owner", "l1", "c1") in served.relations("c1")
    assert served.run("plan", "--detailed-exitcode").code == 0


def test_pruning_deletes_only_in_scope_relations(served: Served) -> None:
    write_config(served.workdir, BASE)
    assert served.run("apply", "--auto-approve").code == 0
    ids = {k: a["id"] for k, a in served.associations().items()}
    with served.api() as api:
        for association, first, second in [
            ("property_owner", "p1", "c9"),  # in scope: p1 is listed for property_owner
            ("property_owner", "p7", "c8"),  # out of scope: neither record is listed
            (BUSINESSES, "b1", "c7"),  # in scope: b1 is listed for BUSINESSES
        ]:
            served.hold_pair(ids[association], first, second)
            created = api.post(
                "/associations/relations",
                json={
                    "locationId": LOCATION,
                    "associationId": ids[association],
                    "firstRecordId": first,
                    "secondRecordId": second,
                },
            )
            assert created.status_code == 201, created.text

    planned = served.run("plan")
    assert "- relation property_owner[p1 -> c9]" in planned.stdout
    assert f"- relation {BUSINESSES}[b1 -> c7]" in planned.stdout
    assert "p7" not in planned.stdout
    assert "Plan: 0 to add, 0 to change, 2 to destroy." in planned.stdout

    assert served.run("apply", "--auto-approve").code == 0
    assert served.relations("p7") == {("property_owner", "p7", "c8")}
    assert served.relations("c9") == set()


def test_relations_on_a_system_defined_association(served: Served) -> None:
    config = f"""
    version: 1
    location: {LOCATION}
    relations:
      {BUSINESSES}:
        - [b1, c1]
        - [b1, c2]
    """
    write_config(served.workdir, config)
    assert served.associations()[BUSINESSES]["associationType"] == "SYSTEM_DEFINED"
    applied = served.run("apply", "--auto-approve")
    assert applied.code == 0, applied.stderr
    assert "Apply complete! 2 added, 0 changed, 0 destroyed." in applied.stdout
    assert served.relations("b1") == {(BUSINESSES, "b1", "c1"), (BUSINESSES, "b1", "c2")}
    assert BUSINESSES in served.associations()


def test_a_second_business_for_one_contact_is_refused_at_plan_time(served: Served) -> None:
    config = f"""
    version: 1
    location: {LOCATION}
    relations:
      {BUSINESSES}:
        - [b1, c1]
        - [b2, c1]
    """
    write_config(served.workdir, config)
    served.hold({"business": ["b1", "b2"], "contact": ["c1"]})  # the location exists, seeded
    before = dump(served.state_dump())
    for command in (["plan"], ["apply", "--auto-approve"]):
        refused = served.run(*command)
        assert refused.code == 1
        assert "ghlsync.yaml:6:" in refused.stderr
        assert "c1 would be linked to 2 business records (b1, b2" in refused.stderr
        assert f"{BUSINESSES} allows at most 1" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert dump(served.state_dump()) == before


def test_the_sandbox_itself_refuses_a_relation_past_the_limit(served: Served) -> None:
    """What GHL answers when a relation past a limit is created anyway (another writer)."""
    body = {"locationId": LOCATION, "associationId": BUSINESSES}
    served.hold({"business": ["b1", "b2"], "contact": ["c1"]})
    with served.api() as api:
        first, second = (
            api.post("/associations/relations", json={**body, **pair})
            for pair in ({"firstRecordId": "b1", "secondRecordId": "c1"},
                         {"firstRecordId": "b2", "secondRecordId": "c1"})
        )
    assert first.status_code == 201, first.text
    assert second.status_code == 400
    assert "Association limit reached" in second.text


def test_declaring_a_system_association_differently_is_an_error(served: Served) -> None:
    config = f"""
    version: 1
    location: {LOCATION}
    associations:
      - key: BUSINESSES_CONTACTS_ASSOCIATION
        first: {{object: business, label: Company}}
        second: {{object: contact, label: Person}}
    """
    path = write_config(served.workdir, config)
    planned = served.run("plan", "-c", str(path))
    assert planned.code == 1
    assert "ghlsync.yaml:4" in planned.stderr and "SYSTEM_DEFINED" in planned.stderr


def test_refusal_without_approval_changes_nothing(served: Served) -> None:
    write_config(served.workdir, BASE)
    assert served.run("plan").code == 0  # the sandbox seeds a location on its first read
    before = dump(served.state_dump())
    refused = served.run("apply")
    assert refused.code == 1
    assert "nothing was changed" in refused.stderr
    declined = served.run("apply", "--no-color", stdin="no\n")
    assert declined.code == 1
    assert dump(served.state_dump()) == before


def test_invalid_file_sends_no_request(tmp_path: Path, silent_port) -> None:
    url, listener = silent_port
    write_config(
        tmp_path,
        """
        version: 1
        location: loc_x
        associations:
          - key: a
            first: {object: custom_objects.thing, label: Thing}
            second: {object: contacts, label: Person}
            second: {object: contact, label: Person}
        """,
    )
    from tests.e2e.conftest import run_ghlsync

    network = ["--base-url", url]
    for command in (["plan", *network], ["apply", "--auto-approve", *network], ["validate"]):
        result = run_ghlsync(tmp_path, *command)
        assert result.code == 1
        assert "ghlsync.yaml:6" in result.stderr and "ghlsync.yaml:7" in result.stderr
        assert "Traceback" not in result.stderr
    assert not was_contacted(listener)


def test_the_token_never_appears_in_output(served: Served) -> None:
    write_config(served.workdir, BASE)
    outputs = [
        served.run("plan", "-v"),
        served.run("apply", "--auto-approve", "-v"),
        served.run("plan", "--format", "json", "--out", "plan.json", "-v"),
    ]
    for result in outputs:
        assert TOKEN not in result.stdout + result.stderr
    assert "GET /associations/" in outputs[0].stderr
    assert TOKEN not in (served.workdir / "plan.json").read_text()


def test_typing_yes_on_a_terminal_applies(served: Served) -> None:
    write_config(served.workdir, BASE)
    code, output = run_on_terminal(served, ["apply"], "yes")
    assert code == 0, output
    assert "Do you want to perform these actions? Only 'yes' will be accepted:" in output
    assert "Apply complete! 4 added, 0 changed, 0 destroyed." in output
    assert ("property_owner", "p1", "c1") in served.relations("c1")


def test_anything_but_yes_on_a_terminal_changes_nothing(served: Served) -> None:
    write_config(served.workdir, BASE)
    assert served.run("plan").code == 0
    before = dump(served.state_dump())
    code, output = run_on_terminal(served, ["apply"], "y")
    assert code == 1
    assert "apply cancelled: nothing was changed" in output
    assert dump(served.state_dump()) == before
