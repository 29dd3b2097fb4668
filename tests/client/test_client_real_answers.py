"""Real field, object and create answers (tests/client/real_answers.py): read, never rejected
whole; creates whose answer does not describe what they made count as done; contact fields GHL
keyed from their name are adopted; listings follow ``total`` past a short page."""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx
import pytest
import real_answers as real
from client_fakes import Recorder, association_json, json_response, make_client, relation_json

from ghlsync.client.objects import ObjectsClient
from ghlsync.client.records import RecordFinder
from ghlsync.errors import ApiError
from ghlsync.values.objects import FieldValue, ObjectValue, PrimaryProperty
from ghlsync.values.resolution import ListingPage, RecordValues, all_pages
from ghlsync.values.state import Side

PROPERTY_KEY = "custom_objects.property"
PROPERTY = ObjectValue(
    PROPERTY_KEY, "Property", "Properties", None, PrimaryProperty("address", "Address", "TEXT")
)
BUDGET = FieldValue("contact", "budget", "Buyer budget", "MONETORY")
TIER = FieldValue("contact", "tier", "Tier", "RADIO", ("Gold", "Silver"))
MLS = FieldValue(PROPERTY_KEY, "mls", "MLS", "TEXT")


def _routes(routes: dict[str, Any]) -> Recorder:
    """Answers by "METHOD /path"; a bytes value is sent as it is, a response as given."""

    def handle(request: httpx.Request) -> httpx.Response:
        answer = routes[f"{request.method} {request.url.path}"]
        if isinstance(answer, httpx.Response):
            return answer
        if isinstance(answer, bytes):
            return httpx.Response(201, content=answer)
        return json_response(200 if request.method == "GET" else 201, answer)

    return Recorder(handle)


def _schema_client(routes: dict[str, Any]) -> tuple[ObjectsClient, Recorder]:
    recorder = _routes(routes)
    client, _, _ = make_client(recorder)
    return ObjectsClient(client), recorder


def _calls(recorder: Recorder) -> list[str]:
    return [f"{r.method} {r.url.path}" for r in recorder.requests]


# -- GET /locations/{id}/customFields -------------------------------------------------------

CONTACT_FIELDS = "GET /locations/loc_1/customFields"


def test_a_real_contact_field_listing_yields_only_the_custom_fields_ghlsync_manages() -> None:
    client, _ = _schema_client({CONTACT_FIELDS: real.CONTACT_FIELDS_LISTING})
    fields, folders = client.list_fields("contact")
    assert [(f.key, f.type, f.options, f.id) for f in fields] == [
        ("tier", "RADIO", ("Gold", "Silver"), "cf_tier"),
        ("buyer_budget", "MONETORY", (), "cf_budget"),
    ]
    assert folders == []


@pytest.mark.parametrize("entry", [
    real.STANDARD_FIELD, real.STANDARD_FIELD_WITHOUT_OPTIONS, real.FOLDER_ENTRY,
    real.ENTRY_WITHOUT_NAME, real.DATA_TYPE_AS_OBJECT,
], ids=["standard", "standard-no-options", "folder", "no-name", "datatype-object"])
def test_each_entry_ghlsync_does_not_manage_is_skipped(entry: dict[str, Any]) -> None:
    client, _ = _schema_client({CONTACT_FIELDS: {"customFields": [entry, real.CUSTOM_TIER]}})
    assert [f.key for f in client.list_fields("contact")[0]] == ["tier"]


def test_a_malformed_field_ghlsync_would_manage_is_an_error_naming_it() -> None:
    broken = {**real.CUSTOM_TIER, "picklistOptions": [5]}
    client, _ = _schema_client({CONTACT_FIELDS: {"customFields": [real.STANDARD_FIELD, broken]}})
    with pytest.raises(ApiError, match=r"malformed custom field 'contact\.tier': an option"):
        client.list_fields("contact")


def test_a_stored_key_without_the_model_prefix_is_the_models_own() -> None:
    unprefixed = {**real.CUSTOM_TIER, "fieldKey": "tier"}
    other = {**real.CUSTOM_TIER, "id": "o1", "fieldKey": "opportunity.tier", "model": "opportunity"}
    client, _ = _schema_client({CONTACT_FIELDS: {"customFields": [unprefixed, other]}})
    assert [(f.key, f.id) for f in client.list_fields("contact")[0]] == [("tier", "cf_tier")]


# -- GET /objects/{key}?fetchProperties=true ------------------------------------------------


@pytest.mark.parametrize("key", ["contact", "business", "opportunity"])
def test_a_standard_object_with_embedded_standard_properties_is_read(key: str) -> None:
    answer = json.loads(json.dumps(real.STANDARD_OBJECT_WITH_PROPERTIES).replace("contact", key))
    client, _ = _schema_client({f"GET /objects/{key}": answer})
    value = client.get_object(key)
    assert value is not None and value.key == key
    assert value.searchable == ("email", "tier") and value.primary is None


