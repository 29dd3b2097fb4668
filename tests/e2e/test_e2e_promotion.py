"""Promotion, diff, export and graph (issue 5), run as a user would against a served sandbox."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import yaml

from tests.e2e.conftest import (
    BUSINESSES,
    Result,
    Served,
    run_ghlsync,
    was_contacted,
    write_config,
)

STAGING, PRODUCTION = "loc_stg", "loc_prd"
TOKENS = {"GHL_TOKEN_STG": "stg-secret-9f8e7d6c5b4a", "GHL_TOKEN_PRD": "prd-secret-1a2b3c4d5e6f"}
PROMOTED = f"""
version: 1
environments:
  staging:    {{ location: {STAGING}, token_env: GHL_TOKEN_STG }}
  production: {{ location: {PRODUCTION}, token_env: GHL_TOKEN_PRD }}
associations:
  - key: property_owner
    first:  {{ object: custom_objects.property, label: Property }}
    second: {{ object: contact, label: Owner }}
records:
  villa: {{ staging: "p_s1", production: "p_p1" }}
  loft:  {{ staging: "p_s2", production: "p_p2" }}
  jane:  {{ staging: "c_s1", production: "c_p1" }}
  acme:  {{ staging: "b_s1", production: "b_p1" }}
relations:
  property_owner:
    - [villa, jane]
    - [loft, jane]
  BUSINESSES_CONTACTS_ASSOCIATION:
    - [acme, jane]
