"""Mermaid output: structurally valid, escaped, deterministic, and plan changes styled."""

from __future__ import annotations

import dataclasses
import io
import re

from ghlsync.render.mermaid import (
    escape_label,
    mermaid_node_ids,
    render_mermaid,
    render_mermaid_for_plan,
)
from ghlsync.values.plan import Action, AssociationChange, AssociationValue, Plan
from ghlsync.values.state import DesiredAssociation, Side, Source

SOURCE = Source("ghlsync.yaml", 3)
NODE = re.compile(r'^    ([A-Za-z0-9_]+)\["([^"]*)"\]$')
EDGE = re.compile(r'^    ([A-Za-z0-9_]+) (---|-\.-)\|"([^"]*)"\| ([A-Za-z0-9_]+)$')
STYLE = re.compile(r"^    (classDef|linkStyle|class) ")


def assoc(
    key: str, first: str, second: str, labels: tuple[str, str] = ("A", "B")
) -> DesiredAssociation:
    return DesiredAssociation(key, Side(first, labels[0]), Side(second, labels[1]), SOURCE)


def render(associations: list[DesiredAssociation], title: str | None = None) -> str:
    out = io.StringIO()
    render_mermaid(associations, out, title=title)
    return out.getvalue()


def parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]], list[str]]:
    """Split a chart into nodes, edges and style lines; fail on anything else."""
    lines = text.splitlines()
    start = lines.index("flowchart LR")
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    styles: list[str] = []
    for line in lines[start + 1 :]:
        if node := NODE.match(line):
            assert node.group(1) not in nodes, f"node {node.group(1)} defined twice"
            nodes[node.group(1)] = node.group(2)
        elif edge := EDGE.match(line):
            edges.append((edge.group(1), edge.group(2), edge.group(3), edge.group(4)))
        elif STYLE.match(line):
            styles.append(line.strip())
        else:
            raise AssertionError(f"unexpected line: {line!r}")
    return nodes, edges, styles


SCHEMA = [
    assoc("property_owner", "custom_objects.property", "contact", ("Property", "Owner")),
    assoc("deal_company", "opportunity", "business", ("Deal", "Company")),
    assoc("parent_child", "contact", "contact", ("Parent", "Child")),
]


def test_chart_has_header_one_node_per_object_and_edges_between_defined_nodes() -> None:
    nodes, edges, styles = parse(render(SCHEMA))
    assert nodes == {
        "business": "business",
        "contact": "contact",
        "custom_objects_property": "custom_objects.property",
        "opportunity": "opportunity",
    }
    assert [e[2] for e in edges] == [
        "deal_company: Deal ↔ Company",
        "parent_child: Parent ↔ Child",
        "property_owner: Property ↔ Owner",
    ]
    assert all(e[0] in nodes and e[3] in nodes for e in edges)
    assert ("custom_objects_property", "---", edges[2][2], "contact") == edges[2]
    assert styles == []


def test_title_is_front_matter_and_quoted() -> None:
    text = render(SCHEMA, title='CRM "schema": prod')
    header = ["---", 'title: "CRM \\"schema\\": prod"', "---", "flowchart LR"]
    assert text.splitlines()[:4] == header
    assert render(SCHEMA).startswith("flowchart LR\n")


def test_output_is_deterministic_whatever_the_input_order() -> None:
    assert render(SCHEMA) == render(list(reversed(SCHEMA)))


def test_labels_with_mermaid_syntax_characters_are_escaped() -> None:
    tricky = 'Owner "A" [x] {y} (z) |p| <b> #1; `c` & %%'
    nodes, edges, _ = parse(render([assoc("k", "contact", "custom_objects.a-b", ("Ok", tricky))]))
    label = edges[0][2]
    assert not set('"[]{}()|<>`&%') & set(label)
    assert label.endswith(
        "Owner #34;A#34; #91;x#93; #123;y#125; #40;z#41; #124;p#124; "
        "#60;b#62; #35;1#59; #96;c#96; #38; #37;#37;"
    )
    assert nodes["custom_objects_a_b"] == "custom_objects.a-b"


def test_escape_label_keeps_plain_text_readable() -> None:
    assert escape_label("property_owner: Property ↔ Owner") == '"property_owner: Property ↔ Owner"'
    assert escape_label("Café") == '"Caf#233;"'


