"""The checked-in JSON Schema matches the models, and the quickstart example satisfies it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import yaml

from ghlsync.config import check_all_environments, config_json_schema, resolve
from ghlsync.config.json_schema import render_schema
from ghlsync.kinds.file import load_document, whole_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "schemas" / "ghlsync.schema.json"
QUICKSTART = ROOT / "examples" / "quickstart" / "ghlsync.yaml"


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(whole_schema()), (
        "schemas/ghlsync.schema.json is out of date: "
        "run `.venv/bin/python -m ghlsync.schemas --write`"
    )


def test_schema_is_draft_2020_12_with_help_text() -> None:
    schema = config_json_schema(whole_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "ghlsync configuration"
    assert all("description" in field for field in schema["properties"].values())
    assert schema["required"] == ["version"]


def test_quickstart_satisfies_the_schema() -> None:
    document = yaml.safe_load(QUICKSTART.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text())).validate(document)


def test_schema_rejects_what_the_models_reject() -> None:
    validator = jsonschema.Draft202012Validator(config_json_schema(whole_schema()))
    bad = [
        {"version": 1, "colour": "blue"},
        {"version": 2},
        {"version": 1, "records": {"jane": {"default": 12}}},
        {"version": 1, "relations": {"has space": []}},
        {"version": 1, "associations": [{"key": "a", "first": {"object": "x", "label": "A"},
                                         "second": {"object": "contact", "label": "B"}}]},
    ]
    assert [validator.is_valid(document) for document in bad] == [False] * len(bad)


def test_quickstart_loads_and_resolves_without_environment_variables() -> None:
    doc = load_document(QUICKSTART, environ={})
    resolved = resolve(doc, None, None)
    desired = resolved.desired
    assert desired.location_id == "loc_quickstart"
    assert set(desired.associations) == {"property_owner", "property_manager"}
    assert "BUSINESSES_CONTACTS_ASSOCIATION" in desired.managed_association_keys()
    assert check_all_environments(doc) == (
        "relations under 'BUSINESSES_CONTACTS_ASSOCIATION': association not declared here; "
        "it must exist in the location",
    )
    assert QUICKSTART.read_text().startswith(
        "# yaml-language-server: $schema=../../schemas/ghlsync.schema.json\n"
    )
