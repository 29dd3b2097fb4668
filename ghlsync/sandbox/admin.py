"""The sandbox's own endpoints under ``/_sandbox/`` (no auth, no faults, no rate limits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ghlsync.errors import UsageError
from ghlsync.sandbox.entities import Association, describe_error
from ghlsync.sandbox.faults import FaultSettings
from ghlsync.sandbox.inject import Injection, parse_injection
from ghlsync.sandbox.record_entries import parse_properties
from ghlsync.sandbox.resource import Answer
from ghlsync.sandbox.state import SandboxState, parse_records
from ghlsync.sandbox.wire import BodyInputs, Call, Rejection

__all__ = ["ADMIN_PREFIX", "AdminTarget", "dispatch_admin"]

ADMIN_PREFIX = "/_sandbox/"


class AdminTarget(Protocol):
    """What the admin endpoints may touch on the sandbox (called under its lock)."""

    @property
    def state(self) -> SandboxState: ...

    @property
    def faults(self) -> FaultSettings: ...

    def replace_state(self, state: SandboxState) -> None: ...

    def change_faults(self, settings: FaultSettings) -> None: ...

    def schedule_injection(self, injection: Injection) -> None: ...

    def injections(self) -> dict[str, object]: ...


AdminHandler = Callable[[AdminTarget, Call], Answer]


def _get_state(target: AdminTarget, _: Call) -> Answer:
    return 200, target.state.to_json()


def _put_state(target: AdminTarget, call: Call) -> Answer:
    if not isinstance(call.body.get("locations"), dict):
        raise Rejection(
            400,
            "PUT /_sandbox/state needs a whole state ({\"version\": 1, \"locations\": {...}}); "
            "the state was left unchanged (use POST /_sandbox/reset to empty it)",
        )
    target.replace_state(SandboxState.from_json(dict(call.body), origin="request body"))
    return 200, target.state.to_json()


def _add_association(target: AdminTarget, call: Call) -> Answer:
    """Add any association (SYSTEM_DEFINED too, with limits or cardinalities) to a location."""
    inputs = BodyInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    raw = call.body.get("association")
    if not isinstance(raw, dict):
        raise Rejection(400, "association must be an object in the state file's format")
    item = {"id": target.state.new_id(), **raw}
    try:
        association = Association.from_json(item)
        target.state.location(location_id).add_association(association)
    except (KeyError, TypeError, ValueError) as error:
        raise Rejection(400, f"invalid association: {describe_error(error)}") from None
    return 200, association.to_json()


def _reset(target: AdminTarget, _: Call) -> Answer:
    target.replace_state(SandboxState())
    return 200, target.state.to_json()


def _get_faults(target: AdminTarget, _: Call) -> Answer:
    return 200, target.faults.to_json()


def _put_faults(target: AdminTarget, call: Call) -> Answer:
    target.change_faults(target.faults.updated(call.body))
    return 200, target.faults.to_json()


def _set_records(target: AdminTarget, call: Call) -> Answer:
    inputs = BodyInputs(call)
    location_id = inputs.text("locationId")
    inputs.done()
    raw, add = call.body.get("records"), call.body.get("add") is True
    try:
        records = None if raw is None else parse_records(raw)
        properties = None if raw is None else parse_properties(raw)
        location = target.state.location(location_id)
        if add:
            location.add_records(records or {}, properties)
        else:
            location.set_records(records, properties)
    except (TypeError, ValueError) as error:
        raise Rejection(400, str(error)) from None
    return 200, {"locationId": location_id, "records": location.to_json().get("records")}


def _schedule_injection(target: AdminTarget, call: Call) -> Answer:
    target.schedule_injection(parse_injection(call.body))
    return 200, target.injections()


def _get_injections(target: AdminTarget, _: Call) -> Answer:
    return 200, target.injections()


_ADMIN_ROUTES: dict[str, dict[str, AdminHandler]] = {
    "state": {"GET": _get_state, "PUT": _put_state},
    "reset": {"POST": _reset},
    "faults": {"GET": _get_faults, "PUT": _put_faults},
    "records": {"POST": _set_records},
    "associations": {"POST": _add_association},
    "inject": {"GET": _get_injections, "POST": _schedule_injection},
}


def dispatch_admin(target: AdminTarget, call: Call) -> Answer:
    handlers = _ADMIN_ROUTES.get(call.path.removeprefix(ADMIN_PREFIX))
    if handlers is None:
        raise Rejection(404, f"Cannot {call.method} {call.path}")
    handler = handlers.get(call.method)
    if handler is None:
        raise Rejection(405, f"Cannot {call.method} {call.path}")
    try:
        return handler(target, call)
    except UsageError as error:
        raise Rejection(400, str(error)) from None
