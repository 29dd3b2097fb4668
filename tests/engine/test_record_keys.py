"""The natural-key pipeline steps against the sandbox, through the real client."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ghlsync.client import GhlClient, build_http_client
from ghlsync.client.records import RecordFinder
from ghlsync.engine.record_keys import (
    check_record_sides,
    check_same_resolution,
    natural_key_names,
    parse_key_options,
    record_objects,
    resolve_in_location,
)
from ghlsync.errors import ConfigError, PlanFileError, UsageError
from ghlsync.kinds.file import load_document
from ghlsync.plumbing.runner import TaskPool
from ghlsync.sandbox import FaultSettings, Sandbox, SandboxTransport
from ghlsync.sandbox.object_store import ObjectStore
from ghlsync.values.resolution import ListingPage, RecordValues, ResolutionError
from ghlsync.values.state import (
    LiveAssociation,
    LiveRelation,
    LiveState,
    NaturalKey,
    RecordRef,
    ResolvedRecord,
    Side,
)

LOCATION = "loc_prd"
PROPERTY = "custom_objects.property"
RECORDS: dict[str, list[Any]] = {
    "contact": [
        {"id": "c_jane", "email": "jane@example.com"},
        {"id": "c_twin1", "email": "twin@example.com"},
        {"id": "c_twin2", "email": "Twin@example.com"},
        {"id": "c_omar", "phone": "+15550100"},
    ],
    "business": [{"id": "b_acme", "name": "Acme Inc"}],
    "opportunity": [{"id": "o_1", "name": "Villa sale"}],
    PROPERTY: [{"id": "p_villa", "mls_number": "A-1001"}, {"id": "p_other", "mls_number": "A-2"}],
}
CONFIG = """\
version: 1
location: loc_prd
associations:
  - key: property_owner
    first:  { object: custom_objects.property, label: Property }
    second: { object: contact, label: Owner }
records:
  villa: { object: custom_objects.property, mls_number: "A-1001" }
  jane:  { object: contact, email: JANE@example.com }
  omar:  { object: contact, phone: "+1 555 0100" }
  acme:  { object: business, name: Acme Inc }
  deal:  { object: opportunity, name: Villa sale }
managed_records: [acme, deal]
relations:
  property_owner:
    - [villa, jane]
    - [villa, omar]
