"""Comparing two live locations: each difference type, alias translation, rendering."""

from __future__ import annotations

import io
from collections.abc import Sequence

import click

from ghlsync.engine.compare import (
    Comparison,
    DifferenceKind,
    compare_locations,
)
from ghlsync.render.comparison import render_comparison
from ghlsync.values.state import AssociationType, LiveAssociation, LiveRelation, LiveState, Side

NAMES = ("staging", "production")
SYSTEM = AssociationType.SYSTEM_DEFINED


def assoc(
    key: str,
    objects: tuple[str, str] = ("custom_objects.property", "contact"),
    labels: tuple[str, str] = ("Property", "Owner"),
    kind: AssociationType = AssociationType.USER_DEFINED,
    id_: str = "",
) -> LiveAssociation:
    return LiveAssociation(
        id_ or f"id_{key}", key, Side(objects[0], labels[0]), Side(objects[1], labels[1]), kind
    )


def state(
    location: str,
    associations: list[LiveAssociation],
    relations: Sequence[tuple[str, str, str]] = (),
) -> LiveState:
    return LiveState(
        location,
        associations={a.key: a for a in associations},
        relations={f"r{i}": LiveRelation(f"r{i}", *r) for i, r in enumerate(relations)},
    )


def compare(
    a: LiveState,
    b: LiveState,
    aliases_a: dict[str, str] | None = None,
    aliases_b: dict[str, str] | None = None,
) -> Comparison:
    return compare_locations(
        a, b, names=NAMES, aliases_a=aliases_a or {}, aliases_b=aliases_b or {}
    )


def render(comparison: Comparison, *, color: bool = False) -> str:
    out = io.StringIO()
    render_comparison(comparison, out, color=color)
    return out.getvalue()


def test_identical_locations_are_equal_even_with_different_association_ids() -> None:
    a = state("loc_a", [assoc("owner", id_="x1"), assoc("sys", kind=SYSTEM, id_="x2")])
    b = state("loc_b", [assoc("owner", id_="y1"), assoc("sys", kind=SYSTEM, id_="y2")])
    comparison = compare(a, b)
    assert comparison.equal
    assert comparison.count == 0
    assert render(comparison) == (
        "Comparing staging (location loc_a) with production (location loc_b):\n\nNo differences.\n"
    )


def test_association_only_in_one_location() -> None:
    a = state("loc_a", [assoc("owner"), assoc("listing")])
    b = state("loc_b", [assoc("owner"), assoc("agent", kind=SYSTEM)])
    comparison = compare(a, b)
    assert [(d.key, d.kind) for d in comparison.associations] == [
        ("agent", DifferenceKind.ONLY_IN_B),
        ("listing", DifferenceKind.ONLY_IN_A),
    ]
    text = render(comparison)
    assert (
        '  > association "agent" only in production: '
        'custom_objects.property "Property" ↔ contact "Owner" (SYSTEM_DEFINED)\n'
    ) in text
    assert '  < association "listing" only in staging: ' in text
    assert text.endswith("\nLocations differ: 2 differences.\n")


def test_objects_labels_and_type_differences_are_each_reported() -> None:
    a = state("loc_a", [assoc("owner")])
    b = state(
        "loc_b",
        [assoc("owner", ("custom_objects.house", "contact"), ("Property", "Tenant"), SYSTEM)],
    )
    comparison = compare(a, b)
    assert [d.kind for d in comparison.associations] == [
        DifferenceKind.OBJECTS_DIFFER,
        DifferenceKind.LABELS_DIFFER,
        DifferenceKind.TYPE_DIFFERS,
    ]
    assert render(comparison).splitlines()[2:5] == [
        '  ~ association "owner" objects differ: custom_objects.property ↔ contact in staging, '
        "custom_objects.house ↔ contact in production",
        '  ~ association "owner" labels differ: "Property" ↔ "Owner" in staging, '
        '"Property" ↔ "Tenant" in production',
        '  ~ association "owner" type differs: USER_DEFINED in staging, '
        "SYSTEM_DEFINED in production",
    ]