def test_node_ids_are_safe_unique_and_avoid_reserved_words() -> None:
    ids = mermaid_node_ids(["custom_objects.a_b", "custom_objects_a.b", "end", "custom_objects.é"])
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in ids.values())
    assert len(set(ids.values())) == 4
    assert ids["end"] == "obj_end"
    assert ids["custom_objects.a_b"] == "custom_objects_a_b"
    assert ids["custom_objects_a.b"] == "custom_objects_a_b_2"


def test_empty_schema_is_a_bare_header() -> None:
    assert render([]) == "flowchart LR\n"


def change(
    action: Action, key: str, before: tuple[str, str] | None, after: tuple[str, str] | None
) -> AssociationChange:
    def value(objects: tuple[str, str] | None, id_: str | None) -> AssociationValue | None:
        if objects is None:
            return None
        return AssociationValue(key, Side(objects[0], "A"), Side(objects[1], "B"), id_)

    return AssociationChange(action, value(before, "id_" + key), value(after, None), "r", SOURCE)


def render_plan(changes: tuple[AssociationChange, ...], desired: list[DesiredAssociation]) -> str:
    out = io.StringIO()
    render_mermaid_for_plan(Plan("loc", None, changes, "c", "l"), desired, out)
    return out.getvalue()


def test_plan_chart_colours_changed_edges_and_draws_removed_ones_dashed() -> None:
    desired = [
        assoc("created", "contact", "business"),
        assoc("relabelled", "contact", "opportunity"),
        assoc("reshaped", "custom_objects.car", "contact"),
        assoc("untouched", "business", "opportunity"),
    ]
    changes = (
        change(Action.CREATE, "created", None, ("contact", "business")),
        change(Action.UPDATE, "relabelled", ("contact", "opportunity"), ("contact", "opportunity")),
        change(
            Action.REPLACE,
            "reshaped",
            ("custom_objects.bike", "contact"),
            ("custom_objects.car", "contact"),
        ),
        change(Action.DELETE, "gone", ("custom_objects.boat", "business"), None),
    )
    nodes, edges, styles = parse(render_plan(changes, desired))
    labels = [(e[1], e[2]) for e in edges]
    assert labels == [
        ("---", "+ created: A ↔ B"),
        ("-.-", "- gone: A ↔ B"),
        ("---", "~ relabelled: A ↔ B"),
        ("-.-", "-/+ reshaped: A ↔ B"),
        ("---", "-/+ reshaped: A ↔ B"),
        ("---", "untouched: A ↔ B"),
    ]
    assert {e[0] for e in edges} | {e[3] for e in edges} <= set(nodes)
    link_styles = [s.split()[1] for s in styles if s.startswith("linkStyle")]
    assert link_styles == ["0", "1", "2", "3", "4"]
    assert "classDef deleted stroke:#cf222e,stroke-width:3px,color:#cf222e" in styles
    assert "class custom_objects_boat deleted" in styles
    assert "class custom_objects_bike replaced" in styles
    assert "class opportunity updated" in styles
    defined = {s.split()[1] for s in styles if s.startswith("classDef")}
    used = {s.split()[2] for s in styles if s.startswith("class ")}
    assert used <= defined


def test_plan_without_association_changes_has_no_styles() -> None:
    assert render_plan((), SCHEMA) == render(SCHEMA)


def test_plan_edges_of_live_associations_show_their_cardinality() -> None:
    desired = [assoc("relabelled", "contact", "opportunity")]
    relabelled = change(
        Action.UPDATE, "relabelled", ("contact", "opportunity"), ("contact", "opportunity")
    )
    gone = change(Action.DELETE, "gone", ("business", "contact"), None)
    changes = (
        dataclasses.replace(relabelled, limits="cardinality: MANY_TO_MANY"),
        dataclasses.replace(gone, limits="at most 1 business per contact"),
    )
    _, edges, _ = parse(render_plan(changes, desired))
    assert [e[2] for e in edges] == [
        "- gone: A ↔ B, at most 1 business per contact",
        "~ relabelled: A ↔ B, cardinality: MANY_TO_MANY",
    ]


def test_bidi_and_invisible_characters_are_shown_not_encoded_into_a_label() -> None:
    from ghlsync.render.mermaid import escape_label

    label = escape_label("Owner\u202eevil\u200b\n```")
    assert "#8238;" not in label and "#8203;" not in label and "#10;" not in label
    assert "`" not in label and "\n" not in label


def test_a_title_cannot_close_the_fence_or_add_a_line() -> None:
    text = render(SCHEMA, title="x\n```\n@team\u202e")
    assert text.splitlines()[1].startswith("title: ") and text.splitlines()[2] == "---"
    assert "`" not in text and "\u202e" not in text
