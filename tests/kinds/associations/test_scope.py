import itertools
import random

from ghlsync.kinds.associations.scope import minimum_vertex_cover, read_scope
from ghlsync.values.state import (
    DesiredRelation,
    DesiredState,
    PruneSettings,
    RecordRef,
    Source,
)

SRC = Source("ghlsync.yaml", 1)


def relation(key: str, first: str, second: str) -> DesiredRelation:
    return DesiredRelation(key, RecordRef(first), RecordRef(second), SRC)


def desired(*relations: DesiredRelation, prune: bool = True, managed=()) -> DesiredState:
    return DesiredState(
        location_id="loc",
        environment=None,
        config_path="ghlsync.yaml",
        config_digest="d",
        relations=relations,
        managed_records={m: SRC for m in managed},
        prune=PruneSettings(relations=prune),
    )


def covers(cover: frozenset[str], edges) -> bool:
    return all(a in cover or b in cover for a, b in edges)


def brute_force_minimum(edges) -> int:
    vertices = sorted({v for e in edges for v in e})
    for size in range(len(vertices) + 1):
        for subset in itertools.combinations(vertices, size):
            if covers(frozenset(subset), edges):
                return size
    raise AssertionError


def test_pruning_scope_reads_every_record_for_its_own_associations():
    scope = read_scope(desired(relation("a", "p1", "c1"), relation("b", "p1", "c2")))
    assert scope.records == {
        "p1": frozenset({"a", "b"}),
        "c1": frozenset({"a"}),
        "c2": frozenset({"b"}),
    }


def test_pruning_scope_lists_records_in_the_order_first_named_with_every_key_named_under():
    """The order of the scope is the order of the relation reads."""
    rng = random.Random(7)
    for key_count in (1, 3):
        ends = [(f"r{rng.randrange(40)}", f"r{rng.randrange(40)}") for _ in range(120)]
        relations = [relation(f"k{rng.randrange(key_count)}", *pair) for pair in ends]
        expected: dict[str, set[str]] = {}
        for r in relations:
            expected.setdefault(r.first.id, set()).add(r.association_key)
            expected.setdefault(r.second.id, set()).add(r.association_key)
        scope = read_scope(desired(*relations))
        assert list(scope.records.items()) == [(k, frozenset(v)) for k, v in expected.items()]


def test_managed_records_are_read_for_every_managed_association():
    scope = read_scope(desired(relation("a", "p1", "c1"), managed=["orphan"]))
    assert scope.records["orphan"] == frozenset({"a"})


def test_covering_scope_reads_the_hub_of_a_star_once():
    relations = [relation("owner", f"p{i}", "agent") for i in range(50)]
    scope = read_scope(desired(*relations, prune=False))
    assert scope.records == {"agent": frozenset({"owner"})}


def test_covering_scope_covers_every_declared_relation():
    rng = random.Random(7)
    relations = [relation("k", f"p{rng.randrange(40)}", f"c{rng.randrange(8)}") for _ in range(120)]
    scope = read_scope(desired(*relations, prune=False))
    for r in relations:
        assert r.association_key in scope.records.get(r.first.id, frozenset()) | scope.records.get(
            r.second.id, frozenset()
        )


def test_cover_is_minimum_on_random_bipartite_graphs():
    rng = random.Random(1)
    for _ in range(40):
        count = rng.randrange(1, 12)
        edges = {(f"L{rng.randrange(6)}", f"R{rng.randrange(5)}") for _ in range(count)}
        cover = minimum_vertex_cover(edges)
        assert covers(cover, edges)
        assert len(cover) == brute_force_minimum(edges)


def test_cover_on_odd_cycles_is_valid_and_near_minimum():
    rng = random.Random(2)
    for _ in range(30):
        names = [f"v{i}" for i in range(7)]
        edges = {tuple(rng.sample(names, 2)) for _ in range(rng.randrange(3, 14))}
        cover = minimum_vertex_cover(edges)
        assert covers(cover, edges)
        assert len(cover) <= 2 * brute_force_minimum(edges)


def test_self_loop_record_is_in_the_cover():
    assert minimum_vertex_cover({("x", "x"), ("x", "y")}) == frozenset({"x"})


def test_large_skewed_graph_is_fast_and_small():
    edges = {(f"prop{i}", f"agent{i % 20}") for i in range(20_000)}
    cover = minimum_vertex_cover(edges)
    assert cover == frozenset(f"agent{i}" for i in range(20))


def test_without_pruning_the_limited_side_is_read_too():
    """One business per contact: the contact's listing shows the business it keeps."""
    from ghlsync.values.state import LiveAssociation, Side

    links = LiveAssociation(
        "BCA", "BUSINESSES_CONTACTS_ASSOCIATION", Side("business", "B"), Side("contact", "C"),
        second_to_first_limit=1,
    )
    relations = (relation("BUSINESSES_CONTACTS_ASSOCIATION", "biz1", f"con{i}") for i in range(3))
    wanted = desired(*relations, prune=False)
    assert set(read_scope(wanted).records) == {"biz1"}
    limited = read_scope(wanted, {"BUSINESSES_CONTACTS_ASSOCIATION": links})
    assert set(limited.records) == {"biz1", "con0", "con1", "con2"}
