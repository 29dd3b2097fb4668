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


INJECTIONS = [
    'Rooms"\n```\n@team see https://evil\n```mermaid\nerDiagram',
    "Rooms\r\n}\nX ||--|| Y : pwned",
    "a\u2028b\u202ec`d",
]


def test_names_keys_and_types_cannot_close_the_block_or_add_syntax() -> None:
    for evil in INJECTIONS:
        primary = PrimaryProperty(f"addr{evil}", evil, f"TEXT{evil}")
        obj = ObjectValue(f"custom_objects.p{evil}", evil, evil, primary=primary)
        field = FieldValue(f"custom_objects.p{evil}", f"k{evil}", evil, f"NUMERICAL{evil}")
        association = DesiredAssociation(
            f"owner{evil}", Side(f"custom_objects.p{evil}", evil), Side("contact", evil),
            Source("f.yaml", 1),
        )
        out = io.StringIO()
        render_er_diagram([obj], [field], [association], out)
        lines = out.getvalue().splitlines()
        assert len(lines) == 8, lines  # header, contact (2), the object (4), the relation
        assert not any("`" in line or "\u2028" in line or "\u202e" in line for line in lines)
        assert all(line.count('"') in (0, 2) for line in lines)
        assert all(line.startswith("    ") or line == "erDiagram" for line in lines)
