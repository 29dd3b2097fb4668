"""Mermaid diagrams of a location's associations (``ghlsync graph`` and plan comments).

A ``flowchart LR`` is used: one node per object key and one undirected, labelled edge per
association. GitHub renders it reliably, it allows many edges (and self-loops) between the
same two objects, and its labels can carry arbitrary text once escaped.

Edges cannot take a ``classDef`` in the Mermaid that GitHub ships, so a plan diagram colours
changed edges with ``linkStyle`` and gives each touched object node the ``classDef`` of the
most destructive change on its edges.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from ghlsync.render.neutral import visible
from ghlsync.values.plan import Action, AssociationChange, AssociationValue, Plan
from ghlsync.values.state import DesiredAssociation, Side

__all__ = [
    "escape_label",
    "mermaid_node_ids",
    "mermaid_text",
    "mermaid_word",
    "render_mermaid",
    "render_mermaid_for_plan",
]

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9_]")
_SAFE_LABEL_CHARS = re.compile(r"[A-Za-z0-9 _.,:/+=@!?'~↔-]")
_RESERVED_IDS = frozenset(
    {
        "end",
        "graph",
        "flowchart",
        "subgraph",
        "style",
        "class",
        "classdef",
        "click",
        "linkstyle",
        "default",
        "direction",
    }
)

_SEVERITY = (Action.DELETE, Action.REPLACE, Action.CREATE, Action.UPDATE)
_CLASSES = {
    Action.CREATE: "created",
    Action.UPDATE: "updated",
    Action.REPLACE: "replaced",
    Action.DELETE: "deleted",
}
_COLOURS = {
    Action.CREATE: "#2da44e",
    Action.UPDATE: "#bf8700",
    Action.REPLACE: "#8250df",
    Action.DELETE: "#cf222e",
}


@dataclass(frozen=True, slots=True)
class _Edge:
    key: str
    first: Side
    second: Side
    action: Action | None = None
    removed: bool = False  # the "before" of a delete or replacement: drawn dashed
    limits: str | None = None


def render_mermaid(
    associations: Iterable[DesiredAssociation], out: TextIO, *, title: str | None = None
) -> None:
    """Write a Mermaid flowchart of ``associations`` (sorted by key) to ``out``."""
    edges = [_Edge(a.key, a.first, a.second) for a in associations]
    _write_chart(sorted(edges, key=_edge_order), out, title)


def render_mermaid_for_plan(
    plan: Plan,
    desired: Iterable[DesiredAssociation | AssociationValue],
    out: TextIO,
    *,
    title: str | None = None,
) -> None:
    """Write the desired schema with the plan's association changes coloured.

    Deleted associations and the old shape of replaced ones are drawn as dashed edges.
    """
    changes = {c.key: c for c in plan.changes if isinstance(c, AssociationChange)}
    edges = [_desired_edge(a, changes.get(a.key)) for a in desired]
    edges += [edge for change in changes.values() if (edge := _removed_edge(change))]
    _write_chart(sorted(edges, key=_edge_order), out, title)


def mermaid_node_ids(object_keys: Iterable[str]) -> dict[str, str]:
    """Map each object key to a unique Mermaid id matching ``[A-Za-z0-9_]+``."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(set(object_keys)):
        ids[key] = _unique(_base_id(key), taken)
        taken.add(ids[key])
    return ids


def _desired_edge(
    association: DesiredAssociation | AssociationValue, change: AssociationChange | None) -> _Edge:
    action = change.action if change and change.action is not Action.DELETE else None
    limits = change.limits if change and change.action is Action.UPDATE else None
    return _Edge(association.key, association.first, association.second, action, limits=limits)


def _removed_edge(change: AssociationChange) -> _Edge | None:
    if change.action not in (Action.DELETE, Action.REPLACE) or change.before is None:
        return None
    before = change.before
    return _Edge(
        before.key, before.first, before.second, change.action, removed=True, limits=change.limits
    )


def _edge_order(edge: _Edge) -> tuple[str, bool]:
    return (edge.key, not edge.removed)


def _base_id(object_key: str) -> str:
    base = _UNSAFE_ID_CHARS.sub("_", object_key) or "object"
    return f"obj_{base}" if base.lower() in _RESERVED_IDS else base


def _unique(base: str, taken: set[str]) -> str:
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}_{suffix}", suffix + 1
    return candidate


def escape_label(text: str) -> str:
    """Quote ``text`` for a flowchart, turning every risky character into a ``#code;`` entity
    (invisible and control characters first become visible escapes)."""
    escaped = "".join(
        ch if _SAFE_LABEL_CHARS.fullmatch(ch) else f"#{ord(ch)};" for ch in visible(text)
    )
    return f'"{escaped}"'


def mermaid_text(text: str) -> str:
    """``text`` made safe inside a double-quoted Mermaid string of any diagram: one line (so no
    fence can close), no double quote or backtick, no invisible character."""
    return visible(text).replace('"', "'").replace("`", "'")


def mermaid_word(text: str) -> str:
    """``text`` as a bare Mermaid word (an attribute name or type): ``[A-Za-z0-9_]+``."""
    return _UNSAFE_ID_CHARS.sub("_", text) or "_"


def _write_chart(edges: Sequence[_Edge], out: TextIO, title: str | None) -> None:
    ids = mermaid_node_ids(obj for e in edges for obj in (e.first.object, e.second.object))
    lines = [*_title_lines(title), "flowchart LR"]
    lines += [f"    {node_id}[{escape_label(key)}]" for key, node_id in ids.items()]
    lines += [_edge_line(edge, ids) for edge in edges]
    lines += _style_lines(edges, ids)
    out.write("\n".join(lines) + "\n")


def _title_lines(title: str | None) -> list[str]:
    if title is None:
        return []
    return ["---", f"title: {json.dumps(visible(title).replace('`', chr(39)))}", "---"]


def _edge_line(edge: _Edge, ids: Mapping[str, str]) -> str:
    label = f"{edge.key}: {edge.first.label} ↔ {edge.second.label}"
    if edge.limits:
        label = f"{label}, {edge.limits}"
    if edge.action is not None:
        label = f"{edge.action.symbol} {label}"
    arrow = "-.-" if edge.removed else "---"
    first, second = ids[edge.first.object], ids[edge.second.object]
    return f"    {first} {arrow}|{escape_label(label)}| {second}"


def _style_lines(edges: Sequence[_Edge], ids: Mapping[str, str]) -> list[str]:
    touched = {e.action for e in edges if e.action is not None}
    lines = [_class_def(action) for action in _SEVERITY if action in touched]
    lines += [
        f"    linkStyle {index} stroke:{_COLOURS[e.action]},stroke-width:3px"
        for index, e in enumerate(edges)
        if e.action is not None
    ]
    lines += [f"    class {node} {_CLASSES[action]}" for node, action in _node_classes(edges, ids)]
    return lines


def _class_def(action: Action) -> str:
    colour = _COLOURS[action]
    return f"    classDef {_CLASSES[action]} stroke:{colour},stroke-width:3px,color:{colour}"


def _node_classes(edges: Sequence[_Edge], ids: Mapping[str, str]) -> list[tuple[str, Action]]:
    worst: dict[str, Action] = {}
    for edge in edges:
        if edge.action is None:
            continue
        for obj in (edge.first.object, edge.second.object):
            worst[obj] = min(worst.get(obj, edge.action), edge.action, key=_SEVERITY.index)
    return [(ids[obj], worst[obj]) for obj in sorted(worst)]