def test_a_custom_object_reads_its_primary_property_beside_standard_ones_without_id() -> None:
    client, _ = _schema_client({f"GET /objects/{PROPERTY_KEY}": real.CUSTOM_OBJECT_WITH_PROPERTIES})
    value = client.get_object(PROPERTY_KEY)
    assert value is not None and value.primary == PrimaryProperty("address", "Address", "TEXT")


# -- create answers that do not describe what was created -----------------------------------

TERSE_ANSWERS = {
    "id-only": real.CREATED_ID_ONLY,
    "success-only": real.CREATED_SUCCESS_ONLY,
    "empty": real.CREATED_EMPTY_BODY,
    "not-json": real.CREATED_NOT_JSON,
}
TERSE = pytest.mark.parametrize("answer", list(TERSE_ANSWERS.values()), ids=list(TERSE_ANSWERS))


@TERSE
def test_a_custom_object_field_create_with_a_terse_answer_is_read_back(answer: object) -> None:
    listed = {"id": "new_1", "fieldKey": f"{PROPERTY_KEY}.mls", "name": "MLS", "dataType": "TEXT"}
    client, recorder = _schema_client({
        "POST /custom-fields/": answer,
        f"GET /custom-fields/object-key/{PROPERTY_KEY}": {"fields": [listed], "folders": []},
    })
    created = client.create_field(MLS, "folder_1")  # a folder: no object read for parentId
    assert (created.key, created.id) == ("mls", "new_1")
    assert _calls(recorder)[-1] == f"GET /custom-fields/object-key/{PROPERTY_KEY}"


@TERSE
def test_a_contact_field_create_with_a_terse_answer_is_read_back(answer: object) -> None:
    client, _ = _schema_client({
        "POST /locations/loc_1/customFields": answer,
        CONTACT_FIELDS: {"customFields": [real.STANDARD_FIELD, {**real.CUSTOM_TIER,
                                                                "id": "new_1"}]},
    })
    assert client.create_field(TIER, None).id == "new_1"
    assert client.matched == []


@TERSE
def test_an_object_create_with_a_terse_answer_is_read_back(answer: object) -> None:
    client, _ = _schema_client({
        "POST /objects/": answer,
        f"GET /objects/{PROPERTY_KEY}": real.CUSTOM_OBJECT_WITH_PROPERTIES,
    })
    created = client.create_object(PROPERTY)
    assert (created.key, created.id, created.primary) == (
        PROPERTY_KEY, "obj_property", PROPERTY.primary
    )


@TERSE
def test_a_folder_create_with_a_terse_answer_is_identified(answer: object) -> None:
    listing = {"fields": [], "folders": [{"id": "new_1", "name": "Listing"}]}
    client, _ = _schema_client({
        "POST /custom-fields/folder": answer,
        f"GET /custom-fields/object-key/{PROPERTY_KEY}": listing,
    })
    created = client.create_folder(PROPERTY_KEY, "Listing")
    assert (created.name, created.id) == ("Listing", "new_1")


@TERSE
def test_an_association_create_with_a_terse_answer_is_read_back(answer: object) -> None:
    recorder = _routes({
        "POST /associations/": answer,
        "GET /associations/key/property_owner": association_json(id="new_1"),
    })
    client, _, _ = make_client(recorder)
    created = client.create_association(
        "property_owner", Side(PROPERTY_KEY, "Property"), Side("contact", "Owner")
    )
    assert created.id == "new_1"


@TERSE
def test_a_relation_create_with_a_terse_answer_is_read_back(answer: object) -> None:
    recorder = _routes({
        "POST /associations/relations": answer,
        "GET /associations/relations/rec1": {"relations": [relation_json(id="new_1")]},
    })
    client, _, _ = make_client(recorder)
    assert client.create_relation("a1", "rec1", "c1").id == "new_1"


def test_a_terse_create_of_a_field_that_is_not_there_afterwards_is_an_error() -> None:
    client, _ = _schema_client({
        "POST /custom-fields/": real.CREATED_SUCCESS_ONLY,
        f"GET /custom-fields/object-key/{PROPERTY_KEY}": {"fields": [], "folders": []},
    })
    with pytest.raises(ApiError, match=r"create was accepted but field 'field\.custom_objects"):
        client.create_field(MLS, "folder_1")  # a folder: no object read for parentId


# -- contact fields GHL keys from their name ------------------------------------------------


def test_a_contact_field_keyed_from_its_name_on_create_is_done_and_reported() -> None:
    client, _ = _schema_client({
        "POST /locations/loc_1/customFields": {"customField": real.CUSTOM_BUDGET},
    })
    created = client.create_field(BUDGET, None)
    assert (created.key, created.id) == ("buyer_budget", "cf_budget")
    assert client.matched == [
        "field.contact.budget: matched as created: GHL keyed it 'buyer_budget'"
    ]


