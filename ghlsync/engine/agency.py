"""The agency token: which planned changes need it, and what is said when it is missing.

GHL documents ``POST /objects/`` (creating a custom object) as Agency-Access: it is sent with
the agency token (``GHL_AGENCY_TOKEN``) and every other request with the location's token.
Without one, ``plan`` warns, ``apply`` refuses before any write and ``doctor`` fails the check
(docs/design.md, "The agency token").
"""

from __future__ import annotations

from collections.abc import Iterable

from ghlsync.errors import UsageError
from ghlsync.values.plan import Action, Kind, Plan
from ghlsync.values.token_variables import AGENCY_TOKEN_ENV

__all__ = ["AGENCY_TOKEN_ENV", "created_objects", "missing_token_message", "refuse_without"]


def created_objects(the_plan: Plan) -> list[str]:
    """The custom objects the plan creates (each one an Agency-Access request)."""
    return [
        change.address
        for change in the_plan.object_changes
        if change.kind is Kind.OBJECT and change.action is Action.CREATE
    ]


def missing_token_message(objects: Iterable[str]) -> str:
    names = ", ".join(objects)
    return (
        f"creating {names} needs an agency token (GHL documents POST /objects/ as "
        f"Agency-Access): set {AGENCY_TOKEN_ENV}; every other request uses the location's token"
    )


def refuse_without(the_plan: Plan, has_agency_token: bool) -> None:
    """UsageError, before anything is written, when the plan creates objects without one."""
    objects = created_objects(the_plan)
    if objects and not has_agency_token:
        raise UsageError(f"nothing was applied: {missing_token_message(objects)}")