"""


@pytest.fixture
def sandbox() -> Sandbox:
    box = Sandbox(faults=FaultSettings(rate_max=100_000))
    box.state.location(LOCATION).set_records(
        {k: [e if isinstance(e, str) else e["id"] for e in v] for k, v in RECORDS.items()},
        {e["id"]: {k: v for k, v in e.items() if k != "id"} for v in RECORDS.values() for e in v},
    )
    objects = box.state.location(LOCATION).part(ObjectStore)
    objects.add_object({"id": "o_property", "key": PROPERTY, "standard": False,
                       "labels": {"singular": "Property", "plural": "Properties"}})
    objects.update_object(PROPERTY, {}, [f"{PROPERTY}.mls_number"])
    return box


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[GhlClient]:
    transport = SandboxTransport(sandbox)
    with build_http_client("https://sandbox.invalid", "t0ken", transport=transport) as http:
        yield GhlClient(http, LOCATION, pool=TaskPool(4))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ghlsync.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_kind_of_key_resolves_in_the_location(tmp_path: Path, client: GhlClient) -> None:
    doc = load_document(write(tmp_path, CONFIG))
    desired = resolve_in_location(doc, None, None, client).desired
    pairs = [(r.first, r.second) for r in desired.relations]
    assert pairs == [
        (RecordRef("p_villa", "villa", "A-1001"), RecordRef("c_jane", "jane", "JANE@example.com")),
        (RecordRef("p_villa", "villa", "A-1001"), RecordRef("c_omar", "omar", "+1 555 0100")),
    ]
    assert set(desired.managed_records) == {"b_acme", "o_1"}
    assert {r.alias: r.id for r in desired.resolved} == {
        "acme": "b_acme", "deal": "o_1", "jane": "c_jane", "omar": "c_omar", "villa": "p_villa"
    }
    assert client.stats.by_endpoint() == {
        "POST /contacts/search": 1,
        "GET /businesses/": 1,
        "GET /opportunities/search": 1,
        "GET /objects/": 1,
        "POST /objects/{schemaKey}/records/search": 1,
    }


def test_without_natural_keys_no_request_is_sent(tmp_path: Path, client: GhlClient) -> None:
    doc = load_document(write(tmp_path, "version: 1\nlocation: loc_prd\n"))
    resolve_in_location(doc, None, None, client)
    assert client.stats.requests == 0


def test_bad_keys_fail_together_and_nothing_is_written(
    tmp_path: Path, client: GhlClient, sandbox: Sandbox
) -> None:
    text = (
        CONFIG.replace("JANE@example.com", "twin@example.com")
        .replace("Acme Inc", "Acme Corp")
        .replace("custom_objects.property", "custom_objects.boat")
    )
    doc = load_document(write(tmp_path, text))
    before = sandbox.state.revision
    with pytest.raises(ResolutionError) as caught:
        resolve_in_location(doc, None, None, client)
    message = str(caught.value)
    assert "3 record keys could not be resolved" in message
    assert "record 'jane' (contact email 'twin@example.com'): 2 records match" in message
    assert "c_twin1, c_twin2" in message
    assert "record 'acme' (business name 'Acme Corp'): no record matches in location" in message
    assert "custom object custom_objects.boat does not exist in the location" in message
    assert sandbox.state.revision == before


def test_a_plan_whose_keys_moved_is_stale() -> None:
    key = NaturalKey("contact", "email", "jane@example.com")
    saved = [ResolvedRecord("jane", key, "c_1")]
    check_same_resolution(saved, [ResolvedRecord("jane", key, "c_1")])
    with pytest.raises(PlanFileError) as caught:
        check_same_resolution(saved, [ResolvedRecord("jane", key, "c_2")])
    assert str(caught.value).startswith("saved plan is stale: record 'jane'")
    assert "now resolves to c_2, not c_1" in str(caught.value)


def test_a_plan_whose_natural_key_aliases_changed_is_stale() -> None:
    key = NaturalKey("contact", "email", "jane@example.com")
    differ = "natural-key aliases differ from the plan's: jane, joe"
    with pytest.raises(PlanFileError, match=differ):
        check_same_resolution(
            [ResolvedRecord("jane", key, "c_1")], [ResolvedRecord("joe", key, "c_1")]
        )


def test_export_names_records_by_unique_values(client: GhlClient) -> None:
    objects = {"c_jane": "contact", "c_twin1": "contact", "c_omar": "contact",
               "b_acme": "business", "p_villa": PROPERTY, "p_other": PROPERTY}
    keys = parse_key_options([f"{PROPERTY}=mls_number"])
    named = natural_key_names(RecordFinder(client), objects, keys)
    assert named == {
        "c_jane": ("jane", NaturalKey("contact", "email", "jane@example.com")),
        "b_acme": ("acme_inc", NaturalKey("business", "name", "Acme Inc")),
        "p_villa": ("a-1001", NaturalKey(PROPERTY, "mls_number", "A-1001")),
        "p_other": ("a-2", NaturalKey(PROPERTY, "mls_number", "A-2")),
    }


def test_phones_written_differently_are_one_value_so_neither_is_unique() -> None:
    records = [
        RecordValues("c_a", {"phone": "+1 555-0100"}),
        RecordValues("c_b", {"phone": "+15550100"}),
        RecordValues("c_c", {"phone": "+15550199"}),
    ]

    class Listing:
        def can_look_up(self, object_key: str) -> bool:
            return True

        def list_page(self, object_key: str, number: int) -> ListingPage:
            return ListingPage(tuple(records), 100, len(records))

    objects = {record.id: "contact" for record in records}
    named = natural_key_names(Listing(), objects, {"contact": "phone"})  # type: ignore[arg-type]
    assert set(named) == {"c_c"}


def test_record_objects_come_from_the_relation_sides() -> None:
    owner = LiveAssociation("a1", "property_owner", Side(PROPERTY, "P"), Side("contact", "O"))
    live = LiveState(
        LOCATION,
        {"property_owner": owner},
        {"r1": LiveRelation("r1", "a1", "p_villa", "c_jane"),
         "r2": LiveRelation("r2", "gone", "x", "y")},
    )
    assert record_objects(live) == {"p_villa": PROPERTY, "c_jane": "contact"}


def test_a_key_option_needs_object_and_property() -> None:
    with pytest.raises(UsageError, match="expected OBJECT=PROPERTY"):
        parse_key_options(["custom_objects.property"])


def test_a_natural_key_on_the_wrong_side_of_a_live_association_is_refused(
    tmp_path: Path, client: GhlClient
) -> None:
    text = """\
    version: 1
    location: loc_prd
    records:
      jane: { object: contact, email: jane@example.com }
      acme: { object: business, name: Acme Inc }
    relations:
      company_staff:
        - [jane, acme]
    """
    doc = load_document(write(tmp_path, text))
    desired = resolve_in_location(doc, None, None, client).desired
    staff = LiveAssociation("a9", "company_staff", Side("business", "B"), Side("contact", "C"))
    live = LiveState(LOCATION, {"company_staff": staff})
    with pytest.raises(ConfigError) as caught:
        check_record_sides(desired, live)
    messages = sorted(str(p) for p in caught.value.problems)
    assert messages == [
        f"{tmp_path / 'ghlsync.yaml'}:8: relations.company_staff: record 'acme' is a business, "
        "but the second object of association 'company_staff' in the location is contact",
        f"{tmp_path / 'ghlsync.yaml'}:8: relations.company_staff: record 'jane' is a contact, "
        "but the first object of association 'company_staff' in the location is business",
    ]
    check_record_sides(desired, LiveState(LOCATION))


def test_a_replacement_checks_natural_keys_against_the_declared_sides(
    tmp_path: Path, client: GhlClient
) -> None:
    """The live association still links businesses; the file moves it to properties."""
    doc = load_document(write(tmp_path, CONFIG))
    desired = resolve_in_location(doc, None, None, client).desired
    old = LiveAssociation("a1", "property_owner", Side("business", "B"), Side("contact", "C"))
    check_record_sides(desired, LiveState(LOCATION, {"property_owner": old}))


def test_a_looked_up_email_shared_by_two_contacts_is_refused(
    tmp_path: Path, client: GhlClient
) -> None:
    text = (
        "version: 1\nlocation: loc_prd\nrecords:\n"
        "  twin: { object: contact, email: twin@example.com }\nmanaged_records: [twin]\n"
    )
    doc = load_document(write(tmp_path, text))
    with pytest.raises(ResolutionError) as caught:
        resolve_in_location(doc, None, None, client)
    assert "2 records match in location loc_prd: c_twin1, c_twin2" in str(caught.value)
    assert client.stats.by_endpoint() == {"GET /contacts/search/duplicate": 1}
