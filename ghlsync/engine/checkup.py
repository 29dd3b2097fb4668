"""What ``ghlsync doctor`` concludes from a handful of answers: plain values in, checks out.

Each check is one line: ``ok``, an informational ``note``, a ``warn`` or a ``FAIL``, with what
to do about it. Nothing here sends a request (``ghlsync.commands.doctor`` does).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from ghlsync.client.endpoint import Endpoint
from ghlsync.client.probe import Probe
from ghlsync.errors import ApiError
from ghlsync.kinds.associations.cardinality import describe_limits
from ghlsync.kinds.protocol import Listing
from ghlsync.kinds.registry import KINDS
from ghlsync.values.state import DesiredAssociation, DesiredState, LiveAssociation

__all__ = [
    "KEY_SCOPES",
    "Check",
    "Checkup",
    "FileNeeds",
    "Status",
    "access_check",
    "association_checks",
    "cardinality_checks",
    "field_listing_check",
    "parse_answer",
    "rate_limit_checks",
    "record_scope",
    "shape_checks",
    "system_checks",
    "write_scopes_note",
]

REPORT_IT = "report it (with the output of `ghlsync doctor -v`) to the ghlsync maintainers"
Parser = Callable[[object, Endpoint], object]
Parsed = TypeVar("Parsed")


class Status(StrEnum):
    OK = "ok"
    NOTE = "note"
    WARN = "warn"
    FAIL = "FAIL"


@dataclass(frozen=True, slots=True)
class Check:
    topic: str
    status: Status
    message: str
    fix: str = ""


@dataclass(frozen=True, slots=True)
class Checkup:
    """Every check, in the order they ran, and how many requests they took."""

    location_id: str
    checks: tuple[Check, ...]
    requests: int

    @property
    def passed(self) -> bool:
        return all(check.status is not Status.FAIL for check in self.checks)

    def counts(self) -> dict[str, int]:
        tally = Counter(check.status for check in self.checks)
        return {status.value: tally[status] for status in Status}


@dataclass(frozen=True, slots=True)
class FileNeeds:
    """What the file reads: relations, declared custom objects, natural keys by object, and
    the listing of each other kind it manages (``ManagedKind.listing``)."""

    relations: bool = False
    objects: tuple[str, ...] = ()
    key_objects: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()

    @classmethod
    def of(cls, desired: DesiredState, key_objects: Iterable[str]) -> FileNeeds:
        objects = tuple(sorted(desired.objects.objects)) if desired.objects else ()
        relations = bool(desired.relations or desired.managed_records)
        listings = tuple(found for kind in KINDS if (found := kind.listing(desired)))
        return cls(relations, objects, tuple(sorted(set(key_objects))), listings)

    def read_scopes(self) -> list[str]:
        scopes = ["associations.readonly"]
        if self.relations:
            scopes.append("associations/relation.readonly")
        if self.objects:
            scopes += ["objects/schema.readonly", "locations/customFields.readonly"]
        scopes += [f"{listing.family}.readonly" for listing in self.listings]
        return scopes + [record_scope(key) for key in self.key_objects]

    def write_scopes(self) -> list[str]:
        scopes = ["associations.write"]
        if self.relations:
            scopes.append("associations/relation.write")
        if self.objects:
            scopes += ["objects/schema.write", "locations/customFields.write"]
        return scopes + [f"{listing.family}.write" for listing in self.listings]


def record_scope(object_key: str) -> str:
    """The scope that reads ``object_key``'s records (natural keys)."""
    return KEY_SCOPES.get(object_key, "objects/record.readonly")


KEY_SCOPES = {
    "contact": "contacts.readonly",
    "business": "businesses.readonly",
    "opportunity": "opportunities.readonly",
}


def access_check(topic: str, scope: str, probe: Probe, location_id: str) -> Check:
    """Whether ``probe`` (a GET needing ``scope``) was answered, and what to do if not."""
    if probe.ok:
        return Check(topic, Status.OK, f"{probe.request} answered ({scope})")
    message, fix = _refusal(scope, probe, location_id)
    return Check(topic, Status.FAIL, message, fix)


def _refusal(scope: str, probe: Probe, location_id: str) -> tuple[str, str]:
    said = probe.error.message if probe.error else ""
    if probe.status is None:
        fix = "check --base-url (GHL_BASE_URL) and the network"
        return f"no answer to {probe.request}: {said}", fix
    if probe.status in (401, 403) and "scope" in said.lower():
        return f"the token lacks {scope}: {said}", f"add scope {scope} to the Private Integration"
    if probe.status == 401:
        fix = "check GHL_TOKEN (or the environment's token_env / read_token_env)"
        return f"the token was rejected: {said}", fix
    if probe.status == 429:
        return f"{probe.request} was refused: {said}", "wait until the rate limit or quota resets"
    if probe.status == 403:
        fix = "use a token of this location (or a Private Integration installed in it)"
        return f"no access to location {location_id}: {said}", fix
    return f"{probe.request} answered HTTP {probe.status}: {said}", REPORT_IT


