"""The package's floors (docs/design.md, "Layout"): walks every import of ghlsync/ (ast).

No import circle, not even one that only type checking follows; no module imports a floor
above its own; no command module imports more than a handful of ghlsync modules.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ghlsync"

FLOORS: tuple[tuple[str, ...], ...] = (
    ("errors", "exitcodes", "version", "values"),
    ("plumbing", "render.colour", "render.escape", "render.neutral"),
    ("config", "client", "sandbox"),
    ("kinds",),
    ("engine",),
    ("render",),
    ("connection", "console", "fleet", "commands", "cli", "library", "schemas", "__main__", ""),
)
"""Lowest first. A module's floor is that of the longest prefix naming it ("" is the
package's own ``__init__``, the public face)."""

MOST_IMPORTS_OF_A_COMMAND = 8


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _named(dotted: str) -> str:
    """The module ``ghlsync.<dotted>`` names (a name inside a module names the module)."""
    while dotted not in MODULES:
        if "." not in dotted:
            return ""  # a name the package's own __init__ defines (``__version__``)
        dotted = dotted.rpartition(".")[0]
    return dotted


def _imported(module: str) -> Iterator[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "ghlsync" or name.startswith("ghlsync."):
                target = _named(name.removeprefix("ghlsync").lstrip("."))
                if target != module:
                    yield target


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = ["ghlsync", *package.split(".")] if package else ["ghlsync"]
    parts = parts[: len(parts) - node.level + 1]
    return ".".join([*parts, node.module] if node.module else parts)


GRAPH = {module: set(_imported(module)) for module in MODULES}


def floor_of(module: str) -> int:
    best, floor = -1, -1
    for level, prefixes in enumerate(FLOORS):
        for prefix in prefixes:
            names = module == prefix or module.startswith(f"{prefix}.") or prefix == ""
            if names and len(prefix) > best:
                best, floor = len(prefix), level
    return floor


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return circles


def test_every_module_has_a_floor() -> None:
    assert [m for m in MODULES if floor_of(m) < 0] == []


def test_there_is_no_import_circle() -> None:
    assert circles(GRAPH) == []


def test_no_module_imports_a_floor_above_its_own() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if floor_of(target) > floor_of(module)
    ]
    assert upward == []


def test_command_modules_import_a_handful_of_ghlsync_modules() -> None:
    counts = {m: len(GRAPH[m]) for m in MODULES if m.startswith("commands.")}
    assert {m: n for m, n in counts.items() if n > MOST_IMPORTS_OF_A_COMMAND} == {}


def test_the_walker_finds_circles_and_imports() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c"]]
    assert "kinds.registry" in GRAPH["engine"]
    assert floor_of("values.plan") < floor_of("kinds.objects") < floor_of("commands.plan")
    assert floor_of("render.colour") < floor_of("kinds") < floor_of("render.text")


# --- kinds as plugins (docs/design.md, "Kinds") -------------------------------------------

KIND_PACKAGES = sorted(
    m for m in MODULES
    if m.startswith("kinds.") and m.count(".") == 1 and MODULES[m].name == "__init__.py"
)
"""One folder per kind; the registry is the only module above them that may name them."""

ABOVE_THE_KINDS = sorted(m for m in MODULES if floor_of(m) > floor_of("kinds"))

STILL_NAMED = {
    ("engine.checkup", "kinds.associations.cardinality"),
    ("engine.compare", "kinds.associations.read"),
    ("engine.export", "kinds.associations.read"),
    ("engine.plan_document", "kinds.associations.documents"),
}
"""Associations and objects, the first two kinds, are still read, exported and checked by
name here; each pair goes when a hook takes it over. A new kind may add none."""

KEYED_KINDS = {
    "custom_values": ("LiveCustomValue", "DesiredCustomValue", "CustomValueChange"),
    "tags": ("LiveTag", "TagChange"),
}
"""The kinds whose adding is the proof (one folder and one registry line): their names and
value types appear in no module above the kinds."""


def _kind_imports(module: str) -> set[str]:
    return {t for t in GRAPH[module] if any(t == k or t.startswith(f"{k}.") for k in KIND_PACKAGES)}


def _names_in(module: str) -> set[str]:
    """Every identifier, attribute, keyword, imported name and string constant of ``module``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.keyword | ast.arg) and node.arg:
            found.add(node.arg)
        elif isinstance(node, ast.alias):
            found.update(node.name.split("."))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
    return found


def test_above_the_kinds_only_the_registry_names_a_kind() -> None:
    named = {(m, t) for m in ABOVE_THE_KINDS for t in _kind_imports(m)}
    assert named - STILL_NAMED == set()
    assert STILL_NAMED - named == set(), "a kind no longer named here: drop it from STILL_NAMED"
    assert {t.split(".")[1] for _, t in STILL_NAMED} <= {"associations", "objects"}


def test_above_the_kinds_no_module_names_custom_values_or_tags() -> None:
    words = {word for name, types in KEYED_KINDS.items() for word in (name, *types)}
    named = {m: sorted(_names_in(m) & words) for m in ABOVE_THE_KINDS}
    importing = [m for m in ABOVE_THE_KINDS if "values.location_settings" in GRAPH[m]]
    assert {m: words for m, words in named.items() if words} == {}
    assert importing == []


def test_the_kind_walk_sees_kinds_and_names() -> None:
    assert KIND_PACKAGES == [
        "kinds.associations", "kinds.custom_values", "kinds.objects", "kinds.tags"
    ]
    assert _kind_imports("kinds.registry") >= set(KIND_PACKAGES)
    assert {"custom_values", "tags"} <= _names_in("kinds.registry")
    assert "engine" in ABOVE_THE_KINDS and "kinds.registry" not in ABOVE_THE_KINDS


BELOW_THE_KINDS = sorted(m for m in MODULES if m.startswith(("config", "values")))
"""The file and the plain values: a kind's section of the file and its part of the states
are its own (``FileSection``, ``Slot``), so these name no keyed kind."""

STILL_MENTIONED = {
    "config.fleet_section": "fleet members' `exclude` description (JSON Schema text, kept as is)",
    "values.plan": "the apply phases, named and ordered in one enum (Phase)",
}
"""Where the keyed kinds are still mentioned below them, and why; to shrink."""


def _mentions(module: str) -> bool:
    text = MODULES[module].read_text(encoding="utf-8")
    return re.search(r"custom.values?|CustomValue|\bLiveTag\b", text, re.IGNORECASE) is not None


def test_the_file_and_the_values_name_no_keyed_kind() -> None:
    words = {word for name, types in KEYED_KINDS.items() for word in (name, *types)}
    words |= {"custom_value", "CustomValueModel", "TagName"}
    named = {m: sorted(_names_in(m) & words) for m in BELOW_THE_KINDS}
    assert {m: words for m, words in named.items() if words} == {}
    assert [m for m in BELOW_THE_KINDS if _mentions(m)] == sorted(STILL_MENTIONED)


def test_the_keyed_kinds_words_are_found_where_they_are() -> None:
    assert "config.sections" in BELOW_THE_KINDS and "values.slots" in BELOW_THE_KINDS
    assert {"custom_values", "CustomValueModel"} <= _names_in("kinds.custom_values.section")
    assert "tags" in _names_in("kinds.tags.section")
    assert _mentions("kinds.custom_values.section")
