"""Object, field and folder changes as text blocks and markdown rows, from plain values."""

from __future__ import annotations

from ghlsync.kinds.objects.diff import FIELD_VALUES_DESTROYED
from ghlsync.kinds.objects.render import consequence, markdown_rows, text_blocks
from ghlsync.values.objects import FieldValue, FolderValue, ObjectValue, PrimaryProperty
from ghlsync.values.plan import Action, FieldChange, Kind, ObjectsChange
from ghlsync.values.state import Source

PROPERTY = ObjectValue("custom_objects.property", "Property", "Properties",
                       primary=PrimaryProperty("address", "Address", "TEXT"))
ROOMS = FieldValue("custom_objects.property", "rooms", 'Rooms "all"', "SINGLE_OPTIONS",
                   options=("1", "2"), folder="Listing")


def _symbol(action: Action) -> str:
    return {Action.CREATE: "+", Action.UPDATE: "~", Action.DELETE: "-"}.get(action, "-/+")


def test_a_created_object_lists_its_labels_and_primary_property() -> None:
    change = ObjectsChange(Kind.OBJECT, Action.CREATE, None, PROPERTY, "declared", None)
    assert list(text_blocks((change,), _symbol)) == [
        "  # object.custom_objects.property will be created",
        '  + object "custom_objects.property" {',
        '      + labels = "Property" / "Properties"',
        '      + primary_property = address "Address" TEXT',
        "    }",
        "",
    ]


def test_a_created_field_quotes_its_texts_and_a_folder_is_one_line() -> None:
    field = ObjectsChange(Kind.FIELD, Action.CREATE, None, ROOMS, "declared", None)
    folder = ObjectsChange(Kind.FOLDER, Action.CREATE, None,
                          FolderValue("custom_objects.property", "Listing"), "needed", None)
    lines = list(text_blocks((field, folder), _symbol))
    assert '      + name = "Rooms \\"all\\""' in lines
    assert '      + options = "1", "2"' in lines
    assert '  + folder "custom_objects.property[Listing]"' in lines


def test_a_replacement_and_a_delete_say_the_values_are_destroyed() -> None:
    replaced = ObjectsChange(Kind.FIELD, Action.REPLACE, ROOMS, ROOMS, "type changes", None)
    deleted = ObjectsChange(Kind.FIELD, Action.DELETE, ROOMS, None, "pruned", None)
    assert consequence(replaced) == f"must be replaced (type changes); {FIELD_VALUES_DESTROYED}"
    assert consequence(deleted) == f"will be destroyed; {FIELD_VALUES_DESTROYED}"
    assert '-/+ field "custom_objects.property.rooms" { ... }' in text_blocks((replaced,), _symbol)


def test_markdown_rows_escape_through_the_given_helpers() -> None:
    update = ObjectsChange(Kind.FIELD, Action.UPDATE, ROOMS, ROOMS, "renamed", Source("f.yaml", 3),
                          (FieldChange("name", "Rooms", "Bedrooms"),))
    rows = markdown_rows((update,), lambda text: text.upper(), lambda text: f"`{text}`")
    assert rows == [
        '| update | `field.custom_objects.property.rooms` | NAME: "ROOMS" → "BEDROOMS" '
        "| `f.yaml:3` |\n"
    ]
