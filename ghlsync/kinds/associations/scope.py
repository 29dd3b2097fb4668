"""Which records' relations a plan must read (docs/design.md, "Scope and pruning").

With ``prune.relations`` every in-scope record is read, each filtered to the associations it
is in scope for. Without it, only declared relations matter, so a small set of records
whose listings cover every declared relation is read: a minimum vertex cover of the
declared relation graph (exact, by König's theorem, on bipartite components; greedy by
degree on the others), plus, once the live associations are known, every record on the limited
side of an association with a cardinality limit, so the kept relations are counted too
(``ghlsync.kinds.associations.cardinality``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain

from ghlsync.plumbing.gc_pause import gc_paused
from ghlsync.values.state import DesiredRelation, DesiredState, LiveAssociation, ReadScope

__all__ = ["minimum_vertex_cover", "read_scope"]

Edge = tuple[str, str]


@gc_paused
def read_scope(
    desired: DesiredState, associations: Mapping[str, LiveAssociation] | None = None
) -> ReadScope:
    """The records to read for ``desired``, each with the association keys to filter on.

    ``associations`` (the live ones, when known) adds the records whose relations a
    cardinality limit counts.
    """
    if desired.prune.relations:
        return _pruning_scope(desired)
    return _covering_scope(desired, associations or {})


def _pruning_scope(desired: DesiredState) -> ReadScope:
    managed = desired.managed_association_keys()
    scope = _named_records(desired.relations, managed)
    if managed:
        for record in desired.managed_records:
            _add_keys(scope, record, managed)
    return ReadScope(scope)


def _named_records(
    relations: Sequence[DesiredRelation], managed: frozenset[str]
) -> dict[str, frozenset[str]]:
    """Every record named in ``relations`` (in the order named) with the keys it is named
    under (``managed`` holds them all). Records share their key sets: with one managed
    association, all share one set."""
    if len(managed) == 1:
        return dict.fromkeys(_record_ids(relations), managed)
    scope: dict[str, frozenset[str]] = dict.fromkeys(_record_ids(relations), frozenset())
    for key, named in _by_key(relations).items():
        alone = frozenset((key,))
        for record in dict.fromkeys(_record_ids(named)):
            _add_keys(scope, record, alone)
    return scope


def _record_ids(relations: Iterable[DesiredRelation]) -> Iterator[str]:
    return chain.from_iterable((r.first.id, r.second.id) for r in relations)


def _by_key(relations: Iterable[DesiredRelation]) -> dict[str, list[DesiredRelation]]:
    grouped: dict[str, list[DesiredRelation]] = defaultdict(list)
    for relation in relations:
        grouped[relation.association_key].append(relation)
    return grouped


def _add_keys(scope: dict[str, frozenset[str]], record: str, keys: frozenset[str]) -> None:
    known = scope.get(record)
    if not known:
        scope[record] = keys
    elif not keys <= known:
        scope[record] = known | keys


def _covering_scope(
    desired: DesiredState, associations: Mapping[str, LiveAssociation]
) -> ReadScope:
    edges = {(r.first.id, r.second.id) for r in desired.relations}
    cover = minimum_vertex_cover(edges)
    keys_by_record: dict[str, set[str]] = defaultdict(set)
    for relation in desired.relations:
        reader = relation.first.id if relation.first.id in cover else relation.second.id
        keys_by_record[reader].add(relation.association_key)
        for limited in _limited_records(relation, associations.get(relation.association_key)):
            keys_by_record[limited].add(relation.association_key)
    return _freeze(keys_by_record)


def _limited_records(
    relation: DesiredRelation, association: LiveAssociation | None
) -> Iterator[str]:
    """The ends of ``relation`` whose number of relations the association limits."""
    if association is None:
        return
    if association.first_to_second_limit is not None:
        yield relation.first.id
    if association.second_to_first_limit is not None:
        yield relation.second.id


def _freeze(keys_by_record: Mapping[str, set[str]]) -> ReadScope:
    return ReadScope({record: frozenset(keys) for record, keys in keys_by_record.items() if keys})


def minimum_vertex_cover(edges: Iterable[Edge]) -> frozenset[str]:
    """A set of vertices touching every edge: minimum on bipartite components."""
    graph = _adjacency(edges)
    cover: set[str] = {v for v, neighbours in graph.items() if v in neighbours}
    for component in _components(graph):
        colouring = _two_colouring(graph, component)
        if colouring is None:
            cover |= _greedy_cover(graph, component, cover)
        else:
            cover |= _konig_cover(graph, colouring)
    return frozenset(cover)


def _adjacency(edges: Iterable[Edge]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
        graph[b].add(a)
    return graph


def _components(graph: Mapping[str, set[str]]) -> list[list[str]]:
    seen: set[str] = set()
    components = []
    for start in sorted(graph):
        if start not in seen:
            seen.add(start)
            components.append(_reach(graph, start, seen))
    return components


def _reach(graph: Mapping[str, set[str]], start: str, seen: set[str]) -> list[str]:
    found, queue = [start], deque([start])
    while queue:
        for neighbour in sorted(graph[queue.popleft()]):
            if neighbour not in seen:
                seen.add(neighbour)
                found.append(neighbour)
                queue.append(neighbour)
    return found


def _two_colouring(graph: Mapping[str, set[str]], component: list[str]) -> dict[str, int] | None:
    colour = {component[0]: 0}
    queue = deque([component[0]])
    while queue:
        vertex = queue.popleft()
        for neighbour in graph[vertex]:
            if neighbour not in colour:
                colour[neighbour] = 1 - colour[vertex]
                queue.append(neighbour)
            elif colour[neighbour] == colour[vertex]:
                return None
    return colour


def _greedy_cover(
    graph: Mapping[str, set[str]], component: list[str], chosen: set[str]
) -> set[str]:
    """Repeatedly take the vertex touching most uncovered edges (a lazy max-heap)."""
    uncovered = {v: {n for n in graph[v] if n not in chosen} for v in component if v not in chosen}
    heap = [(-len(neighbours), v) for v, neighbours in uncovered.items()]
    heapq.heapify(heap)
    cover: set[str] = set()
    while heap:
        negative_degree, vertex = heapq.heappop(heap)
        degree = len(uncovered[vertex])
        if degree == 0:
            continue
        if degree != -negative_degree:
            heapq.heappush(heap, (-degree, vertex))
            continue
        cover.add(vertex)
        for neighbour in uncovered[vertex]:
            uncovered[neighbour].discard(vertex)
        uncovered[vertex] = set()
    return cover


def _konig_cover(graph: Mapping[str, set[str]], colour: Mapping[str, int]) -> set[str]:
    left = sorted(v for v, side in colour.items() if side == 0)
    match = _hopcroft_karp(graph, left)
    reachable = _alternating_reach(graph, left, match)
    return {v for v in left if v not in reachable} | {
        v for v, side in colour.items() if side == 1 and v in reachable
    }


def _alternating_reach(
    graph: Mapping[str, set[str]], left: list[str], match: Mapping[str, str]
) -> set[str]:
    """Vertices reachable from unmatched left vertices by alternating paths."""
    queue = deque(v for v in left if v not in match)
    reached = set(queue)
    while queue:
        vertex = queue.popleft()
        for right in graph[vertex]:
            if right in reached or match.get(vertex) == right:
                continue
            reached.add(right)
            partner = match.get(right)
            if partner is not None and partner not in reached:
                reached.add(partner)
                queue.append(partner)
    return reached


def _hopcroft_karp(graph: Mapping[str, set[str]], left: list[str]) -> dict[str, str]:
    """Maximum matching of a bipartite graph; the result maps both ends to each other."""
    match: dict[str, str] = {}
    while True:
        layers = _bfs_layers(graph, left, match)
        if layers is None:
            return match
        for vertex in left:
            if vertex not in match:
                _augment(graph, vertex, match, layers)


def _bfs_layers(
    graph: Mapping[str, set[str]], left: list[str], match: Mapping[str, str]
) -> dict[str, int] | None:
    layers = {v: 0 for v in left if v not in match}
    queue = deque(layers)
    found_free = False
    while queue:
        vertex = queue.popleft()
        for right in graph[vertex]:
            partner = match.get(right)
            if partner is None:
                found_free = True
            elif partner not in layers:
                layers[partner] = layers[vertex] + 1
                queue.append(partner)
    return layers if found_free else None


def _augment(
    graph: Mapping[str, set[str]], root: str, match: dict[str, str], layers: dict[str, int]
) -> bool:
    """Find one augmenting path from ``root`` along the layers (iteratively) and flip it."""
    stack: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
    path: list[tuple[str, str]] = []
    while stack:
        vertex, candidates = stack[-1]
        if not candidates:
            layers[vertex] = -1
            stack.pop()
            if path:
                path.pop()
            continue
        right = candidates.pop()
        partner = match.get(right)
        if partner is None:
            for left_vertex, right_vertex in [*path, (vertex, right)]:
                match[left_vertex] = right_vertex
                match[right_vertex] = left_vertex
            return True
        if layers.get(partner) == layers[vertex] + 1:
            path.append((vertex, right))
            stack.append((partner, sorted(graph[partner])))
    return False