FIELD_SCOPE = "locations/customFields.readonly"


def field_listing_check(object_key: str, probe: Probe, location_id: str) -> Check:
    """Whether ``object_key``'s field listing answered; an error ``plan`` would meet too."""
    topic = f"scope {FIELD_SCOPE}"
    if probe.ok:
        return Check(topic, Status.OK, f"{probe.request} answered for {object_key} ({FIELD_SCOPE})")
    if probe.status in (None, 401, 403, 429):
        return access_check(topic, FIELD_SCOPE, probe, location_id)
    said = probe.error.message if probe.error else ""
    message = (
        f"{probe.request} answered HTTP {probe.status}: {said}; ghlsync cannot read "
        f"{object_key} fields in this location, so plan and apply would stop there"
    )
    fix = f"declare no fields of {object_key} for this location, or {REPORT_IT}"
    return Check(f"fields of {object_key}", Status.FAIL, message, fix)


def write_scopes_note(needs: FileNeeds) -> Check:
    scopes = ", ".join(needs.write_scopes())
    message = f"apply also needs {scopes}: not checked, doctor never writes"
    return Check("scopes", Status.NOTE, message)


_BURST_HEADERS = ("X-RateLimit-Max", "X-RateLimit-Interval-Milliseconds")
_DAILY_HEADERS = ("X-RateLimit-Daily-Remaining", "X-RateLimit-Limit-Daily")
_MAX_HEADER_DIGITS = 15


def rate_limit_checks(headers: Mapping[str, str]) -> list[Check]:
    """The burst limit and today's remaining quota, from the rate-limit headers.

    Only whole numbers are shown; any other value is named by its header, never printed (a
    server may put anything there, the token included)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    burst = _unreadable("rate limit", lowered, _BURST_HEADERS) or _burst_check(
        *(_count(lowered.get(name.lower())) for name in _BURST_HEADERS)
    )
    daily = _unreadable("daily quota", lowered, _DAILY_HEADERS) or _daily_check(
        *(_count(lowered.get(name.lower())) for name in _DAILY_HEADERS)
    )
    return [burst, daily]


def _unreadable(topic: str, lowered: Mapping[str, str], names: Sequence[str]) -> Check | None:
    bad = [name for name in names if _not_a_count(lowered.get(name.lower()))]
    if not bad:
        return None
    message = f"{' and '.join(bad)}: not a whole number (the value is not shown)"
    return Check(topic, Status.WARN, message, "ghlsync ignores them and paces by backoff only")


def _not_a_count(value: str | None) -> bool:
    return value is not None and _count(value) is None


def _count(value: str | None) -> str | None:
    """``value`` as plain ASCII digits (at most 15), or None."""
    text = (value or "").strip()
    digits = text.isascii() and text.isdigit() and len(text) <= _MAX_HEADER_DIGITS
    return str(int(text)) if digits else None


def _burst_check(most: str | None, interval: str | None) -> Check:
    if most is None or interval is None:
        message = "no X-RateLimit-Max / X-RateLimit-Interval-Milliseconds headers"
        return Check("rate limit", Status.WARN, message, "none: ghlsync then paces by backoff only")
    return Check("rate limit", Status.OK, f"{most} requests per {interval} ms")


def _daily_check(remaining: str | None, limit: str | None) -> Check:
    if remaining is None or limit is None:
        message = "no X-RateLimit-Daily-Remaining / X-RateLimit-Limit-Daily headers"
        return Check("daily quota", Status.WARN, message, "none: today's quota is unknown")
    if remaining == "0":
        fix = "wait until the daily quota resets"
        return Check("daily quota", Status.FAIL, f"0 of {limit} requests left today", fix)
    return Check("daily quota", Status.OK, f"{remaining} of {limit} requests left today")


def system_checks(live: Iterable[LiveAssociation]) -> list[Check]:
    """One note per SYSTEM_DEFINED association: its objects and limits."""
    return [
        Check("system association", Status.NOTE, _system_line(association))
        for association in sorted(live, key=lambda a: a.key)
        if association.is_system
    ]


def _system_line(association: LiveAssociation) -> str:
    sides = f"{association.first.object} -> {association.second.object}"
    limits = describe_limits(association) or "no limits sent"
    return f"{association.key}: {sides}, {limits}"


def cardinality_checks(desired: DesiredState, live: Mapping[str, LiveAssociation]) -> list[Check]:
    """A FAIL per record the file links to more records than a live limit allows."""
    counts: Counter[tuple[str, int, str]] = Counter()
    for relation in desired.relations:
        counts[(relation.association_key, 0, relation.first.display())] += 1
        counts[(relation.association_key, 1, relation.second.display())] += 1
    checks: list[Check] = []
    for (key, side, record), count in sorted(counts.items()):
        association = live.get(key)
        if association is not None:
            checks += _over_limit(association, side, record, count, desired)
    return checks


def _over_limit(
    association: LiveAssociation, side: int, record: str, count: int, desired: DesiredState
) -> list[Check]:
    limits = (association.first_to_second_limit, association.second_to_first_limit)
    objects = (association.second.object, association.first.object)
    if limits[side] is None or count <= (limits[side] or 0):
        return []
    source = desired.relation_sources.get(association.key)
    where = f"{source}: " if source else ""
    message = (
        f"{where}relations.{association.key} links {record} to {count} {objects[side]} "
        f"records, but {association.key} allows at most {limits[side]}"
    )
    return [Check("cardinality", Status.FAIL, message, "remove the extra relations")]


def parse_answer(probe: Probe, parse: Callable[[object, Endpoint], Parsed]) -> Parsed:
    """``probe``'s answer read by ``parse``; ApiError (naming the request) when it does not fit."""
    route = probe.request.removeprefix("GET ")
    return parse(probe.payload, Endpoint("GET", route, probe.status, route))