def test_only_labels_differ() -> None:
    comparison = compare(
        state("loc_a", [assoc("owner")]), state("loc_b", [assoc("owner", labels=("P", "Owner"))])
    )
    assert [d.kind for d in comparison.associations] == [DifferenceKind.LABELS_DIFFER]
    assert render(comparison).endswith("Locations differ: 1 difference.\n")


ALIASES_A = {"p_stg": "villa", "c_stg": "jane", "c2_stg": "bob"}
ALIASES_B = {"p_prd": "villa", "c_prd": "jane", "c2_prd": "bob"}


def test_relations_are_matched_through_each_side_aliases() -> None:
    a = state("loc_a", [assoc("owner", id_="x")], [("x", "p_stg", "c_stg")])
    b = state("loc_b", [assoc("owner", id_="y")], [("y", "p_prd", "c_prd")])
    assert compare(a, b, ALIASES_A, ALIASES_B).equal


def test_relation_only_in_one_location() -> None:
    a = state("loc_a", [assoc("owner", id_="x")], [("x", "p_stg", "c_stg")])
    b = state("loc_b", [assoc("owner", id_="y")], [("y", "p_prd", "c2_prd")])
    comparison = compare(a, b, ALIASES_A, ALIASES_B)
    assert [(r.association_key, r.first, r.second, r.kind) for r in comparison.relations] == [
        ("owner", "villa", "bob", DifferenceKind.ONLY_IN_B),
        ("owner", "villa", "jane", DifferenceKind.ONLY_IN_A),
    ]
    text = render(comparison)
    assert "  > relation owner[villa -> bob] only in production\n" in text
    assert "  < relation owner[villa -> jane] only in staging\n" in text
    assert "Not compared" not in text


def test_relations_with_an_unaliased_or_unshared_record_are_only_counted() -> None:
    a = state(
        "loc_a",
        [assoc("owner", id_="x")],
        [("x", "p_stg", "raw_1"), ("x", "p_stg", "c_stg"), ("gone", "p_stg", "c_stg")],
    )
    b = state("loc_b", [assoc("owner", id_="y")], [("y", "p_prd", "c_prd"), ("y", "p_prd", "z")])
    aliases_b = {"p_prd": "villa", "c_prd": "jane", "z": "only_in_production_alias"}
    comparison = compare(a, b, ALIASES_A, aliases_b)
    assert comparison.equal
    assert comparison.not_compared == (2, 1)
    text = render(comparison)
    assert "Not compared: 2 relation(s) in staging and 1 in production" in text
    assert text.endswith("No differences.\n")


def test_relation_of_association_on_different_key_differs() -> None:
    a = state("loc_a", [assoc("owner", id_="x")], [("x", "p_stg", "c_stg")])
    b = state("loc_b", [assoc("buyer", id_="y")], [("y", "p_prd", "c_prd")])
    comparison = compare(a, b, ALIASES_A, ALIASES_B)
    assert [(r.association_key, r.kind) for r in comparison.relations] == [
        ("buyer", DifferenceKind.ONLY_IN_B),
        ("owner", DifferenceKind.ONLY_IN_A),
    ]
    assert comparison.count == 4


def test_colour_marks_each_line_by_its_marker() -> None:
    a = state("loc_a", [assoc("owner"), assoc("listing")])
    b = state("loc_b", [assoc("owner", labels=("P", "O")), assoc("agent")])
    text = render(compare(a, b), color=True)
    assert click.style('< association "listing" only in staging', fg="red")[:12] in text
    assert "\x1b[32m> association" in text
    assert "\x1b[33m~ association" in text
    assert click.unstyle(text) == render(compare(a, b))
    assert "\x1b[" not in render(compare(a, b))
