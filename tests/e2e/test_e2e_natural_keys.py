"""Records by natural key, end to end: promotion without an id table, each path, each error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.conftest import Result, Served, dump, write_config

STAGING, PRODUCTION = "loc_nk_stg", "loc_nk_prd"
PROPERTY = "custom_objects.property"
DUPLICATE_SEARCH = "GET /contacts/search/duplicate"


def records(prefix: str) -> dict[str, list[Any]]:
    """The same people and things in a location, under ids that start with ``prefix``."""
    return {
        "contact": [
            {"id": f"{prefix}_jane", "email": "jane@example.com", "firstName": "Jane"},
            {"id": f"{prefix}_omar", "email": "omar@example.com", "phone": "+15550100"},
        ],
        "business": [{"id": f"{prefix}_acme", "name": "Acme Inc"}],
        "opportunity": [{"id": f"{prefix}_deal", "name": "Villa sale"}],
        PROPERTY: [
            {"id": f"{prefix}_villa", "mls_number": "A-1001"},
            {"id": f"{prefix}_loft", "mls_number": "A-1002"},
        ],
    }


def seed(served: Served, location: str, data: dict[str, list[Any]]) -> None:
    with served.api() as api:
        answer = api.post("/_sandbox/records", json={"locationId": location, "records": data})
    assert answer.status_code == 200, answer.text


CONFIG = f"""
version: 1
environments:
  staging:    {{ location: {STAGING} }}
  production: {{ location: {PRODUCTION} }}
associations:
  - key: property_owner
    first:  {{ object: custom_objects.property, label: Property }}
    second: {{ object: contact, label: Owner }}
  - key: employer
    first:  {{ object: business, label: Employer }}
    second: {{ object: contact, label: Employee }}
  - key: deal_buyer
    first:  {{ object: opportunity, label: Deal }}
    second: {{ object: contact, label: Buyer }}
records:
  villa: {{ object: custom_objects.property, mls_number: "A-1001" }}
  loft:  {{ object: custom_objects.property, mls_number: "A-1002" }}
  jane:  {{ object: contact, email: JANE@example.com }}
  omar:  {{ object: contact, phone: "+1 555 0100" }}
  acme:  {{ object: business, name: Acme Inc }}
  deal:  {{ object: opportunity, name: Villa sale }}
relations:
  property_owner:
    - [villa, jane]
    - [loft, omar]
  employer:
    - [acme, jane]
  deal_buyer:
    - [deal, omar]
