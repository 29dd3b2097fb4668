"""The doctor's conclusions from plain answers: ``ghlsync.engine.checkup``."""

from __future__ import annotations

import io

import pytest

from ghlsync.client.parse import association_page, relation_page
from ghlsync.client.probe import Probe
from ghlsync.engine.checkup import (
    Check,
    Checkup,
    FileNeeds,
    Status,
    access_check,
    association_checks,
    cardinality_checks,
    rate_limit_checks,
    shape_checks,
    system_checks,
)
from ghlsync.errors import ApiError
from ghlsync.values.state import (
    AssociationType,
    DesiredAssociation,
    DesiredRelation,
    DesiredState,
    LiveAssociation,
    RecordRef,
    Side,
    Source,
)

LISTING = "GET /associations/"
BUSINESS_CONTACTS = LiveAssociation(
    "BUSINESSES_CONTACTS_ASSOCIATION",
    "BUSINESSES_CONTACTS_ASSOCIATION",
    Side("business", ""),
    Side("contact", ""),
    AssociationType.SYSTEM_DEFINED,
    first_to_second_limit=10000,
    second_to_first_limit=1,
)
RATE_HEADERS = {
    "X-RateLimit-Max": "100",
    "X-RateLimit-Interval-Milliseconds": "10000",
    "X-RateLimit-Limit-Daily": "200000",
    "X-RateLimit-Daily-Remaining": "199990",
}


def _refused(status: int | None, message: str) -> Probe:
    return Probe(LISTING, status, {}, None, ApiError("GET", "/associations/", status, message))


def _desired(**fields: object) -> DesiredState:
    return DesiredState("loc_1", None, "ghlsync.yaml", "digest", **fields)  # type: ignore[arg-type]


def _relation(key: str, first: str, second: str, line: int = 9) -> DesiredRelation:
    return DesiredRelation(key, RecordRef(first), RecordRef(second), Source("ghlsync.yaml", line))


def _declared(key: str, first: str, second: str) -> DesiredAssociation:
    return DesiredAssociation(key, Side(first, "A"), Side(second, "B"), Source("ghlsync.yaml", 4))


def test_an_answered_probe_is_ok() -> None:
    check = access_check("token", "associations.readonly", Probe(LISTING, 200), "loc_1")
    assert check.status is Status.OK and "associations.readonly" in check.message


def test_a_scope_refusal_says_which_scope_to_add() -> None:
    probe = _refused(401, "The token is not authorized for this scope.")
    check = access_check("token", "associations.readonly", probe, "loc_1")
    assert check.status is Status.FAIL
    assert check.fix == "add scope associations.readonly to the Private Integration"


def test_a_rejected_token_says_where_the_token_comes_from() -> None:
    check = access_check("token", "associations.readonly", _refused(401, "Invalid JWT"), "loc_1")
    assert check.status is Status.FAIL and "the token was rejected" in check.message
    assert "GHL_TOKEN" in check.fix


def test_a_forbidden_location_names_the_location() -> None:
    check = access_check("token", "associations.readonly", _refused(403, "Forbidden"), "loc_1")
    assert check.status is Status.FAIL and "no access to location loc_1" in check.message


def test_no_answer_points_at_the_base_url() -> None:
    check = access_check("token", "associations.readonly", _refused(None, "refused"), "loc_1")
    assert check.status is Status.FAIL and "--base-url" in check.fix


def test_rate_limit_headers_are_read_whatever_their_case() -> None:
    lowered = {name.lower(): value for name, value in RATE_HEADERS.items()}
    burst, daily = rate_limit_checks(lowered)
    assert (burst.status, burst.message) == (Status.OK, "100 requests per 10000 ms")
    assert (daily.status, daily.message) == (Status.OK, "199990 of 200000 requests left today")


