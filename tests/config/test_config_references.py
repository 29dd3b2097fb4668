"""Typos in record references and association keys, and equal labels, refused by validate."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghlsync.config.references import edit_distance, nearest
from ghlsync.errors import ConfigError
from ghlsync.kinds.file import load_document

BASE = """\
version: 1
location: loc_1
associations:
  - key: property_owner
    first:  { object: custom_objects.property, label: Property }
    second: { object: contact, label: Owner }
records:
  sunset_villa: { default: p_1 }
  jane_doe:     { default: c_1 }
relations:
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_document(path)
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def test_a_raw_id_two_edits_from_an_alias_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    pairs = "    - [sunset_villa, jane_doe]\n    - [sunset_villa, jane_do]\n"
    text = BASE + "  property_owner:\n" + pairs
    assert problems_of(tmp_path, text) == [
        "13: relations.property_owner[1]: `jane_do` is not an alias; did you mean `jane_doe`?"
    ]


def test_raw_ids_far_from_every_alias_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(BASE + "  property_owner:\n    - [p_77aa, c_1b2c3d]\n", encoding="utf-8")
    assert load_document(path).model.relations


def test_a_relations_key_two_edits_from_a_known_one_is_refused(tmp_path: Path) -> None:
    text = (
        BASE
        + "  property_ownr:\n    - [sunset_villa, jane_doe]\n"
        + "  BUSINESS_CONTACTS_ASSOCIATION:\n    - [b_1, jane_doe]\n"
    )
    assert problems_of(tmp_path, text) == [
        "11: relations: `property_ownr` is neither declared nor a standard association; "
        "did you mean `property_owner`?",
        "13: relations: `BUSINESS_CONTACTS_ASSOCIATION` is neither declared nor a standard "
        "association; did you mean `BUSINESSES_CONTACTS_ASSOCIATION`?",
    ]


def test_equal_labels_on_both_sides_are_refused(tmp_path: Path) -> None:
    text = BASE.replace("label: Owner", "label: Property") + "  property_owner: []\n"
    assert problems_of(tmp_path, text) == [
        "4: associations[0]: 'property_owner' has the same label 'Property' on both sides; "
        "GHL refuses that (give each side its own label)"
    ]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("jane_doe", "jane_doe", 0), ("jane_do", "jane_doe", 1), ("jnae_doe", "jane_doe", 2),
     ("jane", "jane_doe", 3), ("", "ab", 2)],
)
def test_edit_distance_stops_past_the_limit(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance


def test_nearest_prefers_the_closest_name() -> None:
    assert nearest("jane_dox", ["jane_d", "jane_doe"]) == "jane_doe"
    assert nearest("omar", ["jane_doe"]) is None