"""


def run(served: Served, *args: str) -> Result:
    return served.run(*args, env=TOKENS)


def assert_no_token(*results: Result) -> None:
    for result in results:
        for token in TOKENS.values():
            assert token not in result.stdout + result.stderr


def promote_both(served: Served) -> None:
    write_config(served.workdir, PROMOTED)
    for environment in ("staging", "production"):
        applied = run(served, "apply", "--env", environment, "--auto-approve")
        assert applied.code == 0, applied.stderr


def api_relation(served: Served, location: str, key: str, first: str, second: str) -> None:
    association_id = served.associations(location)[key]["id"]
    body = {"locationId": location, "associationId": association_id}
    served.hold_pair(association_id, first, second, location)
    with served.api() as api:
        answer = api.post(
            "/associations/relations",
            json={**body, "firstRecordId": first, "secondRecordId": second},
        )
    assert answer.status_code == 201, answer.text


def api_association(served: Served, location: str, key: str, first: str, second: str) -> None:
    objects = {"firstObjectKey": first, "secondObjectKey": second}
    labels = {"firstObjectLabel": f"{key} A", "secondObjectLabel": f"{key} B"}
    with served.api() as api:
        answer = api.post(
            "/associations/", json={"locationId": location, "key": key, **objects, **labels}
        )
    assert answer.status_code == 201, answer.text


# --- promotion ---------------------------------------------------------------------------


def test_one_file_gives_each_environment_its_own_records(served: Served) -> None:
    write_config(served.workdir, PROMOTED)
    planned = run(served, "plan", "--env", "production")
    assert planned.code == 0, planned.stderr
    assert f"on location {PRODUCTION} (production)" in planned.stdout
    assert "+ relation property_owner[villa(p_p1) -> jane(c_p1)]" in planned.stdout
    assert "+ relation BUSINESSES_CONTACTS_ASSOCIATION[acme(b_p1) -> jane(c_p1)]" in planned.stdout

    promote_both(served)
    assert served.relations("c_s1", STAGING) == {
        ("property_owner", "p_s1", "c_s1"),
        ("property_owner", "p_s2", "c_s1"),
        (BUSINESSES, "b_s1", "c_s1"),
    }
    assert served.relations("c_p1", PRODUCTION) == {
        ("property_owner", "p_p1", "c_p1"),
        ("property_owner", "p_p2", "c_p1"),
        (BUSINESSES, "b_p1", "c_p1"),
    }
    assert served.relations("c_s1", PRODUCTION) == set()
    for environment in ("staging", "production"):
        again = run(served, "plan", "--env", environment, "--detailed-exitcode")
        assert (again.code, again.stdout.startswith("No changes.")) == (0, True), again.stdout
        assert_no_token(again)


def test_each_environment_uses_its_own_token_variable(
    tmp_path: Path, silent_port: tuple[str, socket.socket]
) -> None:
    url, listener = silent_port
    write_config(tmp_path, PROMOTED)
    only_staging = {"GHL_TOKEN_STG": TOKENS["GHL_TOKEN_STG"]}
    result = run_ghlsync(
        tmp_path, "plan", "--env", "production", "--base-url", url, env=only_staging
    )
    assert result.code == 1
    assert "GHL_TOKEN_PRD" in result.stderr
    assert not was_contacted(listener)


def test_alias_missing_for_the_environment_is_an_error_before_any_request(
    tmp_path: Path, silent_port: tuple[str, socket.socket]
) -> None:
    url, listener = silent_port
    write_config(tmp_path, PROMOTED.replace(', production: "c_p1"', ""))
    commands = [
        ["plan", "--env", "production"],
        ["apply", "--env", "production", "--auto-approve"],
        ["diff", "--env", "staging", "--env", "production"],
        ["export", "--env", "production", "--records-from", "ghlsync.yaml"],
    ]
    for command in commands:
        result = run_ghlsync(tmp_path, *command, "--base-url", url, env=TOKENS)
        assert result.code == 1, command
        assert "ghlsync.yaml:" in result.stderr
        assert "'jane'" in result.stderr and "'production'" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not was_contacted(listener)


# --- diff --------------------------------------------------------------------------------


def test_diff_of_equal_environments_reports_no_differences(served: Served) -> None:
    promote_both(served)
    by_env = run(served, "diff", "--env", "staging", "--env", "production")
    by_location = run(served, "diff", "--location", STAGING, "--location", PRODUCTION)
    for result in (by_env, by_location):
        assert result.code == 0, result.stdout + result.stderr
        assert "No differences." in result.stdout
    assert_no_token(by_env, by_location)


def test_diff_reports_a_label_difference_and_a_missing_relation(served: Served) -> None:
    promote_both(served)
    owner = served.associations(STAGING)["property_owner"]
    with served.api() as api:
        api.put(
            f"/associations/{owner['id']}",
            json={"firstObjectLabel": "Property", "secondObjectLabel": "Landlord"},
        ).raise_for_status()
        listed = api.get(
            "/associations/relations/p_p2",
            params={"locationId": PRODUCTION, "skip": 0, "limit": 100},
        )
        (relation,) = listed.json()["relations"]
        relation_id = relation.get("relationId", relation.get("id"))  # captured: relationId
        api.delete(
            f"/associations/relations/{relation_id}", params={"locationId": PRODUCTION}
        ).raise_for_status()

    result = run(served, "diff", "--env", "staging", "--env", "production")
    assert result.code == 2, result.stderr
    assert (
        '~ association "property_owner" labels differ: "Property" ↔ "Landlord" in staging, '
        '"Property" ↔ "Owner" in production'
    ) in result.stdout
    assert "< relation property_owner[loft -> jane] only in staging" in result.stdout
    assert "Locations differ: 2 differences." in result.stdout
    assert_no_token(result)

    raw = run(served, "diff", "--location", STAGING, "--location", PRODUCTION)
    assert raw.code == 2
    assert 'association "property_owner" labels differ' in raw.stdout


def test_diff_usage_errors_exit_1(served: Served) -> None:
    write_config(served.workdir, PROMOTED)
    for args in (["--env", "staging"], ["--env", "staging", "--location", PRODUCTION], []):
        result = run(served, "diff", *args)
        assert result.code == 1, args
        assert "--env A --env B or --location X --location Y" in result.stderr


# --- export ------------------------------------------------------------------------------


def build_rich_location(served: Served, location: str) -> None:
    """Several USER_DEFINED associations, system relations, records on both sides."""
    served.associations(location)  # the sandbox seeds the location (and its system associations)
    api_association(served, location, "property_owner", "custom_objects.property", "contact")
    api_association(served, location, "deal_buyer", "opportunity", "contact")
    api_association(served, location, "mentor", "contact", "contact")
    api_association(served, location, "unused_link", "business", "custom_objects.car")
    for key, first, second in [
        ("property_owner", "p1", "c1"),  # c1 is exported: on the second side
        ("property_owner", "p2", "c1"),
        ("property_owner", "p2", "c5"),  # reached through p2, not through an exported record
        ("property_owner", "p9", "c9"),  # unrelated to the exported records
        ("deal_buyer", "o1", "c2"),  # o1 is exported: on the first side
        ("mentor", "c1", "c2"),  # c1 on the first side of a self-association
        ("mentor", "c3", "c1"),  # and on the second
        (BUSINESSES, "b1", "c1"),  # SYSTEM_DEFINED
        (BUSINESSES, "b1", "c4"),
    ]:
        api_relation(served, location, key, first, second)


def test_export_round_trip_plans_no_changes(served: Served) -> None:
    location = "loc_export"
    build_rich_location(served, location)
    records = ("--record", "c1", "--record", "o1", "--record", "c_lonely")
    exported = served.run("export", "--location", location, *records, "-o", "out.yaml")
    assert exported.code == 0, exported.stderr
    text = (served.workdir / "out.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=ghlsync.schema.json\n# Exported by")
    assert f"from location {location}" in text
    document = yaml.safe_load(text)
    declared = [a["key"] for a in document["associations"]]
    assert declared == ["deal_buyer", "mentor", "property_owner", "unused_link"]
    assert document["relations"][BUSINESSES] == [["b1", "c1"], ["b1", "c4"]]
    assert ["p2", "c5"] in document["relations"]["property_owner"]
    assert ["p9", "c9"] not in document["relations"]["property_owner"]
    assert document["managed_records"] == ["c_lonely"]

    planned = served.run("plan", "-c", "out.yaml", "--location", location, "--detailed-exitcode")
    assert planned.code == 0, planned.stdout + planned.stderr
    assert planned.stdout.startswith("No changes.")

    again = served.run("export", "--location", location, *records)
    assert _without_header(again.stdout) == _without_header(text)


def _without_header(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("# Exported"))


def test_export_with_aliases_round_trips_per_environment(served: Served) -> None:
    promote_both(served)
    api_relation(served, STAGING, "property_owner", "p_s3", "c_s1")  # an unaliased record
    from_file = ("--records-from", "ghlsync.yaml")
    exported = run(served, "export", "--env", "staging", *from_file, "-o", "exported.yaml")
    assert exported.code == 0, exported.stderr
    text = (served.workdir / "exported.yaml").read_text()
    assert "(staging)" in text.splitlines()[1]
    relations = yaml.safe_load(text)["relations"]
    assert relations["property_owner"] == [["loft", "jane"], ["p_s3", "jane"], ["villa", "jane"]]
    assert relations[BUSINESSES] == [["acme", "jane"]]
    assert "token_env: GHL_TOKEN_STG" in text
    for token in TOKENS.values():
        assert token not in text
    assert_no_token(exported)

    assert "check it with `ghlsync plan -c exported.yaml --env staging`" in exported.stderr
    planned = run(served, "plan", "-c", "exported.yaml", "--env", "staging", "--detailed-exitcode")
    assert planned.code == 0, planned.stdout + planned.stderr
    assert planned.stdout.startswith("No changes.")


# --- graph -------------------------------------------------------------------------------

NODE = re.compile(r'^    (\w+)\["((?:[^"#]|#\d+;)*)"\]$')
EDGE = re.compile(r'^    (\w+) (---|-\.-)\|"((?:[^"#|]|#\d+;)*)"\| (\w+)$')
STYLE = re.compile(r"^    (classDef|linkStyle|class) ")


def check_mermaid(chart: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Parse a ghlsync flowchart strictly; return its nodes and edges."""
    lines = chart.strip("\n").splitlines()
    if lines[0] == "---":
        closing = lines.index("---", 1)
        assert all(re.fullmatch(r'title: ".*"', line) for line in lines[1:closing])
        lines = lines[closing + 1 :]
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[1:]:
        if node := NODE.match(line):
            assert node[1] not in nodes, f"node {node[1]} defined twice"
            nodes[node[1]] = node[2]
        elif edge := EDGE.match(line):
            assert {edge[1], edge[4]} <= nodes.keys(), f"edge before its nodes: {line}"
            edges.append((edge[1], edge[3], edge[4]))
        else:
            assert STYLE.match(line), f"not Mermaid this tool writes: {line!r}"
    return nodes, edges


