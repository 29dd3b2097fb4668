"""Export: live state -> ghlsync.yaml text that reads back exactly and is stable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from ghlsync.cli import main
from ghlsync.config import resolve
from ghlsync.kinds.file import load_document
from ghlsync.render.export_yaml import export_document, yaml_scalar, yaml_string
from ghlsync.sandbox import SandboxTransport
from ghlsync.values.state import (
    AssociationType,
    DesiredState,
    LiveAssociation,
    LiveRelation,
    LiveState,
    Side,
)

SANDBOX_HEADERS = {
    "Authorization": "Bearer t", "Version": "2021-07-28", "User-Agent": "tests"
}
WHEN = datetime(2024, 5, 1, 12, 30, 5, tzinfo=UTC)
OWNER = LiveAssociation(
    "a_owner",
    "property_owner",
    Side("custom_objects.property", "Property"),
    Side("contact", "Owner"),
)
DEAL = LiveAssociation(
    "a_deal", "deal_contact", Side("opportunity", "Deal"), Side("contact", "Buyer")
)
SYSTEM = LiveAssociation(
    "a_sys",
    "BUSINESSES_CONTACTS_ASSOCIATION",
    Side("business", "Business"),
    Side("contact", "Contact"),
    AssociationType.SYSTEM_DEFINED,
)
TRICKY = [
    "123",
    "0x1f",
    "yes",
    "No",
    "null",
    "~",
    "1e3",
    "1_000",
    "2024-01-01",
    "a: b",
    "x #y",
    "-1",
    "@at",
    "",
    " lead",
    "tab\there",
    'q"uote\\back',
    "nel\x85",
    "ls\u2028ps",
    "bom\ufeff",
    "ctl\x01\x7f\x9f",
    "é😀",
    "[x]",
    "{y}",
    "*ref",
    "&anc",
    "!tag",
    "%pct",
    ".inf",
]


def live_state(relations: list[tuple[str, str, str]], *associations: LiveAssociation) -> LiveState:
    assocs = associations or (OWNER, DEAL, SYSTEM)
    return LiveState(
        "loc_1",
        associations={a.key: a for a in assocs},
        relations={f"r{i}": LiveRelation(f"r{i}", *rel) for i, rel in enumerate(relations)},
    )


def export(live: LiveState, **options: Any) -> str:
    options.setdefault("records", [])
    return export_document(
        live, location="loc_1", source="location loc_1 (staging)", generated_at=WHEN, **options
    )


def load(text: str) -> dict[str, Any]:
    document = yaml.safe_load(text)
    assert isinstance(document, dict)
    return document


def test_document_declares_user_associations_sorted_and_never_system_ones() -> None:
    document = load(export(live_state([])))
    assert document["version"] == 1
    assert document["location"] == "loc_1"
    assert document["associations"] == [
        {
            "key": "deal_contact",
            "first": {"object": "opportunity", "label": "Deal"},
            "second": {"object": "contact", "label": "Buyer"},
        },
        {
            "key": "property_owner",
            "first": {"object": "custom_objects.property", "label": "Property"},
            "second": {"object": "contact", "label": "Owner"},
        },
    ]
    assert set(document) == {"version", "location", "associations"}


def test_header_says_exported_when_in_utc_and_from_where() -> None:
    later = datetime(2024, 5, 1, 14, 30, 5, tzinfo=timezone(timedelta(hours=2)))
    text = export_document(
        live_state([]),
        location="loc_1",
        source="location loc_1\n(staging)",
        generated_at=later,
        records=[],
    )
    schema, first = text.splitlines()[:2]
    assert schema == "# yaml-language-server: $schema=ghlsync.schema.json"
    assert first.startswith("# Exported by ghlsync ")
    assert first.endswith(" from location loc_1 (staging) at 2024-05-01T12:30:05Z.")
    naive = export_document(
        live_state([]),
        location="loc_1",
        source="x",
        generated_at=datetime(2024, 5, 1, 12, 30, 5),
        records=[],
    )
    assert "at 2024-05-01T12:30:05Z." in naive


def test_relations_are_grouped_by_key_sorted_and_include_system_associations() -> None:
    live = live_state(
        [
            ("a_owner", "p2", "c1"),
            ("a_sys", "b1", "c1"),
            ("a_owner", "p1", "c2"),
            ("a_owner", "p1", "c1"),
        ]
    )
    document = load(export(live))
    assert document["relations"] == {
        "BUSINESSES_CONTACTS_ASSOCIATION": [["b1", "c1"]],
        "property_owner": [["p1", "c1"], ["p1", "c2"], ["p2", "c1"]],
    }
    assert list(document["relations"]) == ["BUSINESSES_CONTACTS_ASSOCIATION", "property_owner"]
    assert "BUSINESSES_CONTACTS_ASSOCIATION" not in {a["key"] for a in document["associations"]}


def test_no_relations_section_without_relations_and_empty_associations_list() -> None:
    document = load(export(live_state([], SYSTEM)))
    assert document["associations"] == []
    assert "relations" not in document


def test_duplicate_live_relations_are_listed_once() -> None:
    document = load(export(live_state([("a_owner", "p1", "c1"), ("a_owner", "p1", "c1")])))
    assert document["relations"] == {"property_owner": [["p1", "c1"]]}


def test_relation_of_an_unknown_association_is_left_out() -> None:
    document = load(export(live_state([("a_gone", "p1", "c1"), ("a_owner", "p1", "c1")])))
    assert document["relations"] == {"property_owner": [["p1", "c1"]]}


@pytest.mark.parametrize("tricky", TRICKY)
def test_tricky_ids_labels_and_keys_read_back_exactly(tricky: str) -> None:
    association = LiveAssociation(
        "a_x", f"k{tricky}", Side("contact", tricky), Side("contact", "B")
    )
    text = export(live_state([("a_x", tricky, "c1")], association), records=[tricky, "lonely"])
    document = load(text)
    assert document["relations"] == {f"k{tricky}": [[tricky, "c1"]]}
    assert document["associations"][0]["first"]["label"] == tricky
    assert document["managed_records"] == ["lonely"]


def test_every_record_id_is_double_quoted() -> None:
    text = export(live_state([("a_owner", "p1", "c1")]), records=["orphan"])
    assert '    - ["p1", "c1"]' in text
    assert 'managed_records: ["orphan"]' in text
    assert 'location: "loc_1"' in text


def test_yaml_scalar_is_plain_only_when_unambiguous() -> None:
    assert yaml_scalar("property_owner") == "property_owner"
    assert yaml_scalar("custom_objects.property") == "custom_objects.property"
    assert [yaml_scalar(word) for word in ("yes", "Off", "n", "null", "123", "a b")] == [
        '"yes"',
        '"Off"',
        '"n"',
        '"null"',
        '"123"',
        '"a b"',
    ]
    assert yaml_string('a"b\\c\nd\x85') == '"a\\"b\\\\c\\nd\\x85"'


def test_same_input_gives_same_bytes_whatever_the_order() -> None:
    rels = [("a_owner", "p2", "c1"), ("a_owner", "p1", "c1"), ("a_deal", "o1", "c1")]
    first = export(live_state(rels), records=["z", "y"])
    second = export(live_state(list(reversed(rels)), SYSTEM, DEAL, OWNER), records=["y", "z"])
    assert first == second
    later = export_document(
        live_state(rels),
        location="loc_1",
        source="location loc_1 (staging)",
        generated_at=WHEN + timedelta(days=1),
        records=["z", "y"],
    )
    differing = [a for a, b in zip(first.splitlines(), later.splitlines(), strict=True) if a != b]
    assert len(differing) == 1 and differing[0].startswith("# Exported by ghlsync")


def test_records_without_relations_become_managed_records() -> None:
    live = live_state([("a_owner", "p1", "c1")])
    document = load(export(live, records=["p1", "c1", "p9", "c8", "p9"]))
    assert document["managed_records"] == ["c8", "p9"]


RECORDS = {
    "sunset_villa": {"staging": "6650aa01", "production": "77b1cc02"},
    "jane": {"staging": "c_stg_1", "production": "c_prd_9"},
}
ENVIRONMENTS = {
    "staging": {"token_env": "GHL_TOKEN_STAGING", "location": "loc_1"},
    "production": {"location": "loc_2", "token_env": "GHL_TOKEN_PRODUCTION"},
}


def test_aliases_from_the_records_section_replace_ids_for_the_environment() -> None:
    live = live_state([("a_owner", "6650aa01", "c_stg_1"), ("a_owner", "6650aa01", "c_raw")])
    text = export(
        live,
        records=["6650aa01", "orphan_id"],
        records_section=RECORDS,
        environments=ENVIRONMENTS,
        environment="staging",
    )
    document = load(text)
    assert document["relations"] == {
        "property_owner": [["sunset_villa", "c_raw"], ["sunset_villa", "jane"]]
    }
    assert "    - [sunset_villa, jane]" in text
    assert document["records"] == RECORDS
    assert document["managed_records"] == ["orphan_id"]
    assert document["environments"] == ENVIRONMENTS
    assert '  staging: { location: "loc_1", token_env: GHL_TOKEN_STAGING }' in text
    assert "location" not in document


def test_explicit_aliases_are_declared_for_the_environment() -> None:
    live = live_state([("a_owner", "p1", "c1")])
    document = load(
        export(
            live,
            aliases={"p1": "villa", "c9": "bob"},
            records=["c9"],
            records_section=RECORDS,
            environment="staging",
        )
    )
    assert document["relations"] == {"property_owner": [["villa", "c1"]]}
    assert document["records"] == {**RECORDS, "bob": {"staging": "c9"}, "villa": {"staging": "p1"}}
    assert document["managed_records"] == ["bob"]


def test_without_environment_aliases_go_in_the_default_column() -> None:
    live = live_state([("a_owner", "p1", "c1")])
    document = load(export(live, aliases={"p1": "villa"}))
    assert document["relations"] == {"property_owner": [["villa", "c1"]]}
    assert document["records"] == {"villa": {"default": "p1"}}


def test_alias_given_another_id_by_the_records_section_is_not_used() -> None:
    live = live_state([("a_owner", "p1", "c1")])
    document = load(
        export(live, aliases={"p1": "sunset_villa"}, records_section=RECORDS, environment="staging")
    )
    assert document["relations"] == {"property_owner": [["p1", "c1"]]}
    assert document["records"] == RECORDS


def test_alias_missing_the_environment_column_gets_it_added() -> None:
    live = live_state([("a_owner", "p1", "c1")])
    section = {"villa": {"production": "p_prd"}}
    document = load(
        export(live, aliases={"p1": "villa"}, records_section=section, environment="staging")
    )
    assert document["relations"] == {"property_owner": [["villa", "c1"]]}
    assert document["records"] == {"villa": {"production": "p_prd", "staging": "p1"}}


def test_first_alias_of_an_id_in_the_records_section_wins() -> None:
    live = live_state([("a_owner", "p1", "c1")])
    section = {"villa": {"default": "p1"}, "also_villa": {"default": "p1"}}
    document = load(export(live, records_section=section))
    assert document["relations"] == {"property_owner": [["villa", "c1"]]}


def test_dollar_brace_is_written_so_the_loader_keeps_it_literal() -> None:
    association = LiveAssociation("a_x", "k", Side("contact", "Cost ${X}"), Side("contact", "$${"))
    text = export(live_state([("a_x", "id${HOME}", "c1")], association))
    assert '"Cost $${X}"' in text
    document = load(text)
    assert document["relations"] == {"k": [["id$${HOME}", "c1"]]}
    assert document["associations"][0]["second"]["label"] == "$$${"


def reload(text: str, tmp_path: Path, environment: str | None = None) -> DesiredState:
    path = tmp_path / "exported.yaml"
    path.write_text(text, encoding="utf-8")
    return resolve(load_document(path, environ={}), environment, None).desired


def test_export_reads_back_through_the_config_loader(tmp_path: Path) -> None:
    # ids the loader accepts (letters, digits, _ and -) that YAML would still misread unquoted
    ids = ["123", "0x1f", "yes", "null", "1e3", "on", "-1", "007", "1_000", "p1"]
    rels = [("a_owner", rid, "c1") for rid in ids] + [("a_sys", "b1", "c1")]
    text = export(live_state(rels), records=[*ids, "lonely"], aliases={"c1": "jane"})
    desired = reload(text, tmp_path)
    assert desired.location_id == "loc_1"
    assert {k: (a.first, a.second) for k, a in desired.associations.items()} == {
        a.key: (a.first, a.second) for a in (OWNER, DEAL)
    }
    system = ("BUSINESSES_CONTACTS_ASSOCIATION", "b1", "c1")
    expected = {("property_owner", rid, "c1") for rid in ids} | {system}
    assert {r.identity for r in desired.relations} == expected
    assert set(desired.managed_records) == {"lonely"}
    assert desired.aliases["c1"] == "jane"


def test_export_with_environments_reads_back_for_that_environment(tmp_path: Path) -> None:
    live = live_state([("a_owner", "6650aa01", "c_stg_1"), ("a_owner", "6650aa01", "c_new")])
    text = export(
        live,
        records=["6650aa01", "c_stg_1", "c_new", "orphan"],
        aliases={"c_new": "newbie"},
        records_section=RECORDS,
        environments=ENVIRONMENTS,
        environment="staging",
    )
    desired = reload(text, tmp_path, "staging")
    assert desired.location_id == "loc_1"
    assert {r.identity for r in desired.relations} == {
        ("property_owner", "6650aa01", "c_stg_1"),
        ("property_owner", "6650aa01", "c_new"),
    }
    assert {(r.first.alias, r.second.alias) for r in desired.relations} == {
        ("sunset_villa", "jane"),
        ("sunset_villa", "newbie"),
    }
    assert set(desired.managed_records) == {"orphan"}


def test_export_from_a_sandbox_location_writes_the_business_first(
    tmp_path: Path, hold_records: Any
) -> None:
    state = tmp_path / "state.json"
    hold_records(state, "loc_x", {"business": ["b1"], "contact": ["c1"]})
    transport = SandboxTransport.open(state)
    with httpx.Client(transport=transport, base_url="https://sandbox.invalid",
                      headers=SANDBOX_HEADERS) as client:
        body = {"locationId": "loc_x", "associationId": "BUSINESSES_CONTACTS_ASSOCIATION",
                "firstRecordId": "b1", "secondRecordId": "c1"}
        assert client.post("/associations/relations", json=body).status_code == 201
    output = tmp_path / "exported.yaml"
    arguments = ["export", "--sandbox", str(state), "--location", "loc_x", "--record", "c1"]
    assert main([*arguments, "-o", str(output)]) == 0
    document = load(output.read_text(encoding="utf-8"))
    assert document["relations"] == {"BUSINESSES_CONTACTS_ASSOCIATION": [["b1", "c1"]]}
