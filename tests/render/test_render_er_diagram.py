"""``graph`` with objects: a Mermaid erDiagram from plain values."""

from __future__ import annotations

import io

from ghlsync.render.er_diagram import render_er_diagram
from ghlsync.values.objects import FieldValue, ObjectValue, PrimaryProperty
from ghlsync.values.state import DesiredAssociation, Side, Source

PROPERTY = ObjectValue("custom_objects.property", "Property", "Properties",
                       primary=PrimaryProperty("address", 'The "address"', "TEXT"))
FIELDS = [FieldValue("custom_objects.property", "rooms", "Rooms", "NUMERICAL"),
          FieldValue("custom_objects.property", "mls", "MLS", "TEXT")]
OWNER = DesiredAssociation("property_owner", Side("custom_objects.property", "Property"),
                           Side("contact", "Owner"), Source("f.yaml", 1))


def test_objects_carry_their_fields_sorted_and_the_association_joins_them() -> None:
    out = io.StringIO()
    render_er_diagram([PROPERTY], FIELDS, [OWNER], out)
    assert out.getvalue() == (
        "erDiagram\n"
        '    contact["contact"] {\n'
        "    }\n"
        '    custom_objects_property["custom_objects.property"] {\n'
        "        TEXT address PK \"The 'address'\"\n"
        '        TEXT mls "MLS"\n'
        '        NUMERICAL rooms "Rooms"\n'
        "    }\n"
        '    custom_objects_property }o--o{ contact : "property_owner"\n'
    )
