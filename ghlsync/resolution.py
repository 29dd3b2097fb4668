"""Resolve natural keys (a contact's email, a business's name...) to record ids.

Per object, the fewest requests: one lookup per key, or one listing of all the object's
records when its page count (known from the first page's ``total``) is no more than the
keys; the pages after the first are then read concurrently. Equality is always checked here
(searches are fuzzy). Every key must match exactly one record; all failures are reported at
once, before anything is written.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ghlsync.errors import ApiError, ConfigError, ConfigProblem
from ghlsync.model import NaturalKey, ResolvedRecord, Source

_NOT_ADVANCING = "the listing repeats records already read; pagination is not advancing"

__all__ = [
    "KeyRequest",
    "ListingPage",
    "RecordSource",
    "RecordValues",
    "ResolutionError",
    "all_pages",
    "known_pages",
    "normalised",
    "prefer_listing",
    "resolve_keys",
    "values_match",
]


@dataclass(frozen=True, slots=True)
class KeyRequest:
    """A natural-key alias of the file, and where it was written."""

    alias: str
    key: NaturalKey
    source: Source


@dataclass(frozen=True, slots=True)
class RecordValues:
    """A record as read from the location: its id and its (text) properties."""

    id: str
    properties: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ListingPage:
    """One page (numbered from 1) of an object's records; ``total`` when the server said."""

    records: tuple[RecordValues, ...]
    page_size: int
    total: int | None = None

    def pages_after(self, number: int) -> int | None:
        """How many pages follow page ``number``: 0 on the last, None when unknown."""
        if len(self.records) < self.page_size:
            return 0
        if self.total is None:
            return None
        return max(0, math.ceil(self.total / self.page_size) - number)


def all_pages(
    fetch: Callable[[int], ListingPage], what: str, first: int = 1
) -> list[RecordValues]:
    """Every record from page ``first`` on, until a page says it is the last.

    A full page that brings no record not read before is an error: a server that repeats a
    page would otherwise be read forever.
    """
    return _Pages(what).read_on(fetch, first)


def known_pages(
    fetch_many: Callable[[Sequence[int]], list[ListingPage]],
    fetch: Callable[[int], ListingPage],
    first: ListingPage,
    what: str,
) -> list[RecordValues]:
    """Every record, given page 1: the pages its ``total`` announces at once (``fetch_many``),
    then one at a time while a last page is still full (records added since page 1)."""
    pages = _Pages(what)
    pages.add(1, first)
    left = first.pages_after(1)
    if not first.records or left == 0:
        return pages.records
    numbers = list(range(2, 2 + (left or 0)))
    for number, page in zip(numbers, fetch_many(numbers), strict=True):
        if not pages.add(number, page):
            return pages.records
    return pages.read_on(fetch, 2 + len(numbers))


class _Pages:
    """Records of pages read so far, each record once; refuses a page that repeats."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.records: list[RecordValues] = []
        self._seen: set[str] = set()

    def add(self, number: int, page: ListingPage) -> bool:
        """Keep the page's new records; False when it was the last."""
        fresh = [record for record in page.records if record.id not in self._seen]
        if page.records and not fresh:
            raise ApiError("GET", f"{self.what} page {number}", None, _NOT_ADVANCING)
        self._seen.update(record.id for record in fresh)
        self.records.extend(fresh)
        return bool(page.records) and page.pages_after(number) != 0

    def read_on(self, fetch: Callable[[int], ListingPage], number: int) -> list[RecordValues]:
        while self.add(number, fetch(number)):
            number += 1
        return self.records


class RecordSource(Protocol):
    """The record endpoints of one location (``ghlsync.client.records.RecordFinder``)."""

    def can_look_up(self, object_key: str) -> bool: ...

    def look_up(self, key: NaturalKey) -> list[RecordValues]: ...

    def look_up_all(self, keys: Sequence[NaturalKey]) -> list[list[RecordValues]]:
        """``look_up`` of each key, in order (concurrently where the source can)."""
        ...

    def list_page(self, object_key: str, number: int) -> ListingPage: ...

    def list_pages(self, object_key: str, numbers: Sequence[int]) -> list[ListingPage]:
        """``list_page`` of each number, in order (concurrently where the source can)."""
        ...


class ResolutionError(ConfigError):
    """Some natural keys matched no record or several; nothing was changed."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        super().__init__(problems)
        count = len(self.problems)
        keys = f"{count} record key{'s' if count != 1 else ''}"
        heading = f"{keys} could not be resolved (nothing was changed):"
        self.args = ("\n".join([heading, *(f"  {p}" for p in self.problems)]),)


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit() or c == "+")


def normalised(property_name: str, value: str) -> str:
    """The form two values of a property are compared in (emails ignore case)."""
    if property_name == "email":
        return value.strip().casefold()
    if property_name == "phone":
        return _digits(value)
    return value.strip()


def values_match(key: NaturalKey, value: str | None) -> bool:
    """Whether a record's ``value`` of the key's property equals the key's value."""
    if value is None:
        return False
    return normalised(key.property, value) == normalised(key.property, key.value)