def test_graph_is_valid_mermaid_with_escaped_labels(tmp_path: Path) -> None:
    config = """
    version: 1
    location: loc_graph
    associations:
      - key: property_owner
        first:  { object: custom_objects.property, label: 'Prop "A" | <b>' }
        second: { object: contact, label: "Owner; #1 [x]" }
      - key: mentor
        first:  { object: contact, label: Mentor }
        second: { object: contact, label: Mentee }
      - key: end
        first:  { object: business, label: "a-->b" }
        second: { object: contact, label: "{c}" }
    """
    write_config(tmp_path, config)
    result = run_ghlsync(tmp_path, "graph")
    assert result.code == 0, result.stderr
    nodes, edges = check_mermaid(result.stdout)
    assert sorted(nodes.values()) == ["business", "contact", "custom_objects.property"]
    assert len(edges) == 3
    labels = [label for _, label, _ in edges]
    assert any(label.startswith("property_owner") and "#34;A#34;" in label for label in labels)
    bare = [re.sub(r"#\d+;", "", label) for label in labels]
    assert all(not set(text) & set('"|<>[]{};#') for text in bare), bare


def test_markdown_plan_has_a_mermaid_block_only_when_associations_change(served: Served) -> None:
    write_config(served.workdir, PROMOTED)
    first = run(served, "plan", "--env", "staging", "--format", "markdown")
    assert first.code == 0, first.stderr
    blocks = re.findall(r"```mermaid\n(.*?)```", first.stdout, flags=re.DOTALL)
    assert len(blocks) == 1
    nodes, edges = check_mermaid(blocks[0])
    assert set(nodes.values()) == {"custom_objects.property", "contact"}
    assert [label.split(":")[0] for _, label, _ in edges] == ["+ property_owner"]

    assert run(served, "apply", "--env", "staging", "--auto-approve").code == 0
    api_relation(served, STAGING, "property_owner", "p_s1", "c_extra")
    relations_only = run(served, "plan", "--env", "staging", "--format", "markdown")
    assert "property_owner" in relations_only.stdout
    assert "```mermaid" not in relations_only.stdout
