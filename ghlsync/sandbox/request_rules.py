"""Which body and query properties each endpoint accepts: GHL refuses any other one.

GHL validates request bodies and query strings against its DTOs and answers 422
``property X should not exist`` for a property they do not list (docs/design.md). The table
:data:`OFFICIAL` is what HighLevel's official OpenAPI files list for each endpoint the sandbox
serves (``tests/sandbox/test_sandbox_request_rules.py`` checks it against the files), and
:data:`DOCUMENTED_EXCEPTIONS` is the one place listing what real locations accept beyond them
(each with its source), :data:`MISTYPED_IN_SPEC` the properties the files type wrongly. The
conformance test of every request ghlsync sends uses all three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DOCUMENTED_EXCEPTIONS",
    "MISTYPED_IN_SPEC",
    "OFFICIAL",
    "Accepted",
    "accepted",
    "route_of",
    "unknown_properties",
]


@dataclass(frozen=True, slots=True)
class Accepted:
    """The body and query property names an endpoint accepts."""

    body: frozenset[str] = frozenset()
    query: frozenset[str] = frozenset()

    def __or__(self, other: Accepted) -> Accepted:
        return Accepted(self.body | other.body, self.query | other.query)


def _rule(body: str = "", query: str = "") -> Accepted:
    return Accepted(frozenset(body.split()), frozenset(query.split()))


_SEARCH_RECORDS = "locationId page pageLimit query searchAfter"
_V2_FIELD_UPDATE = "locationId name description placeholder showInForms options acceptedFormats "
_LOCATION_FIELD = "name placeholder acceptedFormat isMultipleFile maxNumberOfFiles "

OFFICIAL: dict[tuple[str, str], Accepted] = {
    # apps/associations.json
    ("GET", "/associations"): _rule(query="locationId skip limit"),
    ("POST", "/associations"): _rule("locationId key firstObjectKey firstObjectLabel "
                                     "secondObjectKey secondObjectLabel"),
    ("GET", "/associations/key/{key_name}"): _rule(query="locationId"),
    ("GET", "/associations/objectKey/{objectKey}"): _rule(query="locationId"),
    ("GET", "/associations/{associationId}"): _rule(),
    ("PUT", "/associations/{associationId}"): _rule("firstObjectLabel secondObjectLabel"),
    ("DELETE", "/associations/{associationId}"): _rule(),
    ("POST", "/associations/relations"): _rule("locationId associationId firstRecordId "
                                               "secondRecordId"),
    ("GET", "/associations/relations/{recordId}"): _rule(
        query="locationId skip limit associationIds"
    ),
    ("DELETE", "/associations/relations/{relationId}"): _rule(query="locationId"),
    # apps/objects.json
    ("GET", "/objects"): _rule(query="locationId"),
    ("POST", "/objects"): _rule("labels key description locationId "
                                "primaryDisplayPropertyDetails"),
    ("GET", "/objects/{key}"): _rule(query="locationId fetchProperties"),
    ("PUT", "/objects/{key}"): _rule("labels description locationId searchableProperties"),
    ("POST", "/objects/{schemaKey}/records/search"): _rule(_SEARCH_RECORDS),
    ("GET", "/objects/{schemaKey}/records/{id}"): _rule(),
    # apps/custom-fields.json
    ("POST", "/custom-fields"): _rule(
        "locationId name description placeholder showInForms options acceptedFormats dataType "
        "fieldKey objectKey maxFileLimit allowCustomOption parentId"
    ),
    ("GET", "/custom-fields/{id}"): _rule(),
    ("PUT", "/custom-fields/{id}"): _rule(_V2_FIELD_UPDATE + "maxFileLimit"),
    ("DELETE", "/custom-fields/{id}"): _rule(),
    ("GET", "/custom-fields/object-key/{objectKey}"): _rule(query="locationId"),
    ("POST", "/custom-fields/folder"): _rule("objectKey name locationId"),
    ("PUT", "/custom-fields/folder/{id}"): _rule("name locationId"),
    ("DELETE", "/custom-fields/folder/{id}"): _rule(query="locationId"),
    # apps/locations.json
    ("GET", "/locations/{locationId}/customFields"): _rule(query="model"),
    ("POST", "/locations/{locationId}/customFields"): _rule(
        _LOCATION_FIELD + "textBoxListOptions position model dataType"
    ),
    ("GET", "/locations/{locationId}/customFields/{id}"): _rule(),
    ("PUT", "/locations/{locationId}/customFields/{id}"): _rule(
        _LOCATION_FIELD + "textBoxListOptions position model"
    ),
    ("DELETE", "/locations/{locationId}/customFields/{id}"): _rule(),
    ("GET", "/locations/search"): _rule(query="companyId skip limit order email"),
    # apps/contacts.json, businesses.json, opportunities.json
    ("GET", "/contacts/search/duplicate"): _rule(query="locationId number email"),
    ("POST", "/contacts/search"): _rule(),
    ("GET", "/contacts/{contactId}"): _rule(),
    ("GET", "/businesses"): _rule(query="locationId limit skip"),
    ("GET", "/businesses/{businessId}"): _rule(),
    ("GET", "/opportunities/search"): _rule(
        query="q location_id pipeline_id pipeline_stage_id contact_id status assigned_to "
        "campaignId id order endDate startAfter startAfterId date country page limit getTasks "
        "getNotes getCalendarEvents"
    ),
    ("GET", "/opportunities/{id}"): _rule(),
}
"""(method, official path without its trailing slash) -> what the official schema lists."""

DOCUMENTED_EXCEPTIONS: dict[tuple[str, str], Accepted] = {
    # GHL's issue #300: contact/opportunity field creates accept fieldKey, parentId and
    # description, which the official schema does not list.
    ("POST", "/locations/{locationId}/customFields"): _rule("fieldKey parentId description"),
    # Public code sends picklist options as ``options: [strings]`` on creates and updates
    # of contact/opportunity fields; the schema lists only textBoxListOptions.
    ("PUT", "/locations/{locationId}/customFields/{id}"): _rule("options"),
    # The official search-contacts body is empty; public code sends these (page for paging).
    ("POST", "/contacts/search"): _rule("locationId page pageLimit filters"),
    # Internal SYSTEM_DEFINED associations are listed only with this flag (public captures).
    ("GET", "/associations/objectKey/{objectKey}"): _rule(query="includeInternalAssociations"),
}
DOCUMENTED_EXCEPTIONS[("POST", "/locations/{locationId}/customFields")] |= _rule("options")
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
    rule = accepted(method, route) if route is not None else None
    if rule is None:
        return []
    names = list(body) if isinstance(body, dict) else []
    unknown = [n for n in names if n not in rule.body]
    return unknown + [n for n in dict.fromkeys(query) if n not in rule.query]
