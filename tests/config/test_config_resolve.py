"""resolve(): environments, aliases, locations, duplicates, warnings and digests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghlsync.config import (
    check_all_environments,
    environment_names,
    record_aliases,
    resolve,
)
from ghlsync.config.document import ConfigDocument
from ghlsync.errors import ConfigError, UsageError
from ghlsync.kinds.file import load_document
from ghlsync.values.state import RecordRef, Source

STAGED = """\
version: 1
environments:
  staging:    { location: "loc_stg", token_env: GHL_TOKEN_STAGING }
  production: { location: "loc_prd", token_env: GHL_TOKEN_PRODUCTION }
associations:
  - key: property_owner
    first:  { object: custom_objects.property, label: Property }
    second: { object: contact, label: Owner }
records:
  villa: { staging: "p_stg", production: "p_prd" }
  jane:  { staging: "c_stg", production: "c_prd" }
managed_records: [villa, rec_orphan]
relations:
  property_owner:
    - [villa, jane]
    - { first: p_raw, second: c_raw }
"""


def load(tmp_path: Path, text: str, name: str = "ghlsync.yaml") -> ConfigDocument:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_document(path, {})


def test_each_environment_gets_its_own_ids_location_and_token_variable(tmp_path: Path) -> None:
    doc = load(tmp_path, STAGED)
    staging = resolve(doc, "staging", None)
    production = resolve(doc, "production", None)
    assert (staging.desired.location_id, staging.token_env) == ("loc_stg", "GHL_TOKEN_STAGING")
    assert production.desired.location_id == "loc_prd"
    assert [r.identity for r in production.desired.relations] == [
        ("property_owner", "p_prd", "c_prd"),
        ("property_owner", "p_raw", "c_raw"),
    ]
    assert staging.desired.relations[0].first == RecordRef("p_stg", "villa")
    assert staging.desired.relations[1].second == RecordRef("c_raw", None)
    assert staging.desired.aliases == {"p_stg": "villa", "c_stg": "jane"}
    assert staging.desired.environment == "staging"


def test_sources_point_at_the_yaml(tmp_path: Path) -> None:
    doc = load(tmp_path, STAGED)
    desired = resolve(doc, "staging", None).desired
    file = str(tmp_path / "ghlsync.yaml")
    assert desired.config_path == file
    assert desired.associations["property_owner"].source == Source(file, 6)
    assert [r.source.line for r in desired.relations] == [15, 16]
    assert desired.managed_records == {"p_stg": Source(file, 12), "rec_orphan": Source(file, 12)}
    assert desired.relation_sources == {"property_owner": Source(file, 14)}


def test_settings_defaults_and_overrides(tmp_path: Path) -> None:
    settings = "prune: {associations: true}\nsafety: {min_relations_for_fraction: 3}\n"
    doc = load(tmp_path, STAGED + settings)
    desired = resolve(doc, "staging", None).desired
    assert (desired.prune.associations, desired.prune.relations) == (True, True)
    assert desired.safety.max_relation_delete_fraction == 0.3
    assert desired.safety.min_relations_for_fraction == 3


def test_location_override_wins(tmp_path: Path) -> None:
    doc = load(tmp_path, STAGED)
    assert resolve(doc, "production", "loc_other").desired.location_id == "loc_other"


def test_unknown_environment_lists_the_known_ones(tmp_path: Path) -> None:
    doc = load(tmp_path, STAGED)
    with pytest.raises(UsageError, match=r"unknown environment 'prod' .*staging, production"):
        resolve(doc, "prod", None)
    with pytest.raises(UsageError, match="unknown environment 'prod'"):
        record_aliases(doc, "prod")


def test_aliases_without_environment_give_one_error_naming_the_environments(
    tmp_path: Path,
) -> None:
    doc = load(tmp_path, STAGED)
    with pytest.raises(UsageError) as caught:
        resolve(doc, None, "loc_x")
    assert str(caught.value) == f"{doc.file} declares environments: pass --env: staging, production"


def test_alias_missing_for_the_chosen_environment(tmp_path: Path) -> None:
    text = STAGED.replace('production: "c_prd" ', "")
    doc = load(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        resolve(doc, "production", None)
    assert [str(p) for p in caught.value.problems] == [
        f"{doc.file}:15: record alias 'jane' has no id for environment 'production' "
        "(add 'production: <id>' under records.jane)"
    ]
    assert resolve(doc, "staging", None).desired.relations[0].second.id == "c_stg"


def test_default_ids_serve_when_no_environment_is_chosen(tmp_path: Path) -> None:
    doc = load(tmp_path, """\
        version: 1
        location: loc_1
        records:
          jane: {default: c_1}
        relations:
          BUSINESSES_CONTACTS_ASSOCIATION: [[b_1, jane]]
        """)
    desired = resolve(doc, None, None).desired
    assert desired.relations[0].second == RecordRef("c_1", "jane")
    assert record_aliases(doc, None) == {"c_1": "jane"}


def test_same_relation_twice_after_alias_resolution(tmp_path: Path) -> None:
    text = STAGED.replace("- { first: p_raw, second: c_raw }", "- { first: p_stg, second: jane }")
    doc = load(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        resolve(doc, "staging", None)
    assert [str(p) for p in caught.value.problems] == [
        f"{doc.file}:16: relations.property_owner[1]: relation p_stg -> jane(c_stg) is listed "
        "twice: first at line 15, again at line 16"
    ]
    assert len(resolve(doc, "production", None).desired.relations) == 2


def test_no_location_anywhere_is_a_usage_error(tmp_path: Path) -> None:
    environments = "environments: {staging: {location: a}, production: {location: b}}\n"
    staged = load(tmp_path, "version: 1\n" + environments)
    with pytest.raises(UsageError, match=r"set `location` in .*--env \(staging, production\)"):
        resolve(staged, None, None)
    with pytest.raises(UsageError, match=r"^no location: .* or pass --location$"):
        resolve(load(tmp_path, "version: 1\n", "other.yaml"), None, None)


def test_the_missing_environment_comes_before_the_missing_location(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="pass --env: staging, production"):
        resolve(load(tmp_path, STAGED), None, None)


def test_blank_location_override_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--location must not be empty"):
        resolve(load(tmp_path, "version: 1\nlocation: l\n"), None, " ")


def test_undeclared_association_in_relations_is_a_warning(tmp_path: Path) -> None:
    doc = load(tmp_path, STAGED + "  BUSINESSES_CONTACTS_ASSOCIATION:\n    - [b_1, jane]\n")
    resolved = resolve(doc, "staging", None)
    assert check_all_environments(doc) == (
        "relations under 'BUSINESSES_CONTACTS_ASSOCIATION': association not declared here; "
        "it must exist in the location",
    )
    managed = resolved.desired.managed_association_keys()
    assert managed == {"property_owner", "BUSINESSES_CONTACTS_ASSOCIATION"}


def test_environment_names_and_aliases_for_export(tmp_path: Path) -> None:
    doc = load(tmp_path, STAGED)
    assert environment_names(doc) == ["staging", "production"]
    assert record_aliases(doc, "production") == {"p_prd": "villa", "c_prd": "jane"}


def test_digest_ignores_layout_but_not_meaning(tmp_path: Path) -> None:
    reformatted = """\
        # the same file, written differently
        version: 1
        relations:
          property_owner:
            - {second: c_raw, first: p_raw}
            - [villa, jane]
        managed_records: [rec_orphan, villa]
        records:
          jane: {production: c_prd, staging: c_stg}
          villa: {production: p_prd, staging: p_stg}
        associations:
          - second: {label: Owner, object: contact}
            first: {label: Property, object: custom_objects.property}
            key: property_owner
        environments:
          production: {location: loc_prd, token_env: GHL_TOKEN_PRODUCTION}
          staging: {location: loc_stg, token_env: GHL_TOKEN_STAGING}
        """
    original = load(tmp_path, STAGED)
    other = load(tmp_path, reformatted, "reformatted.yaml")
    environments = ("staging", "production")
    for env in environments:
        assert resolve(original, env, None).desired.config_digest == (
            resolve(other, env, None).desired.config_digest
        )
    digests = {resolve(original, env, None).desired.config_digest for env in environments}
    assert len(digests) == 2
    assert all(len(d) == 64 for d in digests)
    assert original.path.read_bytes() != other.path.read_bytes()


def test_digest_changes_with_a_label(tmp_path: Path) -> None:
    before = resolve(load(tmp_path, STAGED), "staging", None).desired.config_digest
    changed = load(tmp_path, STAGED.replace("label: Owner", "label: Landlord"), "b.yaml")
    assert resolve(changed, "staging", None).desired.config_digest != before


def test_check_all_environments_reports_every_environment(tmp_path: Path) -> None:
    text = STAGED.replace('production: "p_prd" ', "")
    doc = load(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        check_all_environments(doc)
    assert {p.line for p in caught.value.problems} == {12, 15}
    assert all("'production'" in p.message for p in caught.value.problems)
    assert check_all_environments(load(tmp_path, STAGED, "ok.yaml")) == ()


def test_a_record_in_many_relations_is_one_shared_value(tmp_path: Path) -> None:
    """A million relations of twenty thousand records hold twenty thousand RecordRefs."""
    doc = load(tmp_path, STAGED.replace(
        "    - { first: p_raw, second: c_raw }\n",
        "    - { first: p_raw, second: c_raw }\n    - [p_other, c_raw]\n    - [p_third, jane]\n",
    ))
    relations = resolve(doc, "staging", None).desired.relations
    assert relations[1].second is relations[2].second and relations[1].second.id == "c_raw"
    assert relations[0].second is relations[3].second == RecordRef("c_stg", "jane")
