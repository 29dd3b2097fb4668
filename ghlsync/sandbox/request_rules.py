"""Which body and query properties each endpoint accepts: GHL refuses any other one.

GHL validates request bodies and query strings against its DTOs and answers 422
``property X should not exist`` for a property they do not list (docs/design.md). The table
:data:`OFFICIAL` is what HighLevel's official OpenAPI files list for each endpoint the sandbox
serves, gathered from the resources of the registry (``tests/test_request_conformance.py``
checks it against the files), :data:`DOCUMENTED_EXCEPTIONS` is the one place listing what real
locations accept beyond them (each with its source), :data:`MISTYPED_IN_SPEC` the properties
the files type wrongly. The conformance test of every request ghlsync sends uses all three.
"""

from __future__ import annotations

import re

from ghlsync.sandbox.registry import RESOURCES
from ghlsync.sandbox.resource import Accepted, rule

__all__ = [
    "DOCUMENTED_EXCEPTIONS",
    "MISTYPED_IN_SPEC",
    "OFFICIAL",
    "Accepted",
    "accepted",
    "route_of",
    "unknown_properties",
]

OFFICIAL: dict[tuple[str, str], Accepted] = {
    endpoint: accepted for resource in RESOURCES for endpoint, accepted in resource.rules.items()
}
"""(method, official path without its trailing slash) -> what the official schema lists (the
rules of every resource of the registry)."""

DOCUMENTED_EXCEPTIONS: dict[tuple[str, str], Accepted] = {
    # GHL's issue #300: contact/opportunity field creates accept fieldKey, parentId and
    # description, which the official schema does not list.
    ("POST", "/locations/{locationId}/customFields"): rule("fieldKey parentId description"),
    # Public code sends picklist options as ``options: [strings]`` on creates and updates
    # of contact/opportunity fields; the schema lists only textBoxListOptions.
    ("PUT", "/locations/{locationId}/customFields/{id}"): rule("options"),
    # The official search-contacts body is empty; public code sends these (page for paging).
    ("POST", "/contacts/search"): rule("locationId page pageLimit filters"),
    # Internal SYSTEM_DEFINED associations are listed only with this flag (public captures).
    ("GET", "/associations/objectKey/{objectKey}"): rule(query="includeInternalAssociations"),
}
DOCUMENTED_EXCEPTIONS[("POST", "/locations/{locationId}/customFields")] |= rule("options")
"""What real locations accept beyond :data:`OFFICIAL` (sources in docs/design.md)."""

MISTYPED_IN_SPEC: dict[tuple[str, str], frozenset[str]] = {
    ("POST", "/associations"): frozenset(
        {"firstObjectKey", "firstObjectLabel", "secondObjectKey", "secondObjectLabel"}
    ),
    ("PUT", "/associations/{associationId}"): frozenset({"firstObjectLabel", "secondObjectLabel"}),
}
"""Properties the official files type ``object`` although every example, the webhook docs
and real locations use strings (a known defect of the spec): checked as strings."""


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)))


_ROUTES = sorted(OFFICIAL, key=lambda route: (route[1].count("{"), -len(route[1])))
_PATTERNS = [(method, template, _pattern(template)) for method, template in _ROUTES]


def route_of(method: str, path: str) -> str | None:
    """The official path template of a ``method`` request to ``path``."""
    trimmed = path.rstrip("/") or "/"
    return next(
        (t for m, t, pattern in _PATTERNS if m == method and pattern.fullmatch(trimmed)), None
    )


def accepted(method: str, route: str) -> Accepted | None:
    """What ``method route`` accepts: the official list plus documented exceptions."""
    official = OFFICIAL.get((method, route))
    if official is None:
        return None
    return official | DOCUMENTED_EXCEPTIONS.get((method, route), Accepted())


def unknown_properties(
    method: str, path: str, body: object, query: list[str]
) -> list[str]:
    """The body and query property names of a request its endpoint does not accept."""
    route = route_of(method, path)
    allowed = accepted(method, route) if route is not None else None
    if allowed is None:
        return []
    names = list(body) if isinstance(body, dict) else []
    unknown = [n for n in names if n not in allowed.body]
    return unknown + [n for n in dict.fromkeys(query) if n not in allowed.query]
