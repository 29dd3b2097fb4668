"""The sandbox's own endpoints under ``/_sandbox/`` (no auth, no faults, no rate limits): the
state, faults and injections here, and the seeding endpoints resources bring (``admin``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ghlsync.errors import UsageError
from ghlsync.sandbox.faults import FaultSettings
from ghlsync.sandbox.inject import Injection, parse_injection
from ghlsync.sandbox.registry import RESOURCES
from ghlsync.sandbox.resource import Answer, Handler
from ghlsync.sandbox.state import SandboxState
from ghlsync.sandbox.wire import Call, Rejection

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


def _reset(target: AdminTarget, _: Call) -> Answer:
    target.replace_state(SandboxState())
    return 200, target.state.to_json()


def _get_faults(target: AdminTarget, _: Call) -> Answer:
    return 200, target.faults.to_json()


def _put_faults(target: AdminTarget, call: Call) -> Answer:
    target.change_faults(target.faults.updated(call.body))
    return 200, target.faults.to_json()


def _schedule_injection(target: AdminTarget, call: Call) -> Answer:
    target.schedule_injection(parse_injection(call.body))
    return 200, target.injections()


def _get_injections(target: AdminTarget, _: Call) -> Answer:
    return 200, target.injections()


def _on_state(handler: Handler) -> AdminHandler:
    """A resource's admin handler, given the state."""
    return lambda target, call: handler(target.state, call, "")


_ADMIN_ROUTES: dict[str, dict[str, AdminHandler]] = {
    "state": {"GET": _get_state, "PUT": _put_state},
    "reset": {"POST": _reset},
    "faults": {"GET": _get_faults, "PUT": _put_faults},
    "inject": {"GET": _get_injections, "POST": _schedule_injection},
    **{
        name: {method: _on_state(handler) for method, handler in handlers.items()}
        for resource in RESOURCES
        for name, handlers in resource.admin.items()
    },
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
