"""Resolve natural keys (a contact's email, a business's name...) to record ids.

Per object, the fewest requests: one lookup per key, or one listing of all the object's
records when its page count (known from the first page's ``total``) is no more than the
keys; the pages page 1 announces are then read concurrently. Equality is always checked here
(searches are fuzzy). Every key must match exactly one record; all failures are reported at
once, before anything is written.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ghlsync.errors import ApiError, ConfigError, ConfigProblem
from ghlsync.values.state import NaturalKey, ResolvedRecord, Source

_NOT_ADVANCING = "the listing repeats records already read; pagination is not advancing"
MAX_PAGES_PAST_SHORT = 1000
DEFAULT_MAX_PAGES = 1000  # GHLSYNC_MAX_PAGES (client/limits.py)
"""Most pages read after a short page because ``total`` says there is more."""

__all__ = [
    "KeyRequest",
    "ListingPage",
    "Paged",
    "RecordSource",
    "RecordValues",
    "ResolutionError",
    "all_pages",
    "ascii_lower",
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
        """How many pages follow page ``number`` (an estimate, earlier pages taken as full):
        0 on the last, None when unknown. A short page is the last unless ``total`` says
        there is more."""
        read = (number - 1) * self.page_size + len(self.records)
        if self.total is not None and read < self.total:
            return max(1, math.ceil((self.total - read) / self.page_size))
        if len(self.records) < self.page_size or self.total is not None:
            return 0
        return None


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_Identified)
Item_co = TypeVar("Item_co", bound=_Identified, covariant=True)


class Paged(Protocol[Item_co]):
    """One page of any listing: its items, the size asked for, the total when known."""

    @property
    def records(self) -> Sequence[Item_co]: ...

    @property
    def page_size(self) -> int: ...

    @property
    def total(self) -> int | None: ...


def all_pages(
    fetch: Callable[[int], Paged[Item]],
    what: str,
    first: int = 1,
    *,
    already_read: int = 0,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> list[Item]:
    """Every item from page ``first`` on (``already_read`` items came before it), for every
    paged listing.

    An empty page ends the listing; a short page too, unless ``total`` says there is more:
    then pages are read until ``total`` is reached, an empty page or one with nothing new
    comes, or a cap is hit (an error, so a lying ``total`` cannot loop forever nor leave a
    listing silently incomplete). A full page that brings nothing new is an error: a server
    that repeats a page would otherwise be read forever. Nor is any listing read past
    ``max_pages`` pages (``GHLSYNC_MAX_PAGES``), whatever its ``total`` says.
    """
    items: list[Item] = []
    seen: set[str] = set()
    number, cap = first, None
    while True:
        if number - first >= max_pages:
            raise ApiError("GET", f"{what} page {number}", None, _too_many_pages(max_pages))
        page = fetch(number)
        fresh = [item for item in page.records if item.id not in seen]
        if page.records and not fresh and cap is None:
            raise ApiError("GET", f"{what} page {number}", None, _NOT_ADVANCING)
        seen.update(item.id for item in fresh)
        items.extend(fresh)
        read = already_read + len(items)
        if not fresh or _last_page(page, read):
            return items
        if len(page.records) < page.page_size and cap is None:
            cap = number + _pages_cap(page, read)
        if cap is not None and number >= cap:
            message = f"total says {page.total} but {read} were read; refusing a partial listing"
            raise ApiError("GET", f"{what} page {number}", None, message)
        number += 1


def known_pages(
    fetch_many: Callable[[Sequence[int]], list[ListingPage]],
    fetch: Callable[[int], ListingPage],
    first: ListingPage,
    pages_left: int,
    what: str,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> list[RecordValues]:
    """Every record, given page 1 and the ``pages_left`` it announces: those pages at once
    (``fetch_many``; never more than ``max_pages`` in all), then, while the listing still
    goes on (records added since page 1), the rest one by one as :func:`all_pages` reads
    them."""
    records = {record.id: record for record in first.records}
    numbers = list(range(2, 2 + min(pages_left, max_pages - 1)))
    pages = fetch_many(numbers) if numbers else []
    for number, page in zip(numbers, pages, strict=True):
        fresh = [record for record in page.records if record.id not in records]
        if page.records and not fresh:
            raise ApiError("GET", f"{what} page {number}", None, _NOT_ADVANCING)
        records.update((record.id, record) for record in fresh)
    last = pages[-1] if pages else first
    if not last.records or _last_page(last, len(records)):
        return list(records.values())
    room = max_pages - 1 - len(numbers)
    if room <= 0:
        raise ApiError("GET", f"{what} page {2 + len(numbers)}", None, _too_many_pages(max_pages))
    later = all_pages(fetch, what, 2 + len(numbers), already_read=len(records), max_pages=room)
    records.update((record.id, record) for record in later if record.id not in records)
    return list(records.values())


def _too_many_pages(max_pages: int) -> str:
    return (
        f"the listing did not end within {max_pages} pages; refusing to read on "
        "(raise the limit with GHLSYNC_MAX_PAGES)"
    )


def _last_page(page: Paged[_Identified], read: int) -> bool:
    if page.total is not None:
        return read >= page.total
    return len(page.records) < page.page_size


def _pages_cap(short: Paged[_Identified], read: int) -> int:
    """How many more pages may follow the first short page: as many as ``total`` needs at
    that page's length, and never more than MAX_PAGES_PAST_SHORT."""
    missing = (short.total or read) - read
    return min(math.ceil(missing / max(1, len(short.records))) + 1, MAX_PAGES_PAST_SHORT)


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


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit() or c == "+")


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lowered and nothing else touched (the Kelvin sign stays itself)."""
    return text.translate(_ASCII_LOWER)


def normalised(property_name: str, value: str) -> str:
    """The form two values of a property are compared in: emails ignore ASCII case only,
    as GHL does (never ``casefold``, which would let ``\u212a`` match ``k``)."""
    if property_name == "email":
        return ascii_lower(value.strip())
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
            return self._everyone(requests, self._listing(first, pages_left))
        return self._looked_up(requests)

    def _looked_up(self, requests: Sequence[KeyRequest]) -> dict[str, list[RecordValues]]:
        answers = self.source.look_up_all([request.key for request in requests])
        return {r.alias: answer for r, answer in zip(requests, answers, strict=True)}

    def _listing(self, first: ListingPage, pages_left: int | None) -> list[RecordValues]:
        """Every record: the pages page 1 announces, read at once, then any more one by one."""
        fetch_many = functools.partial(self.source.list_pages, self.object_key)
        fetch = functools.partial(self.source.list_page, self.object_key)
        return known_pages(fetch_many, fetch, first, pages_left or 0, f"{self.object_key} records")

    def _pages_from(self, number: int, already_read: int = 0) -> list[RecordValues]:
        fetch = functools.partial(self.source.list_page, self.object_key)
        return all_pages(fetch, f"{self.object_key} records", number, already_read=already_read)

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
        return _problem(
            request, f"the custom object {object_key} does not exist in the location ({error})"
        )
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
