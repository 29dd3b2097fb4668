"""The daily-quota warning before apply, and the GHLSYNC_RETRY_BACKOFF setting."""

from __future__ import annotations

import pytest

from ghlsync.client import RetrySettings
from ghlsync.connection import retry_settings
from ghlsync.engine.quota import daily_quota_warning, write_requests
from ghlsync.errors import UsageError
from ghlsync.values.plan import (
    Action,
    AssociationChange,
    AssociationValue,
    Change,
    Plan,
    RelationChange,
    RelationValue,
)
from ghlsync.values.state import RecordRef, Side

PROPERTY, OWNER = Side("custom_objects.property", "Property"), Side("contact", "Owner")


def _relation(action: Action, first: str) -> RelationChange:
    value = RelationValue("owner", RecordRef(first), RecordRef("c1"), "r1")
    before, after = (value, None) if action is Action.DELETE else (None, value)
    return RelationChange(action, before, after, "test", None)


def _association(action: Action) -> AssociationChange:
    value = AssociationValue("owner", PROPERTY, OWNER, "a1")
    before = None if action is Action.CREATE else value
    after = None if action is Action.DELETE else value
    return AssociationChange(action, before, after, "test", None)


def _plan(*changes: Change) -> Plan:
    return Plan("loc_q", None, changes, "cfg", "live")


MIXED = _plan(
    _association(Action.REPLACE),
    _association(Action.CREATE),
    _relation(Action.CREATE, "p1"),
    _relation(Action.DELETE, "p2"),
)


def test_a_replacement_costs_two_writes_every_other_change_one() -> None:
    assert write_requests(MIXED) == 5
    assert write_requests(_plan()) == 0


def test_no_warning_when_the_quota_is_unknown_or_enough() -> None:
    assert daily_quota_warning(MIXED, None, 10) is None
    assert daily_quota_warning(MIXED, 15, 10) is None


def test_the_warning_gives_the_need_and_what_is_left() -> None:
    warning = daily_quota_warning(MIXED, 14, 10)
    assert warning is not None
    assert "needs about 15 requests (5 writes + 10 reads to verify)" in warning
    assert "location loc_q has only 14 left of its daily quota" in warning
    assert "running `ghlsync apply` again once the quota resets converges" in warning


def test_retry_backoff_defaults_to_production_settings() -> None:
    assert retry_settings({}) == RetrySettings()
    assert retry_settings({"GHLSYNC_RETRY_BACKOFF": "  "}) == RetrySettings()


def test_retry_backoff_variable_sets_the_first_backoff() -> None:
    settings = retry_settings({"GHLSYNC_RETRY_BACKOFF": "0.05"})
    assert settings.initial_backoff == 0.05
    assert settings.max_attempts == RetrySettings().max_attempts


@pytest.mark.parametrize("raw", ["fast", "-1", "61", "nan"])
def test_a_bad_retry_backoff_is_a_usage_error_naming_the_variable(raw: str) -> None:
    with pytest.raises(UsageError, match=r"GHLSYNC_RETRY_BACKOFF must be a number of seconds"):
        retry_settings({"GHLSYNC_RETRY_BACKOFF": raw})