def shape_checks(probe: Probe, parse: Parser) -> list[Check]:
    """Whether an answered listing parses; tolerated variants as notes. Nothing if unanswered."""
    if not probe.ok:
        return []
    if probe.payload is None:
        message = f"{probe.request} answered something that is not JSON"
        return [Check("response shape", Status.FAIL, message, REPORT_IT)]
    try:
        parse_answer(probe, parse)
    except ApiError as error:
        message = f"{probe.request}: unexpected answer: {error.message}"
        return [Check("response shape", Status.FAIL, message, REPORT_IT)]
    ok = Check("response shape", Status.OK, f"{probe.request} answers as expected")
    return [ok, *_variant_notes(probe)]


def _variant_notes(probe: Probe) -> list[Check]:
    variants = _variants(probe.payload)
    if not variants:
        return []
    message = f"{probe.request}: {'; '.join(variants)} (tolerated)"
    return [Check("response shape", Status.NOTE, message)]


def _variants(payload: object) -> list[str]:
    """What departs from the documented shapes (``total`` and ``traceId`` beside a listing are
    documented, so they are no note)."""
    if not isinstance(payload, Mapping):
        return []
    found: list[str] = []
    items = [
        item
        for name in ("associations", "relations")
        if isinstance(payload.get(name), list)
        for item in payload[name]
        if isinstance(item, Mapping)
    ]
    if any(_bare_system(item) for item in items):
        found.append("SYSTEM_DEFINED associations without key or labels")
    if any("relationId" in item for item in items):
        found.append("relations name their id relationId")
    return found


def _bare_system(item: Mapping[str, object]) -> bool:
    bare = any(name not in item for name in ("key", "firstObjectLabel", "secondObjectLabel"))
    return item.get("associationType") == "SYSTEM_DEFINED" and bare


def association_checks(desired: DesiredState, live: Mapping[str, LiveAssociation]) -> list[Check]:
    """Associations ``relations`` uses that exist nowhere; declared pairs GHL may not create."""
    checks: list[Check] = []
    for key in sorted({r.association_key for r in desired.relations}):
        if key not in desired.associations and key not in live:
            source = desired.relation_sources.get(key)
            where = f"{source}: " if source else ""
            message = f"{where}relations use {key}, neither declared nor in the location"
            checks.append(Check("associations", Status.FAIL, message, f"declare {key}"))
    for association in desired.associations.values():
        if association.key not in live and not creatable(association):
            checks.append(_uncreatable(association))
    return checks


def creatable(association: DesiredAssociation) -> bool:
    """Pairs GHL documents as creatable (and custom object <-> opportunity, seen live)."""
    kinds = sorted(_kind(side.object) for side in (association.first, association.second))
    return tuple(kinds) in _CREATABLE


_CREATABLE = {
    ("contact", "contact"),
    ("contact", "custom"),
    ("custom", "custom"),
    ("custom", "opportunity"),
}


def _kind(object_key: str) -> str:
    return "custom" if object_key.startswith("custom_objects.") else object_key


def _uncreatable(association: DesiredAssociation) -> Check:
    pair = f"{association.first.object} <-> {association.second.object}"
    message = f"{association.source}: {association.key} pairs {pair}: GHL may refuse to create it"
    fix = "GHL documents contact/custom object pairs only; expect apply to fail on it"
    return Check("associations", Status.WARN, message, fix)


def needs_line(scopes: Sequence[str]) -> Check:
    return Check("scopes", Status.NOTE, f"this file reads with {', '.join(scopes)}")
