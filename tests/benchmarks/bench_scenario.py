"""Generated benchmark scenarios: a config file, a drifted live state, and the request minimum.

The shape is a property portfolio: each property has one owner (a contact) and one listing
agent; agents are few and popular (a skewed, Zipf-like spread, so that some agents have
more than one page of relations). The live state is the declared one with drift: some
declared relations are missing (creates), some in-scope records carry undeclared relations
(deletes), and owners and agents have relations in unmanaged associations (noise a
filtered listing never sees, an unfiltered one has to page through).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LOCATION",
    "PAGE_SIZE",
    "Scenario",
    "minimum_requests",
    "portfolio",
    "skewed_agents",
]

LOCATION = "loc_bench"
PAGE_SIZE = 100
_ASSOCIATIONS = {
    "property_owner": ("custom_objects.property", "Property", "contact", "Owner"),
    "property_agent": ("custom_objects.property", "Listing", "custom_objects.agent", "Agent"),
    "BUSINESSES_CONTACTS_ASSOCIATION": ("business", "Business", "contact", "Contact"),
    "agent_client": ("custom_objects.agent", "Agent", "contact", "Client"),
}
_SYSTEM = {"BUSINESSES_CONTACTS_ASSOCIATION"}
Link = tuple[str, str, str]


@dataclass
class Scenario:
    """Declared links, live links, and which associations the file declares."""

    name: str
    declared: list[Link]
    live: list[Link]
    prune_relations: bool = True
    declared_keys: tuple[str, ...] = ("property_owner", "property_agent")

    @property
    def records(self) -> list[str]:
        """Every record the file names, in first-seen order."""
        return list(dict.fromkeys(r for _, first, second in self.declared for r in (first, second)))

    def pruning_scope(self) -> dict[str, set[str]]:
        """Every record named in ``relations``, for the associations it is named in."""
        scope: dict[str, set[str]] = defaultdict(set)
        for key, first, second in self.declared:
            scope[first].add(key)
            scope[second].add(key)
        return scope

    def config_yaml(self) -> str:
        lines = ["version: 1", f"location: {LOCATION}", "prune:", "  associations: false"]
        lines.append(f"  relations: {'true' if self.prune_relations else 'false'}")
        lines.append("associations:")
        for key in self.declared_keys:
            lines.extend(_association_yaml(key))
        lines.append("relations:")
        for key in self.declared_keys:
            lines.append(f"  {key}:")
            lines.extend(f"    - [{a}, {b}]" for k, a, b in self.declared if k == key)
        return "\n".join(lines) + "\n"

    def _records(self) -> dict[str, list[str]]:
        """Every record the links name, under its object (plans check that records exist)."""
        found: dict[str, dict[str, None]] = {}
        for key, first, second in [*self.declared, *self.live]:
            first_object, _, second_object, _ = _ASSOCIATIONS[key]
            found.setdefault(first_object, {})[first] = None
            found.setdefault(second_object, {})[second] = None
        return {object_key: list(records) for object_key, records in found.items()}

    def state_json(self) -> dict[str, Any]:
        """The sandbox state file (``PUT /_sandbox/state`` body) holding the live links."""
        relations = [
            {"id": f"rel_{n:07d}", "associationId": _association_id(k), "firstRecordId": a,
             "secondRecordId": b}
            for n, (k, a, b) in enumerate(self.live)
        ]
        associations = [_association_json(key) for key in _ASSOCIATIONS]
        location = {
            "associations": associations, "relations": relations, "records": self._records(),
        }
        return {"version": 1, "next_id": 1, "locations": {LOCATION: location}}


def _association_yaml(key: str) -> list[str]:
    first_object, first_label, second_object, second_label = _ASSOCIATIONS[key]
    return [
        f"  - key: {key}",
        f"    first: {{ object: {first_object}, label: {first_label} }}",
        f"    second: {{ object: {second_object}, label: {second_label} }}",
    ]


def _association_id(key: str) -> str:
    """SYSTEM_DEFINED associations have their key as id, like on real locations."""
    return key if key in _SYSTEM else f"assoc_{key}"


def _association_json(key: str) -> dict[str, str]:
    first_object, first_label, second_object, second_label = _ASSOCIATIONS[key]
    return {
        "id": _association_id(key),
        "key": key,
        "firstObjectKey": first_object,
        "firstObjectLabel": first_label,
        "secondObjectKey": second_object,
        "secondObjectLabel": second_label,
        "associationType": "SYSTEM_DEFINED" if key in _SYSTEM else "USER_DEFINED",
    }


def portfolio(records: int, seed: int = 1) -> Scenario:
    """About ``records`` in-scope records: properties, their owners and a few agents."""
    rng = random.Random(seed)
    agents = max(2, records // 20)
    properties = max(1, (records - agents) // 2)
    declared: list[Link] = []
    for p in range(properties):
        declared.append(("property_owner", f"prop_{p:06d}", f"c_{p:06d}"))
        declared.append(("property_agent", f"prop_{p:06d}", f"agent_{_zipf(rng, agents):05d}"))
    return Scenario(f"portfolio {records}", declared, _drifted(declared, rng))


def skewed_agents(properties: int, agents: int, prune_relations: bool, seed: int = 2) -> Scenario:
    """Many properties linked to few agents: the graph a vertex cover reads cheaply."""
    rng = random.Random(seed)
    declared = [
        ("property_agent", f"prop_{p:06d}", f"agent_{rng.randrange(agents):05d}")
        for p in range(properties)
    ]
    mode = "cover" if not prune_relations else "prune"
    return Scenario(
        f"skewed {properties}x{agents} {mode}",
        declared,
        _drifted(declared, rng),
        prune_relations=prune_relations,
        declared_keys=("property_agent",),
    )


def _zipf(rng: random.Random, count: int) -> int:
    """An index in [0, count) where low indexes are much more likely."""
    return min(count - 1, int(count * rng.random() ** 2))


def _drifted(declared: list[Link], rng: random.Random) -> list[Link]:
    """3% of declared links missing, 3% undeclared ones added, plus unmanaged noise.

    The noise: each owner is linked to a business, each agent to 0-249 client contacts,
    through associations the file does not manage.
    """
    live = [link for link in declared if rng.random() >= 0.03]
    for n, (key, first, _) in enumerate(declared):
        if rng.random() < 0.03:
            live.append((key, first, f"c_old_{n:06d}"))
    owners = {second for key, _, second in declared if key == "property_owner"}
    businesses = "BUSINESSES_CONTACTS_ASSOCIATION"
    live.extend((businesses, f"biz_{owner}", owner) for owner in sorted(owners))
    agents = {second for key, _, second in declared if key == "property_agent"}
    for agent in sorted(agents):
        clients = rng.randrange(250)
        live.extend(("agent_client", agent, f"client_{agent}_{n}") for n in range(clients))
    return live


def minimum_requests(scenario: Scenario, scope: Mapping[str, Iterable[str]]) -> int:
    """The fewest requests GHL's pagination allows for ``scope`` (record -> association keys).

    One association listing (four associations: one short page), then per record one
    filtered listing paged until a page comes back shorter than the limit: a record with
    ``n`` matching relations needs ``n // 100 + 1`` pages (exactly 100 needs an empty second
    page, since the API gives no total).
    """
    counts = _matching_counts(scenario.live, scope)
    association_pages = len(_ASSOCIATIONS) // PAGE_SIZE + 1
    return association_pages + sum(counts[record] // PAGE_SIZE + 1 for record in scope)


def _matching_counts(live: list[Link], scope: Mapping[str, Iterable[str]]) -> Counter[str]:
    wanted = {record: set(keys) for record, keys in scope.items()}
    counts: Counter[str] = Counter()
    for key, first, second in live:
        for record in (first, second):
            if key in wanted.get(record, ()):
                counts[record] += 1
    return counts
