"""``ghlsync diff --format json``: the comparison as one JSON document."""

from __future__ import annotations

from typing import Any, TextIO

from ghlsync.engine.compare import AssociationDifference, Comparison, RelationDifference
from ghlsync.kinds.protocol import Difference
from ghlsync.render.json import dump_json
from ghlsync.values.state import LiveAssociation

__all__ = ["comparison_document", "render_comparison_json"]


def render_comparison_json(comparison: Comparison, out: TextIO) -> None:
    out.write(dump_json(comparison_document(comparison)))


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """``a`` is the first location named, ``b`` the second; ``kind`` says what differs.
    ``differences`` holds what the other kinds compared (objects, fields, custom values, tags)."""
    (name_a, name_b), (location_a, location_b) = comparison.names, comparison.location_ids
    return {
        "a": {"name": name_a, "location_id": location_a},
        "b": {"name": name_b, "location_id": location_b},
        "equal": comparison.equal,
        "associations": [_association(d) for d in comparison.associations],
        "relations": [_relation(d) for d in comparison.relations],
        "differences": [_difference(d) for d in comparison.kinds],
        "not_compared": {"a": comparison.not_compared[0], "b": comparison.not_compared[1]},
    }


def _association(difference: AssociationDifference) -> dict[str, Any]:
    return {
        "key": difference.key,
        "kind": difference.kind.value,
        "a": _live(difference.a),
        "b": _live(difference.b),
    }


def _live(association: LiveAssociation | None) -> dict[str, Any] | None:
    if association is None:
        return None
    first, second = association.first, association.second
    return {
        "id": association.id,
        "first": {"object": first.object, "label": first.label},
        "second": {"object": second.object, "label": second.label},
        "type": association.association_type.value,
    }


def _relation(difference: RelationDifference) -> dict[str, str]:
    return {
        "association_key": difference.association_key,
        "first": difference.first,
        "second": difference.second,
        "kind": difference.kind.value,
    }


_SIDES = {0: "a", 1: "b", None: None}


def _difference(difference: Difference) -> dict[str, str | None]:
    """``only_in`` is "a" or "b", or None when both hold it and ``detail`` says how."""
    return {
        "address": difference.address,
        "only_in": _SIDES[difference.side],
        "detail": difference.detail,
    }