def test_missing_rate_limit_headers_warn_of_backoff_pacing() -> None:
    burst, daily = rate_limit_checks({})
    assert burst.status is Status.WARN and "backoff only" in burst.fix
    assert daily.status is Status.WARN


def test_a_spent_daily_quota_fails() -> None:
    _, daily = rate_limit_checks({**RATE_HEADERS, "X-RateLimit-Daily-Remaining": "0"})
    assert daily.status is Status.FAIL and "0 of 200000" in daily.message


def test_system_associations_are_listed_with_their_limits() -> None:
    user = LiveAssociation("a1", "owner", Side("contact", "A"), Side("contact", "B"))
    (check,) = system_checks([user, BUSINESS_CONTACTS])
    assert check.status is Status.NOTE
    assert check.message.startswith(
        "BUSINESSES_CONTACTS_ASSOCIATION: business -> contact, at most 1"
    )


def test_relations_past_a_limit_fail_with_their_line() -> None:
    relations = (
        _relation("BUSINESSES_CONTACTS_ASSOCIATION", "b1", "c1"),
        _relation("BUSINESSES_CONTACTS_ASSOCIATION", "b2", "c1"),
    )
    desired = _desired(
        relations=relations,
        relation_sources={"BUSINESSES_CONTACTS_ASSOCIATION": Source("ghlsync.yaml", 7)},
    )
    (check,) = cardinality_checks(desired, {BUSINESS_CONTACTS.key: BUSINESS_CONTACTS})
    assert check.status is Status.FAIL
    assert check.message.startswith("ghlsync.yaml:7: relations.BUSINESSES_CONTACTS_ASSOCIATION")
    assert "links c1 to 2 business records" in check.message and "at most 1" in check.message


def test_relations_within_the_limits_pass() -> None:
    desired = _desired(relations=(_relation("BUSINESSES_CONTACTS_ASSOCIATION", "b1", "c1"),))
    assert cardinality_checks(desired, {BUSINESS_CONTACTS.key: BUSINESS_CONTACTS}) == []


def test_a_listing_in_an_unknown_wrapper_fails_naming_the_endpoint() -> None:
    probe = Probe(LISTING, 200, {}, {"items": []})
    (check,) = shape_checks(probe, association_page)
    assert check.status is Status.FAIL and check.message.startswith("GET /associations/:")
    assert "report it" in check.fix


def test_a_listing_missing_a_field_names_it() -> None:
    probe = Probe("GET /associations/relations/{recordId}", 200, {}, {"relations": [{"id": "r"}]})
    (check,) = shape_checks(probe, relation_page)
    assert check.status is Status.FAIL and "associationId" in check.message


def test_a_body_that_is_not_json_fails() -> None:
    (check,) = shape_checks(Probe(LISTING, 200, {}, None), association_page)
    assert check.status is Status.FAIL and "not JSON" in check.message


def test_tolerated_variants_are_one_note() -> None:
    payload = {
        "associations": [
            {
                "id": "BUSINESSES_CONTACTS_ASSOCIATION",
                "associationType": "SYSTEM_DEFINED",
                "firstObjectKey": "business",
                "secondObjectKey": "contact",
            }
        ],
        "total": 1,
        "traceId": "t",
    }
    ok, note = shape_checks(Probe(LISTING, 200, {}, payload), association_page)
    assert ok.status is Status.OK and note.status is Status.NOTE
    assert "total" not in note.message and "without key or labels" in note.message


def test_the_documented_listing_shape_is_no_note() -> None:
    payload = {"associations": [], "total": 0, "traceId": "t"}
    assert [c.status for c in shape_checks(Probe(LISTING, 200, {}, payload), association_page)] == [
        Status.OK
    ]


def test_the_verdict_counts_requests_in_good_english() -> None:
    from ghlsync.engine.checkup import Checkup
    from ghlsync.render.checkup import render_checkup

    for requests, words in ((1, "(1 request)"), (2, "(2 requests)")):
        out = io.StringIO()
        render_checkup(Checkup("loc", (), requests), out)
        assert words in out.getvalue()


