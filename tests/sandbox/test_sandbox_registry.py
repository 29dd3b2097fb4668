"""The registry of simulated resources: each endpoint is one resource's, with its rules."""

from __future__ import annotations

import re

from ghlsync.sandbox.registry import PARTS, RESOURCES
from ghlsync.sandbox.request_rules import route_of
from ghlsync.sandbox.resource import Resource
from ghlsync.sandbox.state import SandboxState

UNSERVED_RULES = {("PUT", "/custom-fields/folder/{id}")}
"""Official endpoints the sandbox lists rules for but does not simulate (405)."""
UNRULED_ROUTES = {("POST", "/oauth/locationToken")}
"""Endpoints without a JSON rule: the token mint's form body is checked by the agency."""


def _example(template: str) -> str:
    """A path the official template names (``{x}`` becomes a sample id)."""
    return re.sub(r"\{[^}]+\}", "id_1", template)


def _sample(pattern: re.Pattern[str]) -> str:
    """A path a route's pattern matches (every ``[^/]+`` a sample id)."""
    sample = re.sub(r"[()]", "", pattern.pattern.replace("[^/]+", "id_1"))
    assert pattern.fullmatch(sample), pattern.pattern
    return sample


def _served(resource: Resource, method: str, path: str) -> bool:
    return any(
        route.pattern.fullmatch(path) and method in route.handlers for route in resource.routes
    )


def test_every_rule_names_an_endpoint_its_resource_serves() -> None:
    unserved = {
        (method, template)
        for resource in RESOURCES
        for method, template in resource.rules
        if not _served(resource, method, _example(template))
    }
    assert unserved == UNSERVED_RULES


def test_every_endpoint_served_has_its_resources_rule() -> None:
    for resource in RESOURCES:
        for route in resource.routes:
            for method in route.handlers:
                if (method, route.pattern.pattern) in UNRULED_ROUTES:
                    continue
                template = route_of(method, _sample(route.pattern))
                assert (method, template) in resource.rules, (method, route.pattern.pattern)


def test_no_two_resources_serve_one_method_and_path() -> None:
    seen: dict[tuple[str, str], str] = {}
    for resource in RESOURCES:
        for route in resource.routes:
            for method in route.handlers:
                claimed = seen.setdefault((method, route.pattern.pattern), resource.name)
                assert claimed == resource.name, (method, route.pattern.pattern)


def test_each_resource_part_keeps_its_own_keys_of_a_location() -> None:
    state = SandboxState()
    location = state.location("loc_1")
    assert [type(location.part(kind)) for kind in PARTS] == list(PARTS)
    assert all(location.part(kind).to_json() == {} for kind in PARTS)
    assert set(location.to_json()) == {"associations", "relations"}


def test_the_seeding_endpoints_are_the_resources_and_each_is_one_resources() -> None:
    names = [name for resource in RESOURCES for name in resource.admin]
    assert sorted(names) == ["associations", "records"]
    assert len(set(names)) == len(names)