def prefer_listing(keys: int, pages_left: int | None) -> bool:
    """After the first listing page: read the rest rather than look each key up?"""
    return pages_left is not None and pages_left <= keys


def _matching(request: KeyRequest, records: Iterable[RecordValues]) -> list[str]:
    key = request.key
    found = (r.id for r in records if values_match(key, r.properties.get(key.property)))
    return list(dict.fromkeys(found))


class _ObjectResolver:
    """Finds the candidates of one object's keys with the fewest requests."""

    def __init__(self, source: RecordSource, object_key: str) -> None:
        self.source = source
        self.object_key = object_key

    def candidates(self, requests: Sequence[KeyRequest]) -> dict[str, list[RecordValues]]:
        """alias -> the records worth comparing (a lookup's answer, or the whole listing)."""
        if not self.source.can_look_up(self.object_key):
            return self._everyone(requests, self._pages_from(1))
        if len(requests) == 1:
            return self._looked_up(requests)
        first = self.source.list_page(self.object_key, 1)
        pages_left = first.pages_after(1)
        if prefer_listing(len(requests), pages_left):
            return self._everyone(requests, self._listing(first))
        return self._looked_up(requests)

    def _looked_up(self, requests: Sequence[KeyRequest]) -> dict[str, list[RecordValues]]:
        answers = self.source.look_up_all([request.key for request in requests])
        return {r.alias: answer for r, answer in zip(requests, answers, strict=True)}

    def _pages_from(self, number: int) -> list[RecordValues]:
        fetch = functools.partial(self.source.list_page, self.object_key)
        return all_pages(fetch, f"{self.object_key} records", number)

    def _listing(self, first: ListingPage) -> list[RecordValues]:
        fetch_many = functools.partial(self.source.list_pages, self.object_key)
        fetch = functools.partial(self.source.list_page, self.object_key)
        return known_pages(fetch_many, fetch, first, f"{self.object_key} records")

    @staticmethod
    def _everyone(
        requests: Sequence[KeyRequest], records: list[RecordValues]
    ) -> dict[str, list[RecordValues]]:
        """Each key's equal records from an index; all records when none (to say why)."""
        index: dict[tuple[str, str], list[RecordValues]] = defaultdict(list)
        for name in {request.key.property for request in requests}:
            for record in records:
                value = record.properties.get(name)
                if value is not None:
                    index[(name, normalised(name, value))].append(record)
        found = {
            r.alias: index.get((r.key.property, normalised(r.key.property, r.key.value)), [])
            for r in requests
        }
        return {alias: equal or records for alias, equal in found.items()}


def _problem(request: KeyRequest, message: str) -> ConfigProblem:
    text = f"record '{request.alias}' ({request.key}): {message}"
    return ConfigProblem(request.source.file, request.source.line, text)


def _judge(
    request: KeyRequest, candidates: list[RecordValues], location_id: str
) -> str | ConfigProblem:
    """The one matching id, or the problem to report."""
    matches = _matching(request, candidates)
    if len(matches) == 1:
        return matches[0]
    key = request.key
    if matches:
        shown = ", ".join(matches)
        return _problem(request, f"{len(matches)} records match in location {location_id}: "
                        f"{shown}; make the value unique there or name the record by id")
    if candidates and all(key.property not in c.properties for c in candidates):
        return _problem(request, f"no {key.object} record in location {location_id} has a "
                        f"property '{key.property}' (check the property key)")
    return _problem(request, f"no record matches in location {location_id}")


def _failure(request: KeyRequest, error: ApiError) -> ConfigProblem:
    object_key = request.key.object
    if object_key.startswith("custom_objects.") and error.status in (400, 404):
        return _problem(request, f"the custom object {object_key} does not exist in the target "
                        f"location ({error})")
    return _problem(request, f"cannot be looked up: {error}")


def _by_object(requests: Iterable[KeyRequest]) -> dict[str, list[KeyRequest]]:
    grouped: dict[str, list[KeyRequest]] = defaultdict(list)
    for request in requests:
        grouped[request.key.object].append(request)
    return grouped


def _resolve_object(
    resolver: _ObjectResolver, requests: list[KeyRequest], location_id: str
) -> list[str | ConfigProblem]:
    try:
        candidates = resolver.candidates(requests)
    except ApiError as error:
        return [_failure(request, error) for request in requests]
    return [_judge(request, candidates[request.alias], location_id) for request in requests]


def resolve_keys(
    source: RecordSource,
    requests: Sequence[KeyRequest],
    location_id: str,
) -> tuple[ResolvedRecord, ...]:
    """The id of every requested key, in request order; ResolutionError listing all failures."""
    outcomes: dict[str, str | ConfigProblem] = {}
    for object_key, wanted in _by_object(requests).items():
        resolver = _ObjectResolver(source, object_key)
        results = _resolve_object(resolver, wanted, location_id)
        outcomes.update(zip((r.alias for r in wanted), results, strict=True))
    problems = [o for o in outcomes.values() if isinstance(o, ConfigProblem)]
    if problems:
        raise ResolutionError(problems)
    return tuple(ResolvedRecord(r.alias, r.key, str(outcomes[r.alias])) for r in requests)
