"""The text of ``ghlsync diff``: ``<`` only in A, ``>`` only in B, ``~`` differs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from ghlsync.engine.compare import (
    AssociationDifference,
    Comparison,
    DifferenceKind,
    RelationDifference,
)
from ghlsync.kinds.protocol import Difference
from ghlsync.render.colour import Role, paint
from ghlsync.render.neutral import terminal
from ghlsync.values.state import LiveAssociation

__all__ = ["render_comparison"]

_MARKERS = {DifferenceKind.ONLY_IN_A: "<", DifferenceKind.ONLY_IN_B: ">"}
_ROLES = {"<": Role.DESTROY, ">": Role.ADD, "~": Role.CHANGE}


def render_comparison(comparison: Comparison, out: TextIO, *, color: bool) -> None:
    """Print a terraform-like listing: ``<`` only in A, ``>`` only in B, ``~`` differs."""
    painted = _painter(color)
    out.write(terminal(_heading(comparison)) + "\n\n")
    for line in _difference_lines(comparison):
        out.write(f"  {painted(terminal(line))}\n")
    if not comparison.equal:
        out.write("\n")
    if note := _not_compared_note(comparison):
        out.write(terminal(note) + "\n\n")
    out.write(_summary(comparison) + "\n")


def _painter(color: bool) -> Callable[[str], str]:
    return lambda line: paint(line, _ROLES[line.split(" ", 1)[0]], color)


def _heading(comparison: Comparison) -> str:
    (name_a, name_b), (loc_a, loc_b) = comparison.names, comparison.location_ids
    return f"Comparing {name_a} (location {loc_a}) with {name_b} (location {loc_b}):"


def _difference_lines(comparison: Comparison) -> Iterable[str]:
    yield from difference_lines(comparison.kinds, comparison.names)
    yield from (_association_line(d, comparison.names) for d in comparison.associations)
    yield from (_relation_line(d, comparison.names) for d in comparison.relations)


def _association_line(difference: AssociationDifference, names: tuple[str, str]) -> str:
    subject = f'association "{difference.key}"'
    a, b, kind = difference.a, difference.b, difference.kind
    if a is not None and b is not None:
        what, show = _DETAILS[kind]
        return f"~ {subject} {what}: {show(a)} in {names[0]}, {show(b)} in {names[1]}"
    present = a or b
    assert present is not None
    return f"{_MARKERS[kind]} {subject} {_only_in(kind, names)}: {_describe(present)}"


def _only_in(kind: DifferenceKind, names: tuple[str, str]) -> str:
    return f"only in {names[0] if kind is DifferenceKind.ONLY_IN_A else names[1]}"


def _describe(association: LiveAssociation) -> str:
    first, second = association.first, association.second
    shape = f'{first.object} "{first.label}" ↔ {second.object} "{second.label}"'
    return f"{shape} ({association.association_type.value})"


_DETAILS: dict[DifferenceKind, tuple[str, Callable[[LiveAssociation], str]]] = {
    DifferenceKind.OBJECTS_DIFFER: (
        "objects differ",
        lambda x: f"{x.first.object} ↔ {x.second.object}",
    ),
    DifferenceKind.LABELS_DIFFER: (
        "labels differ",
        lambda x: f'"{x.first.label}" ↔ "{x.second.label}"',
    ),
    DifferenceKind.TYPE_DIFFERS: ("type differs", lambda x: x.association_type.value),
}


def _relation_line(difference: RelationDifference, names: tuple[str, str]) -> str:
    pair = f"{difference.first} -> {difference.second}"
    relation = f"relation {difference.association_key}[{pair}]"
    return f"{_MARKERS[difference.kind]} {relation} {_only_in(difference.kind, names)}"


def _not_compared_note(comparison: Comparison) -> str | None:
    skipped_a, skipped_b = comparison.not_compared
    if not skipped_a and not skipped_b:
        return None
    name_a, name_b = comparison.names
    return (
        f"Not compared: {skipped_a} relation(s) in {name_a} and {skipped_b} in {name_b} "
        "(a record without an alias that both locations define)."
    )


def _summary(comparison: Comparison) -> str:
    if comparison.equal:
        return "No differences."
    count = comparison.count
    return f"Locations differ: {count} difference{'s' if count != 1 else ''}."


def difference_lines(differences: Iterable[Difference], names: tuple[str, str]) -> list[str]:
    """One line each: ``< field X only in staging (production lacks it)``."""
    lines = []
    for difference in differences:
        if difference.side is None:
            lines.append(f"~ {difference.address} differs: {difference.detail}")
            continue
        here, there = names[difference.side], names[1 - difference.side]
        mark = "<" if difference.side == 0 else ">"
        lines.append(f"{mark} {difference.address} only in {here} ({there} lacks it)")
    return lines
