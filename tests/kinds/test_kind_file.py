"""A file is validated with only the kinds' sections it uses; what it declares, its digest and
its error messages are those of the whole file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ghlsync.config import resolve
from ghlsync.errors import ConfigError
from ghlsync.kinds import registry
from ghlsync.kinds.file import load_document, schema_for, whole_schema
from tests.kinds.kind_helpers import write


def _names(data: object) -> list[str]:
    return [section.name for section in schema_for(data).sections]


def test_each_kind_package_names_its_section_key_and_prune_flag_without_loading_it() -> None:
    for folder in registry.FOLDERS:
        if not hasattr(folder, "SECTION_KEY"):
            continue
        section = folder.SECTION
        assert section.name == folder.SECTION_KEY
        assert (section.prune_description is not None) == folder.SECTION_PRUNE_FLAG
    assert list(registry.section_keys()) == ["custom_values", "tags"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"version": 1}, []),
        ({"version": 1, "tags": ["vip"]}, ["tags"]),
        ({"version": 1, "prune": {"custom_values": True}}, ["custom_values"]),
        ({"version": 1, "tags": None, "custom_values": {}}, ["custom_values", "tags"]),
        ({"version": 1, "tags": [], "fleet": {}}, ["fleet", "tags"]),
        (["not", "a", "mapping"], []),
        ({"version": 1, "prune": "yes"}, []),
    ],
)
def test_a_file_gets_the_sections_whose_key_or_prune_flag_it_has(
    data: object, expected: list[str]
) -> None:
    assert _names(data) == expected


def test_the_whole_schema_has_every_section_and_one_model_per_choice() -> None:
    assert [s.name for s in whole_schema().sections] == ["fleet", "custom_values", "tags"]
    assert schema_for({"tags": []}) is schema_for({"tags": [], "version": 1})


def test_a_file_without_sections_declares_none_and_keeps_every_prune_flag_in_the_digest(
    tmp_path: Path,
) -> None:
    plain = resolve(load_document(write(tmp_path, ""), {}), None, None).desired
    assert plain.kinds == {}
    document = load_document(write(tmp_path, "prune: { tags: true }\n"), {})
    pruning = resolve(document, None, None).desired
    assert [section.name for section in document.schema.sections] == ["tags"]
    assert document.schema.digest(pruning.kinds)["prune_settings"] == [False, True]


def test_a_misspelt_section_key_is_named_even_when_no_section_is_composed(
    tmp_path: Path,
) -> None:
    with pytest.raises(ConfigError) as refused:
        load_document(write(tmp_path, "custom_value: {}\n"), {})
    assert "unknown key 'custom_value' in the top level (did you mean 'custom_values'?)" in str(
        refused.value
    )


def test_a_misspelt_prune_flag_of_a_section_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        load_document(write(tmp_path, "prune: { tag: true }\n"), {})
    assert "(did you mean 'tags'?)" in str(refused.value)


PROBE = """
import sys
from ghlsync.kinds.file import load_document
load_document(__import__("pathlib").Path(sys.argv[1]), {})
print(sorted(m for m in sys.modules if m.endswith(".section")))
"""


def test_loading_a_file_without_sections_imports_no_section_module(tmp_path: Path) -> None:
    path = write(tmp_path, "associations: []\n")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_fleet_is_read_from_a_file_that_has_one_and_is_none_otherwise(
    tmp_path: Path,
) -> None:
    plain = load_document(write(tmp_path, ""), {})
    assert plain.fleet is None and "fleet" not in type(plain.model).model_fields
    fleet = load_document(
        write(tmp_path, "fleet: { members: { one: { location: loc_a, token_env: T } } }\n"), {}
    )
    assert fleet.fleet is not None and list(fleet.fleet.members) == ["one"]
