"""``diff --format json`` carries every difference its ``equal`` flag counts."""

from __future__ import annotations

import json
from io import StringIO

from ghlsync.engine.compare import Comparison
from ghlsync.kinds.protocol import Difference
from ghlsync.render.comparison_json import comparison_document, render_comparison_json


def _comparison(*kinds: Difference) -> Comparison:
    return Comparison(names=("staging", "production"), location_ids=("s1", "p1"), kinds=kinds)


def test_kinds_differences_are_in_the_document() -> None:
    comparison = _comparison(
        Difference("field custom_objects.car.vin", 0),
        Difference("tag vip", 1),
        Difference("custom_value support_email", None, "values differ"),
    )
    document = comparison_document(comparison)
    assert document["equal"] is False
    assert document["differences"] == [
        {"address": "field custom_objects.car.vin", "only_in": "a", "detail": ""},
        {"address": "tag vip", "only_in": "b", "detail": ""},
        {"address": "custom_value support_email", "only_in": None, "detail": "values differ"},
    ]


def test_every_counted_difference_is_listed() -> None:
    comparison = _comparison(Difference("object custom_objects.car", 1))
    out = StringIO()
    render_comparison_json(comparison, out)
    document = json.loads(out.getvalue())
    listed = sum(len(document[key]) for key in ("associations", "relations", "differences"))
    assert listed == comparison.count == 1


def test_equal_locations_list_no_differences() -> None:
    assert comparison_document(_comparison())["differences"] == []
