"""resolve_keys: strategy per object (lookups or one listing), equality, and every error."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ghlsync.errors import ApiError
from ghlsync.values.resolution import (
    KeyRequest,
    ListingPage,
    RecordValues,
    ResolutionError,
    all_pages,
    known_pages,
    prefer_listing,
    resolve_keys,
    values_match,
)
from ghlsync.values.state import NaturalKey, Source

PROPERTY = "custom_objects.property"


class FakeSource:
    """Records per object, a page size, and a log of the requests made."""

    def __init__(self, records: dict[str, list[RecordValues]], page_size: int = 10) -> None:
        self.records = records
        self.page_size = page_size
        self.requests: list[str] = []
        self.batches: list[list[int]] = []
        self.missing: set[str] = set()

    def can_look_up(self, object_key: str) -> bool:
        return object_key != "business"

    def look_up(self, key: NaturalKey) -> list[RecordValues]:
        self.requests.append(f"lookup {key.object} {key.value}")
        self._check(key.object)
        wanted = key.value.casefold()
        return [
            r for r in self.records[key.object]
            if any(wanted in v.casefold() for v in r.properties.values())
        ]

    def look_up_all(self, keys: Sequence[NaturalKey]) -> list[list[RecordValues]]:
        return [self.look_up(key) for key in keys]

    def list_page(self, object_key: str, number: int) -> ListingPage:
        self.requests.append(f"list {object_key} {number}")
        self._check(object_key)
        every = self.records[object_key]
        page = every[(number - 1) * self.page_size : number * self.page_size]
        return ListingPage(tuple(page), self.page_size, len(every))

    def list_pages(self, object_key: str, numbers: Sequence[int]) -> list[ListingPage]:
        self.batches.append(list(numbers))
        return [self.list_page(object_key, number) for number in numbers]

    def _check(self, object_key: str) -> None:
        if object_key in self.missing:
            raise ApiError("POST", f"/objects/{object_key}/records/search", 404, "Not found")


def contacts(count: int) -> list[RecordValues]:
    return [RecordValues(f"c{i}", {"email": f"user{i}@example.com"}) for i in range(count)]


def request(alias: str, object_key: str, name: str, value: str, line: int = 3) -> KeyRequest:
    return KeyRequest(alias, NaturalKey(object_key, name, value), Source("f.yaml", line))


def email(i: int) -> KeyRequest:
    return request(f"u{i}", "contact", "email", f"USER{i}@example.com")


def test_one_key_is_one_lookup() -> None:
    source = FakeSource({"contact": contacts(50)})
    resolved = resolve_keys(source, [email(7)], "loc")
    assert [(r.alias, r.id) for r in resolved] == [("u7", "c7")]
    assert source.requests == ["lookup contact USER7@example.com"]


def test_many_keys_against_few_pages_read_the_listing() -> None:
    source = FakeSource({"contact": contacts(25)})
    resolved = resolve_keys(source, [email(i) for i in range(5)], "loc")
    assert [r.id for r in resolved] == ["c0", "c1", "c2", "c3", "c4"]
    assert source.requests == ["list contact 1", "list contact 2", "list contact 3"]


def test_the_pages_the_first_announces_are_read_in_one_batch() -> None:
    source = FakeSource({"contact": contacts(25)})
    resolve_keys(source, [email(i) for i in range(5)], "loc")
    assert source.batches == [[2, 3]]


def test_records_added_after_the_first_page_are_read_one_page_more() -> None:
    source = FakeSource({"contact": contacts(30)})
    first = source.list_page("contact", 1)
    source.records["contact"] += contacts(35)[30:]  # 5 more since page 1 said 30
    source.requests.clear()
    found = known_pages(
        lambda numbers: source.list_pages("contact", numbers),
        lambda number: source.list_page("contact", number),
        first,
        2,
        "contact records",
    )
    assert len(found) == 35
    assert source.batches == [[2, 3]] and source.requests[-1] == "list contact 4"


def test_a_batched_page_that_repeats_the_first_is_refused() -> None:
    source = FakeSource({"contact": contacts(25)})
    repeat = source.list_page("contact", 1)
    with pytest.raises(ApiError, match="pagination is not advancing"):
        known_pages(lambda numbers: [repeat for _ in numbers], source.list_page, repeat, 2, "c")


def test_few_keys_against_many_pages_look_each_up_after_the_first_page() -> None:
    source = FakeSource({"contact": contacts(1000)})
    resolve_keys(source, [email(i) for i in (3, 500, 999)], "loc")
    assert source.requests[0] == "list contact 1"
    assert sorted(source.requests[1:]) == [
        "lookup contact USER3@example.com",
        "lookup contact USER500@example.com",
        "lookup contact USER999@example.com",
    ]


@pytest.mark.parametrize(("keys", "records"), [(2, 5), (10, 95), (10, 1000), (100, 1000)])
def test_requests_never_exceed_the_cheaper_strategy_plus_one_page(keys: int, records: int) -> None:
    source = FakeSource({"contact": contacts(records)})
    resolve_keys(source, [email(i) for i in range(keys)], "loc")
    pages = -(-records // source.page_size)
    assert len(source.requests) <= min(keys, pages) + 1


def test_businesses_have_no_search_so_they_are_listed() -> None:
    businesses = [RecordValues("b1", {"name": "Acme Inc"}), RecordValues("b2", {"name": "Acme"})]
    source = FakeSource({"business": businesses})
    resolved = resolve_keys(source, [request("acme", "business", "name", "Acme")], "loc")
    assert resolved[0].id == "b2"
    assert source.requests == ["list business 1"]


def test_a_fuzzy_search_is_checked_for_equality() -> None:
    villas = [
        RecordValues("p1", {"mls_number": "A-10010"}),
        RecordValues("p2", {"mls_number": "A-1001"}),
    ]
    source = FakeSource({PROPERTY: villas})
    resolved = resolve_keys(source, [request("villa", PROPERTY, "mls_number", "A-1001")], "loc")
    assert resolved[0].id == "p2"


def test_every_failure_is_reported_at_once_with_its_line() -> None:
    source = FakeSource({
        "contact": [
            RecordValues("c1", {"email": "twin@example.com"}),
            RecordValues("c2", {"email": "Twin@Example.com"}),
        ],
        PROPERTY: [RecordValues("p1", {"address": "1 Main St"})],
    })
    requests = [
        request("twin", "contact", "email", "twin@example.com", 4),
        request("ghost", "contact", "email", "ghost@example.com", 5),
        request("villa", PROPERTY, "mls", "1 Main St", 6),
    ]
    with pytest.raises(ResolutionError) as caught:
        resolve_keys(source, requests, "loc_prd")
    text = str(caught.value)
    assert text.startswith("3 record keys could not be resolved (nothing was changed):")
    assert (
        "f.yaml:4: record 'twin' (contact email 'twin@example.com'): 2 records match in "
        "location loc_prd: c1, c2" in text
    )
    assert "f.yaml:5: record 'ghost' (contact email 'ghost@example.com'): no record matches" in text
    assert "f.yaml:6: record 'villa'" in text and "has a property 'mls'" in text


def test_a_custom_object_missing_from_the_location_is_named() -> None:
    source = FakeSource({PROPERTY: []})
    source.missing.add(PROPERTY)
    with pytest.raises(ResolutionError) as caught:
        resolve_keys(source, [request("villa", PROPERTY, "mls_number", "A-1")], "loc")
    assert "the custom object custom_objects.property does not exist in the location" in str(
        caught.value
    )


def test_a_failed_lookup_of_a_standard_object_is_named_with_the_api_error() -> None:
    source = FakeSource({"contact": contacts(3)})
    source.missing.add("contact")
    with pytest.raises(ResolutionError) as caught:
        resolve_keys(source, [email(1)], "loc")
    expected = "cannot be looked up: POST /objects/contact/records/search: HTTP 404"
    assert expected in str(caught.value)


def test_values_match_by_property_kind() -> None:
    assert values_match(NaturalKey("contact", "email", "Jane@Example.com"), "jane@example.com")
    assert values_match(NaturalKey("contact", "phone", "+1 555-0100"), "+15550100")
    assert not values_match(NaturalKey("business", "name", "Acme"), "acme")
    assert not values_match(NaturalKey("business", "name", "Acme"), None)


def test_listing_is_preferred_when_it_costs_no_more_than_the_lookups() -> None:
    assert prefer_listing(keys=5, pages_left=5)
    assert not prefer_listing(keys=5, pages_left=6)
    assert not prefer_listing(keys=5, pages_left=None)


def test_a_server_repeating_a_full_page_without_a_total_is_an_error_not_a_loop() -> None:
    repeated = ListingPage(tuple(contacts(10)), page_size=10, total=None)
    asked: list[int] = []

    def fetch(number: int) -> ListingPage:
        asked.append(number)
        return repeated

    with pytest.raises(ApiError, match=r"contact records page 2: .*pagination is not advancing"):
        all_pages(fetch, "contact records")
    assert asked == [1, 2]


def test_all_pages_reads_until_a_short_page() -> None:
    every = contacts(25)

    def fetch(number: int) -> ListingPage:
        return ListingPage(tuple(every[(number - 1) * 10 : number * 10]), 10, None)

    assert all_pages(fetch, "contact records") == every


@pytest.mark.parametrize(
    ("declared", "live", "same"),
    [
        ("kim@example.com", "KIM@Example.COM", True),
        ("kim@example.com", "\u212aim@example.com", False),  # KELVIN SIGN, casefolds to k
        ("strasse@example.com", "stra\u00dfe@example.com", False),  # sharp s casefolds to ss
        ("\u00e9lise@example.com", "\u00c9lise@example.com", False),  # only ASCII case is ignored
    ],
)
def test_emails_compare_ignoring_ascii_case_only(declared: str, live: str, same: bool) -> None:
    assert values_match(NaturalKey("contact", "email", declared), live) is same


def test_listings_stop_at_the_page_cap() -> None:
    def endless(number: int) -> ListingPage:
        return ListingPage((RecordValues(f"r{number}", {}),), 1, None)

    with pytest.raises(ApiError, match="did not end within 3 pages"):
        all_pages(endless, "contact records", max_pages=3)


def test_a_batch_never_reads_past_the_page_cap() -> None:
    source = FakeSource({"contact": contacts(100)})
    first = source.list_page("contact", 1)
    with pytest.raises(ApiError, match="did not end within 3 pages"):
        known_pages(
            lambda numbers: source.list_pages("contact", numbers),
            lambda number: source.list_page("contact", number),
            first, 9, "contact records", max_pages=3,
        )
    assert source.batches == [[2, 3]]