def test_a_terse_create_keyed_from_the_name_is_found_by_name() -> None:
    client, _ = _schema_client({
        "POST /locations/loc_1/customFields": real.CREATED_SUCCESS_ONLY,
        CONTACT_FIELDS: real.CONTACT_FIELDS_LISTING,
    })
    assert client.create_field(BUDGET, None).id == "cf_budget"
    assert client.matched == [
        "field.contact.budget: matched as created: GHL keyed it 'buyer_budget'"
    ]


def test_a_later_create_refused_as_existing_adopts_the_field_keyed_from_its_name() -> None:
    taken = json_response(400, {"statusCode": 400, "message": "Field already exists"})
    client, _ = _schema_client({
        "POST /locations/loc_1/customFields": taken,
        CONTACT_FIELDS: real.CONTACT_FIELDS_LISTING,
    })
    assert client.create_field(BUDGET, None).id == "cf_budget"
    assert len(client.matched) == 1 and "by its name 'Buyer budget'" in client.matched[0]


def test_a_field_keyed_from_its_name_with_another_type_is_not_adopted() -> None:
    taken = json_response(400, {"statusCode": 400, "message": "Field already exists"})
    client, _ = _schema_client({
        "POST /locations/loc_1/customFields": taken,
        CONTACT_FIELDS: real.CONTACT_FIELDS_LISTING,
    })
    with pytest.raises(ApiError, match=r"'contact\.buyer_budget' already exists as MONETORY"):
        client.create_field(FieldValue("contact", "budget", "Buyer budget", "TEXT"), None)


def test_a_custom_object_field_is_never_adopted_by_name() -> None:
    taken = json_response(400, {"statusCode": 400, "message": "Field already exists"})
    other = {"id": "f9", "fieldKey": f"{PROPERTY_KEY}.mls_number", "name": "MLS",
             "dataType": "TEXT"}
    client, _ = _schema_client({
        "POST /custom-fields/": taken,
        f"GET /custom-fields/object-key/{PROPERTY_KEY}": {"fields": [other], "folders": []},
    })
    with pytest.raises(ApiError, match="Field already exists"):
        client.create_field(MLS, "folder_1")  # a folder: no object read for parentId


# -- pagination -----------------------------------------------------------------------------


def _associations(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [association_json(key=f"k{i}", id=f"a{i}") for i in range(start, start + count)]


def test_a_short_page_is_not_the_last_when_total_says_there_is_more() -> None:
    pages = [{"associations": _associations(60), "total": 150},
             {"associations": _associations(90, 60), "total": 150}]
    recorder = Recorder(lambda request: json_response(200, pages.pop(0)))
    client, _, _ = make_client(recorder)
    assert len(client.list_associations()) == 150
    assert [r.url.params["skip"] for r in recorder.requests] == ["0", "60"]


def test_an_overstated_total_ends_at_an_empty_page() -> None:
    pages = [{"associations": _associations(60), "total": 500}, {"associations": [], "total": 500}]
    recorder = Recorder(lambda request: json_response(200, pages.pop(0)))
    client, _, _ = make_client(recorder)
    assert len(client.list_associations()) == 60
    assert len(recorder.requests) == 2


def test_a_lying_total_cannot_keep_the_listing_going_forever() -> None:
    served: list[int] = []

    def fetch(number: int) -> ListingPage:
        served.append(number)
        fresh = (RecordValues(f"r{number}", {}),)
        return ListingPage(fresh, page_size=100, total=10**9)

    with pytest.raises(ApiError, match=r"refusing a partial listing|did not end within 1000"):
        all_pages(fetch, "contact records")
    assert len(served) <= 1001


def test_record_pages_follow_total_past_a_short_page() -> None:
    every = [RecordValues(f"c{i}", {}) for i in range(90)]

    def fetch(number: int) -> ListingPage:
        chunk = every[:40] if number == 1 else every[40:] if number == 2 else []
        return ListingPage(tuple(chunk), page_size=100, total=90)

    assert all_pages(fetch, "contact records") == every


def test_businesses_after_a_short_page_skip_only_what_was_read() -> None:
    pages = [
        {"businesses": [{"id": f"b{i}", "name": f"B{i}"} for i in range(40)], "total": 90},
        {"businesses": [{"id": f"b{i}", "name": f"B{i}"} for i in range(40, 90)], "total": 90},
    ]
    recorder = Recorder(lambda request: json_response(200, pages.pop(0)))
    client, _, _ = make_client(recorder)
    finder = RecordFinder(client)
    listed = all_pages(functools.partial(finder.list_page, "business"), "business records")
    assert len(listed) == 90
    assert [r.url.params["skip"] for r in recorder.requests] == ["0", "40"]