"""


@pytest.fixture
def both(served: Served) -> Served:
    seed(served, STAGING, records("s"))
    seed(served, PRODUCTION, records("p"))
    return served


def relations_of(served: Served, location: str, record: str) -> set[tuple[str, str, str]]:
    return served.relations(record, location)


def test_a_file_of_natural_keys_promotes_without_an_id_table(both: Served) -> None:
    write_config(both.workdir, CONFIG)
    for environment, prefix in (("staging", "s"), ("production", "p")):
        planned = both.run("plan", "--env", environment)
        assert planned.code == 0, planned.stderr
        assert f"villa({prefix}_villa) -> jane({prefix}_jane)" in planned.stdout
        applied = both.run("apply", "--env", environment, "--auto-approve")
        assert applied.code == 0, applied.stderr
        location = STAGING if prefix == "s" else PRODUCTION
        assert ("property_owner", f"{prefix}_villa", f"{prefix}_jane") in relations_of(
            both, location, f"{prefix}_jane"
        )
        again = both.run("plan", "--env", environment)
        assert again.code == 0 and "No changes." in again.stdout


def test_json_plan_lists_every_resolution(both: Served) -> None:
    write_config(both.workdir, CONFIG)
    planned = both.run("plan", "--env", "production", "--format", "json")
    assert planned.code == 0, planned.stderr
    resolved = json.loads(planned.stdout)["resolved"]
    assert resolved["jane"] == {
        "object": "contact", "property": "email", "value": "JANE@example.com", "id": "p_jane"
    }
    assert {alias: r["id"] for alias, r in resolved.items()} == {
        "villa": "p_villa", "loft": "p_loft", "jane": "p_jane", "omar": "p_omar",
        "acme": "p_acme", "deal": "p_deal",
    }
    markdown = both.run("plan", "--env", "production", "--format", "markdown")
    assert "jane &lt;JANE@&#8203;example.com&gt;" in markdown.stdout  # jane <JANE@…>, no link


def verbose_requests(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if " /" in line]


def test_each_object_takes_its_cheapest_path(both: Served) -> None:
    write_config(both.workdir, CONFIG)
    planned = both.run("plan", "--env", "production", "-v")
    assert planned.code == 0, planned.stderr
    log = "\n".join(verbose_requests(planned))
    assert "POST /contacts/search " in log  # two contacts, one page: the listing
    assert "GET /contacts/search/duplicate" not in log
    assert "GET /businesses/" in log  # no search for businesses: the listing
    assert "GET /opportunities/search" in log  # one key: a lookup
    assert log.count(f"POST /objects/{PROPERTY}/records/search") == 1  # two keys, one page


@pytest.mark.parametrize(
    ("entry", "endpoint", "record_id"),
    [
        ("{ object: contact, email: jane@example.com }", DUPLICATE_SEARCH, "p_jane"),
        ('{ object: contact, phone: "+15550100" }', DUPLICATE_SEARCH, "p_omar"),
        ('{ object: custom_objects.property, mls_number: "A-1002" }',
         f"POST /objects/{PROPERTY}/records/search", "p_loft"),
        ("{ object: opportunity, name: Villa sale }", "GET /opportunities/search", "p_deal"),
        ("{ object: business, name: Acme Inc }", "GET /businesses/", "p_acme"),
    ],
)
def test_a_single_key_is_looked_up(both: Served, entry: str, endpoint: str, record_id: str) -> None:
    write_config(both.workdir, f"""
    version: 1
    location: {PRODUCTION}
    records:
      one: {entry}
    managed_records: [one]
    """)
    planned = both.run("plan", "-v", "--format", "json")
    assert planned.code == 0, planned.stderr
    assert json.loads(planned.stdout)["resolved"]["one"]["id"] == record_id
    requests = verbose_requests(planned)
    assert sum(endpoint in line for line in requests) == 1
    assert not any("search" in line or "businesses" in line
                   for line in requests if endpoint not in line)


def refuse(served: Served, config: str, *expected: str) -> None:
    write_config(served.workdir, config)
    before = dump(served.state_dump())
    result = served.run("plan", "--env", "production")
    assert result.code == 1, result.stdout
    for text in expected:
        assert text in result.stderr
    applied = served.run("apply", "--env", "production", "--auto-approve")
    assert applied.code == 1
    assert dump(served.state_dump()) == before


def test_an_email_that_matches_two_contacts_is_refused(both: Served) -> None:
    twins = records("p")
    twins["contact"].append({"id": "p_jane2", "email": "Jane@Example.com"})
    seed(both, PRODUCTION, twins)
    refuse(
        both,
        CONFIG,
        "record 'jane' (contact email 'JANE@example.com'): 2 records match in location "
        f"{PRODUCTION}: p_jane, p_jane2",
        "ghlsync.yaml:18",
    )


def test_a_property_the_object_does_not_have_is_refused(both: Served) -> None:
    refuse(both, CONFIG.replace("email: JANE@example.com", "name: Jane"),
           "ghlsync.yaml:18", "contact records are found by email or phone, not 'name'")
    custom = CONFIG.replace('mls_number: "A-1002"', 'listing_code: "A-1002"')
    refuse(both, custom, "record 'loft'", "has a property 'listing_code'")


def test_a_value_with_spaces_or_empty_is_refused(both: Served) -> None:
    refuse(both, CONFIG.replace("name: Acme Inc", "name: ' Acme Inc'"),
           "ghlsync.yaml:20", "has leading or trailing spaces")
    refuse(both, CONFIG.replace("name: Villa sale", "name: ''"),
           "ghlsync.yaml:21", "must not be empty")


def test_a_custom_object_missing_from_the_location_is_refused(both: Served) -> None:
    data = records("p")
    del data[PROPERTY]
    seed(both, PRODUCTION, data)
    refuse(both, CONFIG, f"the custom object {PROPERTY} does not exist in the location")


def test_a_key_that_matches_nothing_is_refused_with_the_others(both: Served) -> None:
    config = CONFIG.replace("Acme Inc", "Acme Corp").replace("A-1001", "Z-9")
    refuse(both, config, "2 record keys could not be resolved",
           "record 'acme' (business name 'Acme Corp'): no record matches",
           "record 'villa' (custom_objects.property mls_number 'Z-9'): no record matches")


def test_a_saved_plan_with_natural_keys_applies_as_reviewed(both: Served) -> None:
    write_config(both.workdir, CONFIG)
    planned = both.run("plan", "--env", "production", "--out", "plan.json")
    assert planned.code == 0, planned.stderr
    applied = both.run("apply", "plan.json")
    assert applied.code == 0, applied.stderr
    assert ("property_owner", "p_loft", "p_omar") in relations_of(both, PRODUCTION, "p_omar")


def test_a_saved_plan_whose_keys_moved_is_stale(both: Served) -> None:
    write_config(both.workdir, CONFIG)
    planned = both.run("plan", "--env", "production", "--out", "plan.json")
    assert planned.code == 0, planned.stderr
    moved = records("p")
    moved["contact"][0]["id"] = "p_jane_new"
    seed(both, PRODUCTION, moved)
    before = dump(both.state_dump())
    applied = both.run("apply", "plan.json", "--env", "production")
    assert applied.code == 1
    assert "saved plan is stale" in applied.stderr
    assert "record 'jane'" in applied.stderr and "now resolves to p_jane_new" in applied.stderr
    assert dump(both.state_dump()) == before


def test_export_with_natural_keys_plans_cleanly_in_another_location(both: Served) -> None:
    write_config(both.workdir, CONFIG)
    assert both.run("apply", "--env", "staging", "--auto-approve").code == 0
    assert both.run("apply", "--env", "production", "--auto-approve").code == 0
    exported = both.run(
        "export", "--location", STAGING, "--record", "s_villa", "--record", "s_loft",
        "--natural-keys", "--key", f"{PROPERTY}=mls_number", "-o", "exported.yaml",
    )
    assert exported.code == 0, exported.stderr
    text = (both.workdir / "exported.yaml").read_text()
    declared = yaml.safe_load(text)["records"]
    assert declared["jane"] == {"object": "contact", "email": "jane@example.com"}
    assert declared["a-1001"] == {"object": PROPERTY, "mls_number": "A-1001"}
    staging_ids = [entry["id"] for entries in records("s").values() for entry in entries]
    assert not [record_id for record_id in staging_ids if record_id in text]
    planned = both.run("plan", "-c", "exported.yaml", "--location", PRODUCTION)
    assert planned.code == 0, planned.stderr
    assert "No changes." in planned.stdout


# --- the promotion walk-through (examples/promotion) -------------------------------------

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "promotion"
EXAMPLE_TOKENS = {"GHL_TOKEN_STAGING": "stg-0a1b2c", "GHL_TOKEN_PRODUCTION": "prd-3d4e5f"}


def test_the_promotion_example_needs_no_id_table(served: Served) -> None:
    (served.workdir / "ghlsync.yaml").write_text((EXAMPLE / "ghlsync.yaml").read_text())
    seed_state = json.loads((EXAMPLE / "sandbox-seed.json").read_text())
    with served.api() as api:
        assert api.put("/_sandbox/state", json=seed_state).status_code == 200

    def run(*args: str) -> Result:
        return served.run(*args, env=EXAMPLE_TOKENS)

    for environment in ("staging", "production"):
        applied = run("apply", "--env", environment, "--auto-approve")
        assert applied.code == 0, applied.stderr
    assert "sunset_villa(77b1cc02) -> jane(c_prd_9)" in applied.stdout
    again = run("plan", "--env", "production", "--detailed-exitcode")
    assert again.code == 0 and "No changes." in again.stdout
    compared = run("diff", "--env", "staging", "--env", "production")
    assert compared.code == 0 and "No differences." in compared.stdout
    exported = run("export", "--env", "staging", "--records-from", "ghlsync.yaml",
                   "--natural-keys", "-o", "exported.yaml")
    assert exported.code == 0, exported.stderr
    promoted = run("plan", "-c", "exported.yaml", "--env", "production", "--detailed-exitcode")
    assert promoted.code == 0 and "No changes." in promoted.stdout