def test_an_unanswered_probe_has_no_shape_to_check() -> None:
    assert shape_checks(_refused(401, "no"), association_page) == []


def test_an_association_neither_declared_nor_live_fails() -> None:
    desired = _desired(
        relations=(_relation("ghost", "a", "b"),),
        relation_sources={"ghost": Source("ghlsync.yaml", 12)},
    )
    (check,) = association_checks(desired, {})
    assert check.status is Status.FAIL
    assert (
        check.message
        == "ghlsync.yaml:12: relations use ghost, neither declared nor in the location"
    )


def test_undocumented_pairs_warn_only_when_they_would_be_created() -> None:
    declared = {
        "manager": _declared("manager", "custom_objects.property", "business"),
        "owner": _declared("owner", "custom_objects.property", "contact"),
        "deal": _declared("deal", "custom_objects.property", "opportunity"),
    }
    (check,) = association_checks(_desired(associations=declared), {})
    assert check.status is Status.WARN and "manager pairs" in check.message
    live = {
        "manager": LiveAssociation(
            "m", "manager", Side("custom_objects.property", "A"), Side("business", "B")
        )
    }
    assert association_checks(_desired(associations=declared), live) == []


def test_file_needs_name_the_write_scopes_apply_uses() -> None:
    needs = FileNeeds.of(_desired(relations=(_relation("k", "a", "b"),)), ["contact", "contact"])
    assert needs.key_objects == ("contact",)
    assert needs.write_scopes() == ["associations.write", "associations/relation.write"]
    assert FileNeeds().write_scopes() == ["associations.write"]


def test_file_needs_name_the_read_scopes_per_family() -> None:
    needs = FileNeeds(True, ("custom_objects.property",), ("business", "custom_objects.property"))
    assert needs.read_scopes() == [
        "associations.readonly",
        "associations/relation.readonly",
        "objects/schema.readonly",
        "locations/customFields.readonly",
        "businesses.readonly",
        "objects/record.readonly",
    ]
    assert FileNeeds().read_scopes() == ["associations.readonly"]


def test_a_spent_quota_says_to_wait() -> None:
    check = access_check("token", "associations.readonly", _refused(429, "Too many"), "loc_1")
    assert check.status is Status.FAIL and check.fix == "wait until the rate limit or quota resets"


def test_a_checkup_passes_unless_a_check_fails() -> None:
    warned = Checkup("loc_1", (Check("t", Status.WARN, "m"), Check("t", Status.OK, "m")), 2)
    assert warned.passed and warned.counts() == {"ok": 1, "note": 0, "warn": 1, "FAIL": 0}
    failed = Checkup("loc_1", (Check("t", Status.FAIL, "m"),), 1)
    assert not failed.passed


@pytest.mark.parametrize(
    "hostile",
    [
        "Bearer pit-0123456789abcdef", "\x1b[2J100", "1e3", "-5", "٣", "²", "1" * 16,
        "100\n::error::x",
    ],
)
def test_rate_limit_headers_that_are_not_whole_numbers_are_named_never_printed(
    hostile: str,
) -> None:
    for name in ("X-RateLimit-Max", "X-RateLimit-Daily-Remaining"):
        checks = rate_limit_checks({**RATE_HEADERS, name: hostile})
        shown = " ".join(f"{check.message} {check.fix}" for check in checks)
        assert hostile.strip() not in shown and "\x1b" not in shown
        assert f"{name}: not a whole number" in shown
        assert sum(check.status is Status.OK for check in checks) == 1  # the other one is read


def test_rate_limit_numbers_are_shown_in_plain_digits() -> None:
    burst, _ = rate_limit_checks({**RATE_HEADERS, "X-RateLimit-Max": " 0100 "})
    assert burst.message == "100 requests per 10000 ms"
