"""The ``objects:`` block of ``export``, from plain values."""

from __future__ import annotations

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
