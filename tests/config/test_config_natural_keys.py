"""Records by natural key in the file: accepted forms, validate-time errors, resolution."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghlsync.config import check_all_environments, record_ids, resolve
from ghlsync.config.natural_keys import used_keys
from ghlsync.config.resolve import location_access
from ghlsync.errors import ConfigError
from ghlsync.kinds.file import load_document
from ghlsync.values.state import NaturalKey, RecordRef, ResolvedRecord

PROPERTY = "custom_objects.property"
HEAD = """\
version: 1
environments:
  staging:    { location: "loc_stg" }
  production: { location: "loc_prd" }
associations:
  - key: property_owner
    first:  { object: custom_objects.property, label: Property }
    second: { object: contact, label: Owner }
"""

GOOD = HEAD + """\
records:
  jane:  { object: contact, email: jane@example.com }
  villa: { object: custom_objects.property, mls_number: "A-1001" }
  acme:  { object: business, name: Acme Inc }
  bob:   { staging: "c_stg_1", production: "c_prd_9" }
managed_records: [acme]
relations:
  property_owner:
    - [villa, jane]
    - [villa, bob]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_document(write(tmp_path, text))
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def test_natural_keys_and_ids_live_side_by_side(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, GOOD))
    assert check_all_environments(doc) == ()  # valid for every environment, nothing to warn
    keys = used_keys(doc)
    assert [(k.alias, k.key, k.source.line) for k in keys] == [
        ("villa", NaturalKey("custom_objects.property", "mls_number", "A-1001"), 11),
        ("jane", NaturalKey("contact", "email", "jane@example.com"), 10),
        ("acme", NaturalKey("business", "name", "Acme Inc"), 12),
    ]


def resolutions(jane: str = "c_9") -> list[ResolvedRecord]:
    return [
        ResolvedRecord("jane", NaturalKey("contact", "email", "jane@example.com"), jane),
        ResolvedRecord("villa", NaturalKey(PROPERTY, "mls_number", "A-1001"), "p_4"),
        ResolvedRecord("acme", NaturalKey("business", "name", "Acme Inc"), "b_1"),
    ]


def test_resolved_ids_replace_the_aliases(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, GOOD))
    desired = resolve(doc, "production", None, resolutions()).desired
    first = desired.relations[0]
    assert first.first == RecordRef("p_4", "villa", "A-1001")
    assert first.second == RecordRef("c_9", "jane", "jane@example.com")
    assert desired.relations[1].second == RecordRef("c_prd_9", "bob")
    assert set(desired.managed_records) == {"b_1"}
    assert [r.alias for r in desired.resolved] == ["acme", "jane", "villa"]
    assert desired.aliases["c_9"] == "jane"


def test_the_digest_follows_the_resolved_ids(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, GOOD))
    one = resolve(doc, "production", None, resolutions("c_1")).desired
    two = resolve(doc, "production", None, resolutions("c_2")).desired
    assert one.config_digest != two.config_digest


def test_unresolved_natural_keys_are_refused_where_ids_are_needed(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, GOOD))
    with pytest.raises(ConfigError) as caught:
        resolve(doc, "production", None, resolutions()[:1])
    lines = [f"{p.line}: {p.message}" for p in caught.value.problems]
    assert lines == [
        "11: record 'villa' is a natural key and was not resolved in the location "
        "(this command cannot resolve natural keys; name it by id)",
        "12: record 'acme' is a natural key and was not resolved in the location "
        "(this command cannot resolve natural keys; name it by id)",
    ]
    assert record_ids(doc, "production") == ["c_prd_9"]
    assert location_access(doc, "production", None)[:2] == ("loc_prd", None)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("{ object: contact, name: Jane }", "found by email or phone, not 'name'"),
        ("{ object: business, email: a@b.c }", "business records are found by name, not 'email'"),
        ("{ object: contact }", "exactly one property (none)"),
        ("{ object: contact, email: a@b.c, phone: '+1' }", "exactly one property (email, phone)"),
        ("{ object: contact, email: ' jane@example.com' }", "has leading or trailing spaces"),
        ("{ object: contact, email: '' }", "must not be empty"),
        ("{ object: contact, phone: 15550100 }", "expected a string, got the number 15550100"),
        ("{ object: person, email: a@b.c }", "is not an object key"),
    ],
)
def test_a_bad_natural_key_is_a_located_error(tmp_path: Path, entry: str, expected: str) -> None:
    text = HEAD + f"records:\n  jane: {entry}\n"
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith("10: records.jane")
    assert expected in problems[0]


def test_a_record_of_the_wrong_object_for_its_side_is_an_error(tmp_path: Path) -> None:
    text = HEAD + """\
records:
  jane: { object: contact, email: jane@example.com }
  acme: { object: business, name: Acme Inc }
relations:
  property_owner:
    - [jane, acme]
  BUSINESSES_CONTACTS_ASSOCIATION:
    - [acme, jane]
    - [jane, acme]
"""
    problems = problems_of(tmp_path, text)
    assert sorted(problems) == [
        "14: relations.property_owner[0]: record 'acme' is a business, but the second object "
        "of association 'property_owner' is contact",
        "14: relations.property_owner[0]: record 'jane' is a contact, but the first object "
        "of association 'property_owner' is custom_objects.property",
        "17: relations.BUSINESSES_CONTACTS_ASSOCIATION[1]: record 'acme' is a business, but the "
        "second object of association 'BUSINESSES_CONTACTS_ASSOCIATION' is contact",
        "17: relations.BUSINESSES_CONTACTS_ASSOCIATION[1]: record 'jane' is a contact, but the "
        "first object of association 'BUSINESSES_CONTACTS_ASSOCIATION' is business",
    ]


def test_unused_natural_keys_are_not_resolved(tmp_path: Path) -> None:
    text = HEAD + "records:\n  jane: { object: contact, email: jane@example.com }\n"
    assert used_keys(load_document(write(tmp_path, text))) == []
