"""The checks that make a saved plan a reviewed expectation rather than an authority.

``apply PLANFILE`` plans again from the configuration and the live location, and applies only
when that fresh plan is the saved one. A plan file whose changes, ids, gates or target were
edited therefore changes nothing: the edit shows up as a difference and the apply is refused.
"""

from __future__ import annotations

from ghlsync.commands.selection import Selection
from ghlsync.config import Resolved
from ghlsync.errors import PlanFileError
from ghlsync.values.plan import Plan

__all__ = [
    "check_configuration",
    "check_location",
    "saved_environment",
    "saved_targets",
]

_NOTHING_CHANGED = "nothing was changed"
_REPLAN = "run `ghlsync plan --out` again and review it"


def saved_environment(selection: Selection, saved: Plan) -> str | None:
    """The environment to apply in: the plan's own, which ``--env`` may only repeat."""
    if selection.environment is None or selection.environment == saved.environment:
        return saved.environment
    made_for = f"environment '{saved.environment}'" if saved.environment else "no environment"
    raise PlanFileError(
        f"the saved plan was made for {made_for}, not '{selection.environment}': "
        + _NOTHING_CHANGED
    )


def check_location(saved: Plan, location_id: str) -> None:
    """The location must be the plan's (checked before any request)."""
    if location_id != saved.location_id:
        raise PlanFileError(
            f"the saved plan is for location {saved.location_id}, but the configuration "
            f"targets {location_id}: {_NOTHING_CHANGED}"
        )
def saved_targets(selection: Selection, saved: Plan) -> tuple[str, ...]:
    """The association keys to apply: the plan's own, which ``--target`` may only repeat."""
    if not selection.targets or sorted(set(selection.targets)) == list(saved.targets):
        return saved.targets
    made_for = f"--target {', '.join(saved.targets)}" if saved.targets else "every association"
    raise PlanFileError(
        f"the saved plan was made for {made_for}, not --target {', '.join(selection.targets)}: "
        + _NOTHING_CHANGED
    )


def check_configuration(saved: Plan, resolved: Resolved) -> None:
    """The configuration must be the one the plan was made from (its location is checked
    before connecting, by :func:`check_location`)."""
    desired = resolved.desired
    if desired.config_digest != saved.config_digest:
        raise PlanFileError(
            f"the configuration ({desired.config_path}) is not the one the saved plan was made "
            f"from: {_REPLAN}; {_NOTHING_CHANGED}"
        )
