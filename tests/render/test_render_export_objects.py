"""The ``objects:`` block of ``export``, from plain values."""

from __future__ import annotations

from typing import Any

import yaml

from ghlsync.render.export_objects import export_objects_lines
from ghlsync.values.objects import FieldValue, LiveObjects, ObjectValue, PrimaryProperty

PROPERTY = ObjectValue("custom_objects.property", "Property", "Properties", "Homes: listed",
                       PrimaryProperty("address", "Address", "TEXT"), ("address",))
ADDRESS = FieldValue("custom_objects.property", "address", "Address", "TEXT")
STATUS = FieldValue("custom_objects.property", "status", "Status", "SINGLE_OPTIONS",
                    options=("Active", "Sold"), folder="Listing")
BUDGET = FieldValue("contact", "budget", "Budget", "MONETORY", folder="Money", description="d")


def _schema(*fields: FieldValue) -> LiveObjects:
    objects = {"custom_objects.property": PROPERTY, "contact": ObjectValue("contact")}
    return LiveObjects(objects, {f.identity: f for f in fields}, read=frozenset(objects))


def test_a_custom_object_is_declared_whole_without_its_primary_property_as_a_field() -> None:
    lines = export_objects_lines(_schema(ADDRESS, STATUS))
    assert lines == [
        "objects:",
        "  custom_objects.property:",
        "    labels: { singular: Property, plural: Properties }",
        '    description: "Homes: listed"',
        '    primary_property: { key: address, name: "Address", type: TEXT }',
        "    searchable: [address]",
        "    fields:",
        '      status: { name: "Status", type: SINGLE_OPTIONS, options: ["Active", "Sold"], '
        'folder: "Listing" }',
    ]


def test_contact_fields_drop_folder_and_description_and_nothing_custom_writes_nothing() -> None:
    lines = export_objects_lines(_schema(BUDGET))
    assert '      budget: { name: "Budget", type: MONETORY }' in lines
    assert export_objects_lines(LiveObjects({"contact": ObjectValue("contact")})) == []


def _load(lines: list[str]) -> dict[str, Any]:
    loaded = yaml.safe_load("\n".join(lines))
    assert isinstance(loaded, dict)
    return loaded


INJECTION = "x: 1}\nprune: {associations: true}\n#"


def test_every_server_string_is_yaml_data_and_dollar_brace_is_escaped() -> None:
    hostile = ObjectValue("custom_objects.property", "${SECRET}", "P: {a}", "${TOKEN} here",
                          PrimaryProperty("address", "${A}", "TEXT"), (INJECTION,))
    field = FieldValue("custom_objects.property", INJECTION, "${SECRET}", "TEXT: [x]",
                       options=("${O}", "a\nb"), folder="${F}", placeholder="${P}")
    objects = {"custom_objects.property": hostile}
    schema = LiveObjects(objects, {field.identity: field}, read=frozenset(objects))
    lines = export_objects_lines(schema)
    loaded = _load(lines)
    assert list(loaded) == ["objects"]
    declared = loaded["objects"]["custom_objects.property"]
    assert declared["labels"] == {"singular": "$${SECRET}", "plural": "P: {a}"}
    assert declared["description"] == "$${TOKEN} here"
    assert declared["primary_property"]["name"] == "$${A}"
    assert declared["searchable"] == [INJECTION]
    assert declared["fields"] == {INJECTION: {
        "name": "$${SECRET}", "type": "TEXT: [x]", "options": ["$${O}", "a\nb"],
        "folder": "$${F}", "placeholder": "$${P}",
    }}


def test_an_object_key_cannot_inject_structure() -> None:
    key = "custom_objects.x:\n  prune: {associations: true}"
    value = ObjectValue(key, "X", "Xs", None, PrimaryProperty("a", "A", "TEXT"))
    lines = export_objects_lines(LiveObjects({key: value}, read=frozenset({key})))
    assert list(_load(lines)["objects"]) == [key]
