"""The objects: section: structure, FILE:LINE problems, and what it resolves to."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghlsync.config import resolve
from ghlsync.errors import ConfigError
from ghlsync.kinds.file import load_document

HEAD = "version: 1\nlocation: loc_1\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(HEAD + textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_document(path, {})
    return [str(p) for p in caught.value.problems]


def test_an_unknown_field_type_names_the_line_and_the_allowed_types(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      contact:
        fields:
          budget: { name: Budget, type: MONEY }
    """)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:6: objects.contact.fields.budget.type: must be ")
    assert "'MONETORY'" in problem


def test_options_on_a_type_without_options_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      business:
        fields:
          size:
            name: Size
            type: NUMERICAL
            options: [Small, Large]
    """)
    assert problems_of(path) == [
        f"{path}:9: objects.business: field 'size' of type NUMERICAL takes no options"
    ]


def test_an_options_type_needs_options(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      business:
        fields:
          tier: { name: Tier, type: SINGLE_OPTIONS }
    """)
    assert problems_of(path) == [
        f"{path}:6: objects.business: field 'tier' of type SINGLE_OPTIONS needs options"
    ]


def test_searchable_must_name_a_field_or_the_primary_property(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      custom_objects.property:
        labels: { singular: Property, plural: Properties }
        primary_property: { key: address, name: Address, type: TEXT }
        searchable: [address, mls, rooms]
        fields:
          rooms: { name: Rooms, type: NUMERICAL }
    """)
    assert problems_of(path) == [
        f"{path}:7: objects.custom_objects.property: searchable names 'mls', which is neither "
        "a field nor the primary property"
    ]


def test_a_standard_object_takes_no_labels_description_or_primary(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      contact:
        labels: { singular: Person, plural: People }
        description: People
    """)
    assert problems_of(path) == [
        f"{path}:5: objects.contact: 'labels' is for custom objects; contact only takes fields "
        "and searchable",
        f"{path}:6: objects.contact: 'description' is for custom objects; contact only takes "
        "fields and searchable",
    ]


def test_contact_fields_have_no_folder(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      contact:
        fields:
          budget: { name: Budget, type: MONETORY, folder: Money }
    """)
    assert problems_of(path) == [
        f"{path}:6: objects.contact: contact fields have no folder in GHL's API"
    ]


def test_unknown_keys_and_bad_field_keys_are_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      custom_objects.pet:
        colour: brown
        fields:
          Pet-Name: { name: Name, type: TEXT }
      tasks:
        fields: {}
    """)
    problems = problems_of(path)
    assert any(p.startswith(f"{path}:5: unknown key 'colour'") for p in problems)
    assert any(f"{path}:7:" in p and "is not a field key" in p for p in problems)
    assert any(f"{path}:8:" in p and "is not an object key" in p for p in problems)


def test_the_objects_section_resolves_with_sources_and_changes_the_digest(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, """\
    prune: { fields: true }
    objects:
      custom_objects.property:
        labels: { singular: Property, plural: Properties }
        primary_property: { key: address, name: Address, type: TEXT }
        fields:
          status: { name: Status, type: RADIO, options: [A, B] }
    """)
    desired = resolve(load_document(path, {}), None, None).desired
    assert desired.objects is not None and desired.objects.prune_fields
    field = desired.objects.fields[("custom_objects.property", "status")]
    assert field.options == ("A", "B")
    assert str(desired.objects.source(field.address())) == f"{path}:9"
    path.write_text(path.read_text().replace("[A, B]", "[A, B, C]"))
    other = resolve(load_document(path, {}), None, None).desired
    assert other.config_digest != desired.config_digest


def test_a_file_without_objects_keeps_no_schema(tmp_path: Path) -> None:
    desired = resolve(load_document(write(tmp_path, ""), {}), None, None).desired
    assert desired.objects is None


def test_a_repeated_option_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      contact:
        fields:
          status: { name: Status, type: SINGLE_OPTIONS, options: [New, Won, New] }
    """)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:6:")
    assert "field 'status' repeats an option" in problem


def test_a_field_named_like_the_primary_property_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """\
    objects:
      custom_objects.property:
        labels: { singular: Property, plural: Properties }
        primary_property: { key: address, name: Address, type: TEXT }
        fields:
          address: { name: Address again, type: TEXT }
    """)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:8:")
    assert "'address' is already the primary property" in problem
